import { bearer, PUBLIC_BASE_URL, TestApi, TestOrganization } from '../support/api/test-api';
import { expectProblem } from '../support/api/untouched';

/**
 * An Idempotency-Key keeps final outcomes only. A transient answer (a purchase of the number in
 * progress, Twilio rate limiting or unreachable) gives the key back, so the retry the client was
 * told to make does the work; a final one is replayed with its status, body and headers.
 */
let api: TestApi;
let org: TestOrganization;

beforeAll(async () => {
  api = await TestApi.start();
  org = await api.createOrganization();
});

afterAll(() => api.close());
afterEach(() => api.sandbox.faults.reset());

let keys = 0;
const newKey = () => `final-${++keys}`;
const nextAvailable = () => api.sandbox.availableNumbers('415')[0]!;

const buy = (body: object, key?: string) => {
  const request = api.http.post('/api/twilio/buy-phone-number').set(bearer(org.token));
  return (key === undefined ? request : request.set('Idempotency-Key', key)).send(body);
};

const storedKeys = async (key: string) =>
  (await api.dataSource.query('SELECT state, response_status FROM idempotency_key WHERE key = $1', [
    key,
  ])) as { state: string; response_status: number | null }[];

const purchasesOf = (number: string, status?: number) =>
  api.sandbox.requests.filter(
    (r) =>
      r.operation === 'purchaseNumber' &&
      r.form?.PhoneNumber === number &&
      (status === undefined || r.status === status),
  ).length;

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
}

describe('transient answers give the key back', () => {
  it('a buy answered 409 purchase_in_progress, retried with its key once the number is free, is a 201', async () => {
    const number = nextAvailable();
    const key = newKey();
    // Another request holds the number at Twilio for a while, then Twilio refuses it.
    api.sandbox.faults.setLatency(500, 'purchaseNumber');
    api.sandbox.faults.failNext('purchaseNumber', { status: 400, code: 21422 });
    const holder = buy({ phone_number: number }).then((response) => response);
    await until(() =>
      api.sandbox.requests.some((r) => r.operation === 'purchaseNumber' && r.status === null),
    );

    const busy = await buy({ phone_number: number }, key);

    expectProblem(busy, 409, 'purchase_in_progress');
    expect(busy.headers['retry-after']).toBe('5');
    expect(await storedKeys(key)).toEqual([]);
    expect((await holder).status).toBe(409);
    api.sandbox.faults.reset();

    const retry = await buy({ phone_number: number }, key).expect(201);

    expect(retry.headers['idempotent-replayed']).toBeUndefined();
    expect(retry.body.number).toBe(number);
    expect(purchasesOf(number, 201)).toBe(1);
    expect(await storedKeys(key)).toEqual([{ state: 'completed', response_status: 201 }]);
  });

  it('a buy answered 503 because Twilio rate limits, retried with its key, is a 201', async () => {
    const number = nextAvailable();
    const key = newKey();
    api.sandbox.faults.failNext('purchaseNumber', {
      status: 429,
      code: 20429,
      retryAfterSeconds: 2,
    });

    const limited = await buy({ phone_number: number }, key);

    expectProblem(limited, 503, 'telephony_provider_rate_limited');
    expect(limited.headers['retry-after']).toBe('2');
    expect(await storedKeys(key)).toEqual([]);

    const retry = await buy({ phone_number: number }, key).expect(201);

    expect(retry.headers['idempotent-replayed']).toBeUndefined();
    expect(purchasesOf(number, 201)).toBe(1);
  });

  it('an import answered 503 because Twilio cannot be reached, retried with its key, imports', async () => {
    const key = newKey();
    const sids = api.sandbox
      .ownedNumbers()
      .filter((n) => n.voiceUrl !== `${PUBLIC_BASE_URL}/twilio/voice`)
      .slice(0, 2)
      .map((n) => n.sid);
    api.sandbox.faults.dropNext('listIncomingNumbers', { times: 20 });
    api.sandbox.faults.dropNext('fetchIncomingNumber', { times: 20 });
    const sync = () =>
      api.http
        .post('/api/twilio/sync-numbers')
        .set(bearer(org.token))
        .set('Idempotency-Key', key)
        .send({ twilio_sids: sids });

    const outage = await sync();

    expectProblem(outage, 503, 'telephony_provider_unavailable');
    expect(await storedKeys(key)).toEqual([]);
    api.sandbox.faults.reset();

    const retry = await sync().expect(200);

    expect(retry.headers['idempotent-replayed']).toBeUndefined();
    expect(retry.body.imported).toBe(2);
  });

  it('a 502 (Twilio refused the credentials) gives the key back too', async () => {
    const number = nextAvailable();
    const key = newKey();
    api.sandbox.faults.failNext('purchaseNumber', { status: 401, code: 20003 });

    expectProblem(await buy({ phone_number: number }, key), 502);
    expect(await storedKeys(key)).toEqual([]);

    await buy({ phone_number: number }, key).expect(201);
  });
});

describe('final answers are replayed with their headers', () => {
  it('a 201 is replayed with its body, Location and Idempotent-Replayed', async () => {
    const key = newKey();
    const body = { phone_number: nextAvailable(), friendly_name: 'Front desk' };

    const first = await buy(body, key).expect(201);
    const replay = await buy(body, key).expect(201);

    expect(first.headers.location).toBe(`${PUBLIC_BASE_URL}/api/phones/${first.body.id}`);
    expect(replay.headers.location).toBe(first.headers.location);
    expect(replay.headers['content-type']).toMatch(/^application\/json/);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body).toEqual(first.body);
  });

  it.each([
    ['an invalid number', { phone_number: 'nope' }],
    ['an unknown field', { phone_number: '+14155550100', surprise: true }],
    ['a friendly name too long', { phone_number: '+14155550100', friendly_name: 'x'.repeat(65) }],
  ])('a 400 for %s is replayed as problem+json, buying nothing', async (_, body) => {
    const key = newKey();
    const purchases = api.sandbox.countOf('purchaseNumber');

    const first = await buy(body, key);
    const replay = await buy(body, key);

    expectProblem(first, 400);
    expectProblem(replay, 400);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body).toEqual({ ...first.body, instance: undefined });
    expect(await storedKeys(key)).toEqual([{ state: 'completed', response_status: 400 }]);
    expect(api.sandbox.countOf('purchaseNumber')).toBe(purchases);
  });

  it('a 409 that no retry changes (already registered) is replayed', async () => {
    const number = nextAvailable();
    await buy({ phone_number: number }).expect(201);
    const key = newKey();

    const first = await buy({ phone_number: number }, key);
    const replay = await buy({ phone_number: number }, key);

    expectProblem(first, 409, 'number_already_registered');
    expectProblem(replay, 409, 'number_already_registered');
    expect(replay.headers['idempotent-replayed']).toBe('true');
  });
});
