import { PurchaseReconciler } from '../../apps/api/src/phone-numbers/purchase-reconciler';
import { bearer, TestApi, TestOrganization } from '../support/api/test-api';

/**
 * Twilio failing at every step of the buy and import flows (500, 429, timeout, dropped
 * connection, before or after Twilio acted): each reply is a clear status, the database never
 * holds a half-registered number, and a number Twilio sold is never lost.
 */
const TIMEOUT_MS = 400;
let api: TestApi;
let org: TestOrganization;
const seededSids = new Set<string>();

beforeAll(async () => {
  api = await TestApi.start({ twilioTimeoutMs: TIMEOUT_MS, purchaseSettleMs: 0 });
  org = await api.createOrganization();
  api.sandbox.ownedNumbers().forEach((n) => seededSids.add(n.sid));
});

afterAll(() => api.close());

afterEach(async () => {
  api.sandbox.faults.reset();
  await expectNothingHalfDoneOrLost();
});

const nextAvailable = () => api.sandbox.availableNumbers('312')[0]!;
const buy = (phoneNumber: string) =>
  api.http
    .post('/api/twilio/buy-phone-number')
    .set(bearer(org.token))
    .send({ phone_number: phoneNumber });
const reconcile = () => api.app.get(PurchaseReconciler).runOnce();
const registered = async (number: string) =>
  (await api.dataSource.query('SELECT * FROM phone_number WHERE number = $1', [number])) as {
    voice_url_status: string;
  }[];
const boughtInTwilio = (number: string) =>
  api.sandbox.ownedNumbers().some((n) => n.phoneNumber === number);
const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function expectNothingHalfDoneOrLost(): Promise<void> {
  // A bought number is registered with its analyzers in one transaction, or not at all.
  const withoutAnalyzers = await api.dataSource.query(
    `SELECT number FROM phone_number p WHERE source = 'purchased'
     AND NOT EXISTS (SELECT 1 FROM phone_number_analyzer pa WHERE pa.phone_number_id = p.id)`,
  );
  expect(withoutAnalyzers).toEqual([]);
  // Every number Loquent bought is registered, or still an open purchase the reconciler will finish.
  const accounted: { number: string }[] = await api.dataSource.query(
    `SELECT number FROM phone_number UNION SELECT number FROM purchase_intent WHERE status = 'open'`,
  );
  const known = new Set(accounted.map((r) => r.number));
  const lost = api.sandbox
    .ownedNumbers()
    .filter((n) => !seededSids.has(n.sid) && !known.has(n.phoneNumber));
  expect(lost.map((n) => n.phoneNumber)).toEqual([]);
}

