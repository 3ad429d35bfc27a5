import { randomUUID } from 'node:crypto';
import { describePhoneNumberRepositoryContract } from '@loquent/telephony-domain';
import { DataSource } from 'typeorm';
import { openTestDataSource } from '../../../../test/support/postgres/test-database';
import { TypeOrmPhoneNumberRepository } from './typeorm-phone-number.repository';

let dataSource: DataSource;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ dataSource, close } = await openTestDataSource());
});

afterAll(() => close());

describePhoneNumberRepositoryContract('TypeOrmPhoneNumberRepository on PostgreSQL', async () => {
  await dataSource.query(
    'TRUNCATE organization, phone_number, analyzer, phone_number_analyzer CASCADE',
  );
  const organizations = [randomUUID(), randomUUID()] as const;
  const analyzerId = randomUUID();
  await dataSource.query(
    `INSERT INTO organization (id, name) VALUES ($1, 'A'), ($2, 'B')`,
    organizations,
  );
  await dataSource.query(
    `INSERT INTO analyzer (id, organization_id, name, is_default) VALUES ($1, $2, 'Sentiment', true)`,
    [analyzerId, organizations[0]],
  );
  return {
    repository: new TypeOrmPhoneNumberRepository(dataSource),
    organizations,
    analyzerIds: [analyzerId],
  };
});
