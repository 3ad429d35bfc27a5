import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TwilioSandbox } from '@loquent/twilio-sandbox';
import { DataSource } from 'typeorm';
import { ALL_PERMISSIONS } from '../../apps/api/src/auth/permissions';
import { issueToken } from '../../apps/api/src/auth/token-issuer';
import { OrganizationAdmin } from '../../apps/api/src/organizations/organization-admin';
import { dataSourceOptions } from '../../apps/api/src/persistence/data-source';
import { createTestDatabase, TestDatabase } from '../support/postgres/test-database';
import { ApiProcess } from '../support/process/api-process';

jest.setTimeout(60_000);

let database: TestDatabase;
let dataSource: DataSource;
let sandbox: TwilioSandbox;
let dataDir: string;

beforeAll(async () => {
  database = await createTestDatabase();
  dataSource = new DataSource(dataSourceOptions(database.url, 2));
  await dataSource.initialize();
  sandbox = await TwilioSandbox.start();
  dataDir = await mkdtemp(join(tmpdir(), 'loquent-shutdown-'));
  await chmod(dataDir, 0o755);
});

afterAll(async () => {
  await sandbox.stop();
  await dataSource.destroy();
  await database.drop();
  await rm(dataDir, { recursive: true, force: true });
});

it('finishes the requests in flight on SIGTERM, refuses new ones, and exits cleanly', async () => {
  const secret = randomBytes(32).toString('hex');
  const api = await ApiProcess.start({
    LOQUENT_DATA_DIR: dataDir,
    DATABASE_URL: database.url,
    TWILIO_ACCOUNT_SID: sandbox.accountSid,
    TWILIO_AUTH_TOKEN: sandbox.authToken,
    TWILIO_API_BASE_URL: sandbox.url,
    AUTH_JWT_SECRET: secret,
    SHUTDOWN_TIMEOUT_MS: '10000',
  });
  const { id } = await new OrganizationAdmin(dataSource.manager).createOrganization('Acme');
  const token = issueToken(secret, { organizationId: id, permissions: ALL_PERMISSIONS });
  sandbox.faults.setLatency(1_500, 'searchAvailableNumbers');

  const inFlight = fetch(`${api.url}/api/twilio/search-available-numbers`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ area_code: '415' }),
  });
  await new Promise((resolve) => setTimeout(resolve, 300));
  const exited = api.stop('SIGTERM');
  await new Promise((resolve) => setTimeout(resolve, 200));
  const refused = await fetch(`${api.url}/health`).then(
    (r) => r.status,
    () => 'refused',
  );

  const response = await inFlight;
  expect(response.status).toBe(200);
  expect(((await response.json()) as { numbers: unknown[] }).numbers.length).toBeGreaterThan(0);
  expect(refused).toBe('refused');
  expect(await exited).toEqual({ code: 0, signal: null });
  expect(api.output).toContain('"msg":"stopping: finishing requests in flight"');
});