describe('buying while Twilio fails', () => {
  it('purchase answered 500 before buying: 502, nothing registered', async () => {
    const number = nextAvailable();
    api.sandbox.faults.failNext('purchaseNumber', {
      status: 500,
      code: 20500,
      message: 'Internal Server Error',
    });

    const response = await buy(number).expect(502);

    expect(response.body).toMatchObject({
      code: 'telephony_provider_unavailable',
      twilio_status: 500,
    });
    expect(boughtInTwilio(number)).toBe(false);
    expect(await registered(number)).toEqual([]);
  });

  it('purchase answered 500 after buying: the number is found in the account and registered (201)', async () => {
    const number = nextAvailable();
    api.sandbox.faults.failNext('purchaseNumber', {
      status: 500,
      code: 20500,
      message: 'Internal Server Error',
      phase: 'after',
    });

    await buy(number).expect(201);

    expect(await registered(number)).toHaveLength(1);
    expect(api.sandbox.countOf('purchaseNumber')).toBeGreaterThanOrEqual(1);
  });

  it('purchase rate limited: 503 with Retry-After, nothing bought', async () => {
    const number = nextAvailable();
    api.sandbox.faults.failNext('purchaseNumber', {
      status: 429,
      code: 20429,
      message: 'Too Many Requests',
      retryAfterSeconds: 30,
    });

    const response = await buy(number).expect(503);

    expect(response.headers['retry-after']).toBe('30');
    expect(boughtInTwilio(number)).toBe(false);
  });

  it('purchase refused for bad credentials: 502, nothing bought', async () => {
    api.sandbox.faults.failNext('purchaseNumber', {
      status: 401,
      code: 20003,
      message: 'Authenticate',
    });

    await buy(nextAvailable()).expect(502);
  });

  it('connection dropped before buying: 202 "being confirmed", then closed as not bought', async () => {
    const number = nextAvailable();
    api.sandbox.faults.dropNext('purchaseNumber');

    const response = await buy(number).expect(202);
    expect(response.body).toMatchObject({ status: 'pending_confirmation', phone_number: number });

    await reconcile();
    const [intent] = await api.dataSource.query(
      'SELECT status FROM purchase_intent WHERE number = $1',
      [number],
    );
    expect(intent.status).toBe('failed');
    expect(await registered(number)).toEqual([]);
  });

  it('connection dropped after buying: the number is found in the account and registered (201)', async () => {
    const number = nextAvailable();
    api.sandbox.faults.dropNext('purchaseNumber', { phase: 'after' });

    const response = await buy(number).expect(201);

    expect(response.body).toMatchObject({ number, voice_url_status: 'configured' });
    expect(await registered(number)).toHaveLength(1);
  });

  it('no answer after buying (timeout): found in the account and registered (201)', async () => {
    const number = nextAvailable();
    api.sandbox.faults.delayNext('purchaseNumber', { ms: TIMEOUT_MS * 3, phase: 'after' });

    await buy(number).expect(201);

    expect(await registered(number)).toHaveLength(1);
  });

  it('no answer while Twilio is still buying: 202, then the reconciler registers it once it lands', async () => {
    const number = nextAvailable();
    api.sandbox.faults.delayNext('purchaseNumber', { ms: TIMEOUT_MS * 3, phase: 'before' });

    await buy(number).expect(202);
    expect(await registered(number)).toEqual([]);

    await settle(TIMEOUT_MS * 3 + 200);
    expect(boughtInTwilio(number)).toBe(true);
    await reconcile();

    const [row] = await registered(number);
    expect(row).toMatchObject({
      organization_id: org.id,
      source: 'purchased',
      voice_url_status: 'configured',
    });
  });

  it('bought, but the account cannot be checked either: 202, registered by the reconciler', async () => {
    const number = nextAvailable();
    api.sandbox.faults.dropNext('purchaseNumber', { phase: 'after' });
    api.sandbox.faults.failNext('listIncomingNumbers', { status: 503, times: 3 });

    await buy(number).expect(202);
    await reconcile();

    expect(await registered(number)).toHaveLength(1);
    const phones = await api.http.get('/api/phones').set(bearer(org.token)).expect(200);
    expect(phones.body.map((n: { number: string }) => n.number)).toContain(number);
  });

  it.each([
    ['500', () => api.sandbox.faults.failNext('updateIncomingNumber', { status: 500, times: 3 })],
    [
      '429',
      () =>
        api.sandbox.faults.failNext('updateIncomingNumber', { status: 429, retryAfterSeconds: 30 }),
    ],
    [
      'a timeout',
      () => api.sandbox.faults.delayNext('updateIncomingNumber', { ms: TIMEOUT_MS * 3, times: 3 }),
    ],
    [
      'a dropped connection',
      () => api.sandbox.faults.dropNext('updateIncomingNumber', { times: 3 }),
    ],
  ])(
    'voice URL update failing with %s: 201, registered with voice_url_status "failed"',
    async (_, inject) => {
      const number = nextAvailable();
      inject();

      const response = await buy(number).expect(201);

      expect(response.body.voice_url_status).toBe('failed');
      expect(await registered(number)).toEqual([
        expect.objectContaining({ voice_url_status: 'failed' }),
      ]);
    },
  );
});

