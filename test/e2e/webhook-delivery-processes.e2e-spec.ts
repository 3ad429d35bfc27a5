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
import { WebhookReceiver } from '../support/webhooks/webhook-receiver';

/**
 * Webhook delivery from real API processes (what `npm start` runs) on one PostgreSQL database:
 * killed with SIGKILL while an event waits for delivery, and run as two replicas at once.
 */
jest.setTimeout(180_000);

const SECRET = randomBytes(32).toString('hex');
let database: TestDatabase;
let dataSource: DataSource;
let sandbox: TwilioSandbox;
let dataDir: string;
const running: ApiProcess[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  dataSource = new DataSource(dataSourceOptions(database.url, 2));
  await dataSource.initialize();
  sandbox = await TwilioSandbox.start();
  dataDir = await mkdtemp(join(tmpdir(), 'loquent-webhooks-'));
  await chmod(dataDir, 0o755);
});

afterEach(async () => {
  while (running.length) await running.pop()!.stop('SIGKILL');
});

afterAll(async () => {
  await sandbox.stop();
  await dataSource.destroy();
  await database.drop();
  await rm(dataDir, { recursive: true, force: true });
});

async function startApi(): Promise<ApiProcess> {
  const api = await ApiProcess.start({
    LOQUENT_DATA_DIR: dataDir,
    DATABASE_URL: database.url,
    TWILIO_ACCOUNT_SID: sandbox.accountSid,
    TWILIO_AUTH_TOKEN: sandbox.authToken,
    TWILIO_API_BASE_URL: sandbox.url,
    AUTH_JWT_SECRET: SECRET,
    WEBHOOK_POLL_INTERVAL_MS: '500',
    WEBHOOK_RETRY_BASE_MS: '200',
    WEBHOOK_RETRY_MAX_DELAY_MS: '1000',
    WEBHOOK_TIMEOUT_MS: '5000',
  });
  running.push(api);
  return api;
}

async function organization(name: string): Promise<string> {
  const admin = new OrganizationAdmin(dataSource.manager);
  const { id } = await admin.createOrganization(name);
  return issueToken(SECRET, { organizationId: id, permissions: ALL_PERMISSIONS });
}

async function call<T>(
  api: ApiProcess,
  token: string,
  method: string,
  path: string,
  body?: object,
): Promise<T> {
  const response = await fetch(`${api.url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status}`);
  return (response.status === 204 ? null : await response.json()) as T;
}

async function until(condition: () => Promise<boolean>, what: string, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('an API process killed between the commit and the delivery', () => {
  it('delivers the event after a restart', async () => {
    const token = await organization('Killed');
    const receiver = await WebhookReceiver.start();
    await receiver.down();
    const first = await startApi();
    const hook = await call<{ id: string; secret: string }>(
      first,
      token,
      'POST',
      '/api/webhook-endpoints',
      { url: receiver.url },
    );
    const bought = await call<{ id: string }>(
      first,
      token,
      'POST',
      '/api/twilio/buy-phone-number',
      {
        phone_number: sandbox.availableNumbers('415')[0],
      },
    );
    const events = await call<{ id: string }[]>(
      first,
      token,
      'GET',
      `/api/phones/${bought.id}/events`,
    );
    expect(events).toHaveLength(2);
    // Committed, tried, not delivered: the receiver refuses connections.
    await until(async () => {
      const deliveries = await call<{ attempts: unknown[] }[]>(
        first,
        token,
        'GET',
        `/api/webhook-endpoints/${hook.id}/deliveries`,
      );
      return deliveries.some((d) => d.attempts.length > 0);
    }, 'a first attempt');
    await first.stop('SIGKILL');
    running.pop();
    expect(receiver.received).toEqual([]);

    await receiver.up();
    await startApi();
    await receiver.until(
      () => events.every((e) => receiver.ids().includes(e.id)),
      'both events after the restart',
      30_000,
    );
    for (const message of receiver.received)
      expect(WebhookReceiver.verify(hook.secret, message)).toBeTruthy();
    await receiver.down();
  });
});

describe('two API processes on one database', () => {
  it('deliver each event, and never both the same one at once', async () => {
    const token = await organization('Replicas');
    const receiver = await WebhookReceiver.start();
    // Slow answers: a second sender of one event would overlap the first.
    receiver.delayMs = 150;
    const [a, b] = [await startApi(), await startApi()];
    const hook = await call<{ id: string; secret: string }>(
      a,
      token,
      'POST',
      '/api/webhook-endpoints',
      { url: receiver.url },
    );
    const owned = Array.from({ length: 8 }, (_, i) =>
      sandbox.ownNumber({ phoneNumber: `+1347555${String(7000 + i)}` }),
    );
    const synced = await call<{ numbers: { id: string }[] }>(
      b,
      token,
      'POST',
      '/api/twilio/sync-numbers',
      {
        twilio_sids: owned.map((n) => n.sid),
      },
    );
    await Promise.all(
      synced.numbers.map((n, i) =>
        call(i % 2 ? a : b, token, 'PUT', `/api/phones/${n.id}`, { friendly_name: `Line ${i}` }),
      ),
    );
    const events = await call<{ id: string }[]>(a, token, 'GET', '/api/events?limit=100');
    expect(events).toHaveLength(16);

    await receiver.until(
      () => events.every((e) => receiver.ids().includes(e.id)),
      'every event at the receiver',
      30_000,
    );
    expect(receiver.maxConcurrentPerId).toBe(1);
    expect(receiver.ids().sort()).toEqual(events.map((e) => e.id).sort());
    for (const message of receiver.received)
      expect(WebhookReceiver.verify(hook.secret, message)).toBeTruthy();
    await receiver.down();
  });
});
