import { randomUUID } from 'node:crypto';
import {
  aPhoneNumber,
  describePhoneNumberRepositoryContract,
} from '@loquent/telephony-domain/testing';
import { DataSource } from 'typeorm';
import { openTestDataSource } from '../../../../test/support/postgres/test-database';
import { TypeOrmPhoneNumberRepository } from './typeorm-phone-number.repository';

let dataSource: DataSource;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ dataSource, close } = await openTestDataSource());
});

afterAll(() => close());

describePhoneNumberRepositoryContract(
  { describe, it, beforeEach, afterEach, expect },
  'TypeOrmPhoneNumberRepository on PostgreSQL',
  async () => {
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
  },
);

describe('TypeOrmPhoneNumberRepository under concurrent imports', () => {
  it('lets ten concurrent imports of the same 500 numbers insert each row once, without an error', async () => {
    await dataSource.query(
      'TRUNCATE organization, phone_number, analyzer, phone_number_analyzer CASCADE',
    );
    const organizations = [randomUUID(), randomUUID()];
    await dataSource.query(
      `INSERT INTO organization (id, name) VALUES ($1, 'A'), ($2, 'B')`,
      organizations,
    );
    const repository = new TypeOrmPhoneNumberRepository(dataSource);
    const numbers = Array.from({ length: 500 }, (_, i) => ({
      number: `+1650555${i.toString().padStart(4, '0')}`,
      sid: `PNc${i.toString(16).padStart(31, '0')}`,
    }));

    const results = await Promise.all(
      Array.from({ length: 10 }, (_, attempt) =>
        repository.insertMany(
          numbers.map(({ number, sid }) =>
            aPhoneNumber()
              .withOrganization(organizations[attempt % 2]!)
              .withNumber(number)
              .withTwilioSid(sid)
              .build(),
          ),
        ),
      ),
    );

    const inserted = results.reduce((sum, r) => sum + r.inserted.length, 0);
    const existed = results.reduce((sum, r) => sum + r.alreadyExisted.length, 0);
    expect(inserted).toBe(500);
    expect(existed).toBe(9 * 500);
    const [{ count }] = await dataSource.query('SELECT count(*)::int AS count FROM phone_number');
    expect(count).toBe(500);
  });
});
