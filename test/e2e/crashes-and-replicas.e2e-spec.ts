import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TwilioSandbox } from '@loquent/twilio-sandbox';
import { DataSource } from 'typeorm';
import { issueToken } from '../../apps/api/src/auth/token-issuer';
import { ALL_PERMISSIONS } from '../../apps/api/src/auth/permissions';
import { OrganizationAdmin } from '../../apps/api/src/organizations/organization-admin';
import { dataSourceOptions } from '../../apps/api/src/persistence/data-source';
import { createTestDatabase, TestDatabase } from '../support/postgres/test-database';
import { ApiProcess } from '../support/process/api-process';

/**
 * The API as real processes (what `npm start` runs) on one PostgreSQL database and the Twilio
 * sandbox: killed with SIGKILL in the middle of purchases, and run as two replicas at once.
 */
jest.setTimeout(180_000);

const SECRET = randomBytes(32).toString('hex');
let database: TestDatabase;
let dataSource: DataSource;
let sandbox: TwilioSandbox;
let dataDir: string;
let organizationId: string;
let token: string;
const running: ApiProcess[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  dataSource = new DataSource(dataSourceOptions(database.url, 2));
  await dataSource.initialize();
  sandbox = await TwilioSandbox.start();
  dataDir = await mkdtemp(join(tmpdir(), 'loquent-replicas-'));
  await chmod(dataDir, 0o755);
  const admin = new OrganizationAdmin(dataSource.manager);
  ({ id: organizationId } = await admin.createOrganization('Acme'));
  await admin.createAnalyzer(organizationId, 'Summary', true);
  token = issueToken(SECRET, { organizationId, permissions: ALL_PERMISSIONS });
});

afterEach(async () => {
  while (running.length) await running.pop()!.stop('SIGKILL');
  sandbox.faults.reset();
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
    TWILIO_TIMEOUT_MS: '5000',
    AUTH_JWT_SECRET: SECRET,
    PURCHASE_RECONCILE_INTERVAL_MS: '300',
    PURCHASE_SETTLE_MS: '1000',
    // Counted in the database, the buy limit outlives a restart: these rounds buy more than 10.
    RATE_LIMIT_BUY_PER_MINUTE: '1000',
  });
  running.push(api);
  return api;
}

function post(api: ApiProcess, path: string, body: object): Promise<Response> {
  return fetch(`${api.url}${path}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
}

async function until(
  condition: () => Promise<boolean>,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const openIntents = async () =>
  Number(
    (await dataSource.query(`SELECT count(*) AS n FROM purchase_intent WHERE status = 'open'`))[0]
      .n,
  );

describe('an API process killed in the middle of purchases', () => {
  it('loses no purchase: after a restart every number Twilio sold is registered exactly once', async () => {
    const seeded = new Set(sandbox.ownedNumbers().map((n) => n.sid));
    const attempted: string[] = [];

    for (let round = 0; round < 6; round++) {
      const api = await startApi();
      // The purchases the last round left open block the same numbers (409) until this process's
      // reconciler settles them; a round that raced its start-up pass would buy nothing.
      await until(async () => (await openIntents()) === 0, 10_000, "the last round's purchases");
      const numbers = sandbox.availableNumbers('415').slice(0, 3);
      attempted.push(...numbers);
      const afterTwilioConfirmed = round % 2 === 0;
      if (afterTwilioConfirmed) {
        // Twilio buys the first number at once but answers late: kill in between.
        sandbox.faults.delayNext('purchaseNumber', { ms: 3_000, phase: 'after' });
      }
      const requests = numbers.map((number) =>
        post(api, '/api/twilio/buy-phone-number', { phone_number: number }).catch(() => null),
      );

      if (afterTwilioConfirmed) {
        await until(
          async () => sandbox.ownedNumbers().some((n) => numbers.includes(n.phoneNumber)),
          10_000,
          'a purchase',
        );
      } else {
        // Anywhere in the flow: before Twilio, during registration, while setting the voice URL...
        await new Promise((resolve) => setTimeout(resolve, 5 + ((round * 37) % 60)));
      }
      await api.stop('SIGKILL');
      running.pop();
      await Promise.all(requests);
    }

    await startApi();
    await until(
      async () => (await openIntents()) === 0,
      30_000,
      'the reconciler to close every purchase',
    );

    const bought = sandbox.ownedNumbers().filter((n) => !seeded.has(n.sid));
    expect(bought.length).toBeGreaterThan(0);
    const rows: { number: string; twilio_sid: string; analyzers: number }[] =
      await dataSource.query(
        `SELECT number, twilio_sid, (SELECT count(*)::int FROM phone_number_analyzer pa WHERE pa.phone_number_id = p.id) AS analyzers
       FROM phone_number p ORDER BY number`,
      );
    expect(rows.map((r) => [r.number, r.twilio_sid])).toEqual(
      bought.map((n) => [n.phoneNumber, n.sid]).sort(([a], [b]) => (a! < b! ? -1 : 1)),
    );
    expect(rows.every((r) => r.analyzers === 1)).toBe(true);
    expect(new Set(rows.map((r) => r.number)).size).toBe(rows.length);
    for (const number of attempted.filter((n) => !bought.some((b) => b.phoneNumber === n))) {
      expect(rows.some((r) => r.number === number)).toBe(false);
    }
  });
});

describe('two API processes on one database', () => {
  it('importing the same 1,000 numbers at once: 1,000 rows, no 500', async () => {
    const account = sandbox.createAccount('Replicas');
    sandbox.seedOwnedNumbers(1_000, { accountSid: account.accountSid, areaCodes: ['646'] });
    const sids = sandbox.ownedNumbers(account.accountSid).map((n) => n.sid);
    // Both replicas use that account as the platform's.
    const [first, second] = await Promise.all([startApiOn(account), startApiOn(account)]);

    const responses = await Promise.all(
      [first, second].map((api) => post(api, '/api/twilio/sync-numbers', { twilio_sids: sids })),
    );

    expect(responses.map((r) => r.status)).toEqual([200, 200]);
    const reports = (await Promise.all(responses.map((r) => r.json()))) as {
      imported: number;
      already_existed: number;
    }[];
    expect(reports[0]!.imported + reports[1]!.imported).toBe(1_000);
    expect(reports[0]!.already_existed + reports[1]!.already_existed).toBe(1_000);
    const [{ n }] = await dataSource.query(
      'SELECT count(*)::int AS n FROM phone_number WHERE twilio_sid = ANY($1)',
      [sids],
    );
    expect(n).toBe(1_000);
  });
});

async function startApiOn(account: { accountSid: string; authToken: string }): Promise<ApiProcess> {
  const api = await ApiProcess.start({
    LOQUENT_DATA_DIR: dataDir,
    DATABASE_URL: database.url,
    TWILIO_ACCOUNT_SID: account.accountSid,
    TWILIO_AUTH_TOKEN: account.authToken,
    TWILIO_API_BASE_URL: sandbox.url,
    AUTH_JWT_SECRET: SECRET,
  });
  running.push(api);
  return api;
}
