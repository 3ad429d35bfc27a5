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

/**
 * Credentials never leave the API: not in responses, not in the database in clear, not in its
 * output. The API runs as a real process, its every log line captured, through the flows that
 * handle secrets: connecting an account (right and wrong), a token that stops working, calls.
 */
jest.setTimeout(60_000);

let database: TestDatabase;
let dataSource: DataSource;
let sandbox: TwilioSandbox;
let dataDir: string;
let api: ApiProcess;

beforeAll(async () => {
  database = await createTestDatabase();
  dataSource = new DataSource(dataSourceOptions(database.url, 2));
  await dataSource.initialize();
  sandbox = await TwilioSandbox.start();
  dataDir = await mkdtemp(join(tmpdir(), 'loquent-secrets-'));
  await chmod(dataDir, 0o755);
});

afterAll(async () => {
  await api?.stop();
  await sandbox.stop();
  await dataSource.destroy();
  await database.drop();
  await rm(dataDir, { recursive: true, force: true });
});

it('logs JSON lines carrying the request id, and keeps every secret out of them', async () => {
  const jwtSecret = randomBytes(32).toString('hex');
  const encryptionKey = randomBytes(32).toString('hex');
  api = await ApiProcess.start({
    LOQUENT_DATA_DIR: dataDir,
    DATABASE_URL: database.url,
    TWILIO_ACCOUNT_SID: sandbox.accountSid,
    TWILIO_AUTH_TOKEN: sandbox.authToken,
    TWILIO_API_BASE_URL: sandbox.url,
    AUTH_JWT_SECRET: jwtSecret,
    CREDENTIALS_ENCRYPTION_KEY: encryptionKey,
  });
  const { id: organizationId } = await new OrganizationAdmin(dataSource.manager).createOrganization(
    'Acme',
  );
  const bearer = issueToken(jwtSecret, { organizationId, permissions: ALL_PERMISSIONS });
  let requests = 0;
  const call = (method: string, path: string, body?: object) =>
    fetch(`${api.url}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${bearer}`,
        'Content-Type': 'application/json',
        'X-Request-Id': `secrets-test-${++requests}`,
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
  const own = sandbox.createAccount('Acme Twilio');
  const wrongToken = 'c'.repeat(32);

  const refused = await call('POST', '/api/twilio/connect', {
    account_sid: own.accountSid,
    auth_token: wrongToken,
  });
  const connected = await call('POST', '/api/twilio/connect', {
    account_sid: own.accountSid,
    auth_token: own.authToken,
  });
  sandbox.setAuthToken(own.accountSid, 'd'.repeat(32));
  const failing = await call('GET', '/api/twilio/connection');
  const failedBuy = await call('POST', '/api/twilio/buy-phone-number', {
    phone_number: sandbox.availableNumbers('415')[0],
  });
  const bodies = await Promise.all([refused, connected, failing, failedBuy].map((r) => r.text()));
  await api.stop();

  expect([refused.status, connected.status, failing.status, failedBuy.status]).toEqual([
    422, 200, 200, 502,
  ]);
  const secrets = [own.authToken, wrongToken, sandbox.authToken, bearer, jwtSecret, encryptionKey];
  for (const secret of secrets) {
    expect(api.output).not.toContain(secret);
    for (const body of bodies) expect(body).not.toContain(secret);
  }
  const [row] = await dataSource.query(
    'SELECT auth_token_encrypted FROM twilio_account_connection',
  );
  expect(row.auth_token_encrypted).not.toContain(own.authToken);
  // Structured: one JSON object a line, the request's lines carrying its id.
  const lines = api.output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  const ofBuy = lines.filter((line) => line.reqId === 'secrets-test-4');
  expect(ofBuy.map((line) => line.msg)).toEqual(
    expect.arrayContaining(['twilio call', 'request errored']),
  );
  expect(ofBuy.find((line) => line.msg === 'twilio call')).toMatchObject({
    operation: 'purchaseNumber',
    status: 401,
    outcome: 'client_error',
    durationMs: expect.any(Number),
  });
  expect(ofBuy.find((line) => line.msg === 'request errored')).toMatchObject({
    req: { method: 'POST', url: '/api/twilio/buy-phone-number' },
    res: { statusCode: 502 },
  });
});
