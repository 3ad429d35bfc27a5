import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { ALL_PERMISSIONS } from '../../apps/api/src/auth/permissions';
import { issueToken } from '../../apps/api/src/auth/token-issuer';
import { OrganizationAdmin } from '../../apps/api/src/organizations/organization-admin';
import { dataSourceOptions } from '../../apps/api/src/persistence/data-source';
import { TwilioSandbox } from '@loquent/twilio-sandbox';
import { ApiProcess } from '../support/process/api-process';
import { createTestDatabase, TestDatabase } from '../support/postgres/test-database';

/**
 * Credentials a client puts where it should not (a query parameter, User-Agent, Referer, a custom
 * header, the path) never reach the logs. The API runs as a real process and its whole output,
 * every line, is searched for them; the lines are still written, with the secret censored.
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
  dataDir = await mkdtemp(join(tmpdir(), 'loquent-redaction-'));
  await chmod(dataDir, 0o755);
});

afterAll(async () => {
  await api?.stop();
  await sandbox.stop();
  await dataSource.destroy();
  await database.drop();
  await rm(dataDir, { recursive: true, force: true });
});

const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * A JWT whose payload and signature segments are unique to `where`, so a leak says where from;
 * short enough (under 128 characters) to pass for a request id.
 */
function jwt(where: string): { token: string; secrets: string[] } {
  const payload = base64url({ sub: where, n: randomBytes(4).toString('hex') });
  const signature = randomBytes(24).toString('base64url');
  return {
    token: `${base64url({ alg: 'HS256' })}.${payload}.${signature}`,
    secrets: [payload, signature],
  };
}

it('keeps JWTs and credential parameters out of every log line, wherever the client put them', async () => {
  const jwtSecret = randomBytes(32).toString('hex');
  api = await ApiProcess.start({
    LOQUENT_DATA_DIR: dataDir,
    DATABASE_URL: database.url,
    TWILIO_ACCOUNT_SID: sandbox.accountSid,
    TWILIO_AUTH_TOKEN: sandbox.authToken,
    TWILIO_API_BASE_URL: sandbox.url,
    AUTH_JWT_SECRET: jwtSecret,
    CREDENTIALS_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
  });
  const { id: organizationId } = await new OrganizationAdmin(dataSource.manager).createOrganization(
    'Acme',
  );
  const bearer = issueToken(jwtSecret, { organizationId, permissions: ALL_PERMISSIONS });
  const [
    inAccessToken,
    inToken,
    inUserAgent,
    inReferer,
    inCustomHeader,
    inRequestId,
    inPath,
    inBadBearer,
  ] = [
    'access_token',
    'token',
    'user-agent',
    'referer',
    'custom-header',
    'request-id',
    'path',
    'bearer',
  ].map(jwt);
  const plainSecrets = ['hunter2-plain', 'k3y-plain', 'sig-plain', 'sess-plain', 'twilio-plain'];
  const call = (path: string, headers: Record<string, string> = {}, init: RequestInit = {}) =>
    fetch(`${api.url}${path}`, {
      ...init,
      headers: {
        Authorization: `Bearer ${bearer}`,
        'Content-Type': 'application/json',
        ...headers,
      },
    });

  // Unknown query parameters are refused (400), and logged like any other request.
  const statuses = [
    (await call(`/api/phones?access_token=${inAccessToken!.token}`, { 'X-Request-Id': 'redact-1' }))
      .status,
    (
      await call(
        `/api/phones?limit=5&token=${inToken!.token}&Password=hunter2-plain&API_KEY=k3y-plain&X-Amz-Signature=sig-plain`,
        { 'X-Request-Id': 'redact-2' },
      )
    ).status,
    (
      await call('/api/phones', {
        'X-Request-Id': 'redact-3',
        'User-Agent': `curl/8.5 (${inUserAgent!.token})`,
        Referer: `https://app.example/settings?session=sess-plain&access_token=${inReferer!.token}`,
        'X-Debug-Token': inCustomHeader!.token,
      })
    ).status,
    (await call('/api/phones', { 'X-Request-Id': inRequestId!.token })).status,
    (await call(`/api/phones/${inPath!.token}`, { 'X-Request-Id': 'redact-5' })).status,
    (
      await call('/api/phones', {
        Authorization: `Bearer ${inBadBearer!.token}`,
        'X-Request-Id': 'redact-6',
      })
    ).status,
  ];
  // A server-side failure: its error line quotes the URL the client called.
  sandbox.faults.failNext('purchaseNumber', { status: 401, code: 20003 });
  const failed = await call(
    '/api/twilio/buy-phone-number?auth_token=twilio-plain',
    { 'X-Request-Id': 'redact-7' },
    {
      method: 'POST',
      body: JSON.stringify({ phone_number: sandbox.availableNumbers('415')[0] }),
    },
  );
  const echoedRequestId = (
    await call('/api/phones', { 'X-Request-Id': inRequestId!.token })
  ).headers.get('x-request-id');
  await api.stop();

  expect([...statuses, failed.status]).toEqual([400, 400, 200, 200, 400, 401, 502]);
  const leaks = [
    inAccessToken,
    inToken,
    inUserAgent,
    inReferer,
    inCustomHeader,
    inRequestId,
    inPath,
    inBadBearer,
  ]
    .flatMap((leak) => leak!.secrets)
    .concat(plainSecrets, [bearer.split('.')[2]!])
    .filter((secret) => api.output.includes(secret));
  expect(leaks).toEqual([]);

  // The lines are there, censored rather than dropped.
  const lines = api.output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map(
      (line) =>
        JSON.parse(line) as {
          reqId?: string;
          msg?: string;
          req?: Record<string, string>;
          err?: { message?: string };
        },
    );
  const requestLine = (id: string) => lines.find((line) => line.reqId === id && line.req);
  expect(requestLine('redact-1')?.req?.url).toBe('/api/phones?access_token=[redacted]');
  expect(requestLine('redact-2')?.req?.url).toBe(
    '/api/phones?limit=5&token=[redacted]&Password=[redacted]&API_KEY=[redacted]&X-Amz-Signature=[redacted]',
  );
  expect(requestLine('redact-3')?.req?.userAgent).toBe('curl/8.5 ([redacted jwt])');
  expect(requestLine('redact-5')?.req?.url).toBe('/api/phones/[redacted jwt]');
  expect(requestLine('redact-6')).toBeDefined();
  // A JWT is no request id: the API made its own, and echoed that.
  expect(echoedRequestId).toMatch(/^[0-9a-f-]{36}$/);
  const errorLine = lines.find(
    (line) => line.reqId === 'redact-7' && line.err?.message?.includes('failed'),
  );
  expect(errorLine?.err?.message).toContain(
    '/api/twilio/buy-phone-number?auth_token=[redacted] failed',
  );
});
