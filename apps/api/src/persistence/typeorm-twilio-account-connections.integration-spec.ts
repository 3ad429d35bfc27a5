import { randomBytes, randomUUID } from 'node:crypto';
import { describeTwilioAccountConnectionsContract } from '@loquent/telephony-domain/testing';
import { DataSource } from 'typeorm';
import { openTestDataSource } from '../../../../test/support/postgres/test-database';
import { CredentialsCipher } from '../twilio-accounts/credentials-cipher';
import { TwilioTokenVault } from '../twilio-accounts/twilio-token-vault';
import { TypeOrmTwilioAccountConnections } from './typeorm-twilio-account-connections';

let dataSource: DataSource;
let close: () => Promise<void>;
let organizations: [string, string, string];
const vault = new TwilioTokenVault(new CredentialsCipher(randomBytes(32)));

beforeAll(async () => {
  ({ dataSource, close } = await openTestDataSource());
});

afterAll(() => close());

beforeEach(async () => {
  await dataSource.query('TRUNCATE organization, twilio_account_connection CASCADE');
  organizations = [randomUUID(), randomUUID(), randomUUID()];
  await dataSource.query(
    `INSERT INTO organization (id, name) VALUES ($1, 'A'), ($2, 'B'), ($3, 'C')`,
    organizations,
  );
});

describeTwilioAccountConnectionsContract(
  { describe, it, beforeEach, afterEach, expect },
  'TypeOrmTwilioAccountConnections on PostgreSQL',
  async () => ({
    connections: new TypeOrmTwilioAccountConnections(dataSource, vault),
    open: (connection) => vault.open(connection),
    organizations,
  }),
);