describe('importing while Twilio fails', () => {
  let sids: string[];
  /** The sids get-unsynced-numbers lists now, in its order. */
  const unsyncedSids = async (): Promise<string[]> => {
    const unsynced = await api.http
      .post('/api/twilio/get-unsynced-numbers')
      .set(bearer(org.token))
      .send({})
      .expect(200);
    return unsynced.body.numbers.map((n: { twilio_sid: string }) => n.twilio_sid);
  };

  beforeAll(async () => {
    api.sandbox.seedOwnedNumbers(1_500, { areaCodes: ['737'] });
    api.sandbox.ownedNumbers().forEach((n) => seededSids.add(n.sid));
    sids = (await unsyncedSids()).slice(0, 1000);
  });

  const sync = () =>
    api.http.post('/api/twilio/sync-numbers').set(bearer(org.token)).send({ twilio_sids: sids });
  // A listing under a minute old answers from its copy without asking Twilio: these imports come
  // later, when Twilio is read again and its failures reach them.
  beforeEach(() => api.ageListingsPastTheirCopies());

  it.each([
    [
      '500',
      502,
      () => api.sandbox.faults.failNext('listIncomingNumbers', { status: 500, times: 3 }),
    ],
    [
      '429',
      503,
      () =>
        api.sandbox.faults.failNext('listIncomingNumbers', { status: 429, retryAfterSeconds: 30 }),
    ],
    [
      'a timeout',
      503,
      () => api.sandbox.faults.delayNext('listIncomingNumbers', { ms: TIMEOUT_MS * 3, times: 3 }),
    ],
    [
      'a dropped connection',
      503,
      () => api.sandbox.faults.dropNext('listIncomingNumbers', { times: 3 }),
    ],
  ])(
    'listing failing with %s answers %i and registers nothing half-way',
    async (_, status, inject) => {
      const before = (await api.phoneNumberRows()).length;
      inject();

      await sync().expect(status);

      expect((await api.phoneNumberRows()).length).toBe(before);
    },
  );

  it('the second page failing keeps the first page imported; a retry finishes the rest', async () => {
    const selection = (await unsyncedSids()).slice(-1000);
    await api.ageListingsPastTheirCopies();
    api.sandbox.faults.failNext('listIncomingNumbers', { status: 500, times: 3, after: 1 });

    const failed = await api.http
      .post('/api/twilio/sync-numbers')
      .set(bearer(org.token))
      .send({ twilio_sids: selection });
    expect(failed.status).toBe(502);
    const [{ n: importedBeforeFailure }] = await api.dataSource.query(
      'SELECT count(*)::int AS n FROM phone_number WHERE twilio_sid = ANY($1)',
      [selection],
    );
    expect(importedBeforeFailure).toBeGreaterThan(0);
    expect(importedBeforeFailure).toBeLessThan(1000);
    const retry = await api.http
      .post('/api/twilio/sync-numbers')
      .set(bearer(org.token))
      .send({ twilio_sids: selection })
      .expect(200);

    expect(retry.body.already_existed).toBe(importedBeforeFailure);
    expect(retry.body.imported + retry.body.already_existed).toBe(1000);
  });

  it('imports from a listing made moments before even while Twilio fails', async () => {
    api.sandbox.seedOwnedNumbers(20, { areaCodes: ['737'] });
    const selection = (await unsyncedSids()).slice(-20);
    api.sandbox.faults.failNext('listIncomingNumbers', { status: 500, times: 3 });
    const pagesBefore = api.sandbox.countOf('listIncomingNumbers');

    const response = await api.http
      .post('/api/twilio/sync-numbers')
      .set(bearer(org.token))
      .send({ twilio_sids: selection })
      .expect(200);

    expect(response.body).toMatchObject({ imported: 20, not_in_account: [] });
    expect(api.sandbox.countOf('listIncomingNumbers')).toBe(pagesBefore);
    api.sandbox.faults.reset();
  });
});
