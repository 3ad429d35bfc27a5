import { randomUUID } from 'node:crypto';
import { describePurchasePreconditionsContract } from '@loquent/telephony-domain/testing';
import { DataSource } from 'typeorm';
import { openTestDataSource } from '../../../../test/support/postgres/test-database';
import { TypeOrmPhoneNumberRepository } from './typeorm-phone-number.repository';
import { TypeOrmPurchasePreconditions } from './typeorm-purchase-preconditions';

let dataSource: DataSource;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ dataSource, close } = await openTestDataSource());
});

afterAll(() => close());

describePurchasePreconditionsContract(
  { describe, it, beforeEach, afterEach, expect },
  'TypeOrmPurchasePreconditions on PostgreSQL',
  async () => {
    await dataSource.query('TRUNCATE organization, phone_number, analyzer CASCADE');
    const organizations = [randomUUID(), randomUUID()] as const;
    await dataSource.query(
      `INSERT INTO organization (id, name) VALUES ($1, 'A'), ($2, 'B')`,
      organizations,
    );
    const repository = new TypeOrmPhoneNumberRepository(dataSource);
    return {
      preconditions: new TypeOrmPurchasePreconditions(dataSource),
      organizations,
      register: (phoneNumber) => repository.save(phoneNumber),
      setDefaultAnalyzers: async (organizationId, analyzerIds) => {
        // Beside each default, one that is not: only the defaults are read.
        await dataSource.query(
          `INSERT INTO analyzer (id, organization_id, name, is_default)
           SELECT id, $2::uuid, 'Default', true FROM unnest($1::uuid[]) AS id
           UNION ALL SELECT gen_random_uuid(), $2::uuid, 'Other', false`,
          [analyzerIds, organizationId],
        );
      },
    };
  },
);
