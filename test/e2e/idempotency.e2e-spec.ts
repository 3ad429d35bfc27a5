import { bearer, TestApi, TestOrganization } from '../support/api/test-api';

let api: TestApi;
let org: TestOrganization;
let other: TestOrganization;

beforeAll(async () => {
  api = await TestApi.start();
  org = await api.createOrganization('Acme');
  other = await api.createOrganization('Globex');
});

afterAll(() => api.close());
afterEach(() => api.sandbox.faults.reset());

let keys = 0;
const newKey = () => `key-${Date.now()}-${++keys}`;
const nextAvailable = () => api.sandbox.availableNumbers('415')[0]!;

const buy = (body: object, key?: string, token = org.token) => {
  const request = api.http.post('/api/twilio/buy-phone-number').set(bearer(token));
  return (key === undefined ? request : request.set('Idempotency-Key', key)).send(body);
};

describe('Idempotency-Key on buy-phone-number', () => {
  it('returns the first response to a retry with the same key and body, buying once', async () => {
    const key = newKey();
    const body = { phone_number: nextAvailable(), friendly_name: 'Front desk' };

    const first = await buy(body, key).expect(201);
    // The same request, its fields in another order.
    const retry = await buy(
      { friendly_name: 'Front desk', phone_number: body.phone_number },
      key,
    ).expect(201);

    expect(retry.body).toEqual(first.body);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(
      api.sandbox.ownedNumbers().filter((n) => n.phoneNumber === body.phone_number),
    ).toHaveLength(1);
  });

  it('refuses the same key with another body (422), buying nothing', async () => {
    const key = newKey();
    await buy({ phone_number: nextAvailable() }, key).expect(201);
    const purchases = api.sandbox.countOf('purchaseNumber');

    const response = await buy({ phone_number: nextAvailable() }, key).expect(422);

    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ status: 422, code: 'idempotency_key_reused' });
    expect(api.sandbox.countOf('purchaseNumber')).toBe(purchases);
  });

  it('answers 409 with Retry-After while the first request with the key is in flight', async () => {
    const key = newKey();
    const body = { phone_number: nextAvailable() };
    api.sandbox.faults.setLatency(500, 'purchaseNumber');

    // supertest sends a request when it is awaited: start the first one now.
    const first = buy(body, key).then((response) => response);
    await new Promise((resolve) => setTimeout(resolve, 150));
    const second = await buy(body, key).expect(409);

    expect(second.body).toMatchObject({ code: 'idempotency_key_in_flight' });
    expect(second.headers['retry-after']).toBe('1');
    expect((await first).status).toBe(201);
  });

  it('gives twenty concurrent retries of one request, with one key, one purchase and identical responses', async () => {
    const key = newKey();
    const body = { phone_number: nextAvailable() };
    api.sandbox.faults.setLatency(200, 'purchaseNumber');
    const purchases = api.sandbox.countOf('purchaseNumber');

    // Each client retries, as told by Retry-After (shortened here), until it gets an answer.
    const client = async () => {
      for (;;) {
        const response = await buy(body, key);
        if (response.status !== 409) return response;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    const responses = await Promise.all(Array.from({ length: 20 }, client));

    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(201));
    expect(new Set(responses.map((r) => r.text)).size).toBe(1);
    expect(api.sandbox.countOf('purchaseNumber') - purchases).toBe(1);
  });

  it('keeps keys per organization', async () => {
    const key = newKey();
    const mine = await buy({ phone_number: nextAvailable() }, key).expect(201);

    const theirs = await buy({ phone_number: nextAvailable() }, key, other.token).expect(201);

    expect(theirs.body.id).not.toBe(mine.body.id);
  });

  it('replays a refusal too, with its problem body', async () => {
    const key = newKey();
    const body = { phone_number: '+15005550000' };

    const first = await buy(body, key).expect(409);
    const retry = await buy(body, key).expect(409);

    expect(retry.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(retry.body).toEqual({ ...first.body, instance: undefined });
    expect(retry.headers['idempotent-replayed']).toBe('true');
  });

  it('lets a retry run again after a server-side failure (Twilio down), still buying once', async () => {
    const key = newKey();
    const body = { phone_number: nextAvailable() };
    api.sandbox.faults.failNext('purchaseNumber', {
      status: 401,
      code: 20003,
      message: 'Authenticate',
    });
    await buy(body, key).expect(502);

    const retry = await buy(body, key).expect(201);

    expect(retry.headers['idempotent-replayed']).toBeUndefined();
    expect(
      api.sandbox.ownedNumbers().filter((n) => n.phoneNumber === body.phone_number),
    ).toHaveLength(1);
  });

  it('forgets a key after 24 hours', async () => {
    const key = newKey();
    await buy({ phone_number: nextAvailable() }, key).expect(201);
    await api.dataSource.query(
      `UPDATE idempotency_key SET expires_at = now() - interval '1 second' WHERE key = $1`,
      [key],
    );

    await buy({ phone_number: nextAvailable() }, key).expect(201);
  });

  it.each(['', 'x'.repeat(256), 'has space', 'é'])('refuses the key %j with 400', async (key) => {
    const response = await buy({ phone_number: nextAvailable() }, key).expect(400);

    expect(response.body.code).toBe('invalid_idempotency_key');
  });

  it('accepts the structured-field form of the header, "quoted"', async () => {
    const key = newKey();
    const body = { phone_number: nextAvailable() };
    const first = await buy(body, `"${key}"`).expect(201);

    const retry = await buy(body, key).expect(201);

    expect(retry.body).toEqual(first.body);
  });
});

describe('Idempotency-Key on sync-numbers', () => {
  it('replays the first import report', async () => {
    const key = newKey();
    const sids = api.sandbox
      .ownedNumbers()
      .slice(0, 2)
      .map((n) => n.sid);

    const first = await api.http
      .post('/api/twilio/sync-numbers')
      .set(bearer(org.token))
      .set('Idempotency-Key', key)
      .send({ twilio_sids: sids })
      .expect(200);
    const retry = await api.http
      .post('/api/twilio/sync-numbers')
      .set(bearer(org.token))
      .set('Idempotency-Key', key)
      .send({ twilio_sids: sids })
      .expect(200);
    const withoutKey = await api.http
      .post('/api/twilio/sync-numbers')
      .set(bearer(org.token))
      .send({ twilio_sids: sids })
      .expect(200);

    expect(first.body.imported).toBe(2);
    expect(retry.body).toEqual(first.body);
    expect(withoutKey.body).toMatchObject({ imported: 0, already_existed: 2 });
  });
});

describe('concurrent purchases of one number', () => {
  it.each([
    ['one organization', () => [org.token]],
    ['two organizations', () => [org.token, other.token]],
  ])('from %s: one purchase reaches Twilio, one 201 and the others 409', async (_, tokens) => {
    const number = nextAvailable();
    const purchases = api.sandbox.countOf('purchaseNumber');
    api.sandbox.faults.setLatency(100, 'purchaseNumber');

    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        buy({ phone_number: number }, undefined, tokens()[i % tokens().length]),
      ),
    );

    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([201, ...Array(19).fill(409)]);
    expect(api.sandbox.countOf('purchaseNumber') - purchases).toBe(1);
    const codes = new Set(responses.filter((r) => r.status === 409).map((r) => r.body.code));
    expect(
      [...codes].every((c) => c === 'purchase_in_progress' || c === 'number_already_registered'),
    ).toBe(true);
    const rows = await api.dataSource.query(
      'SELECT count(*)::int AS n FROM phone_number WHERE number = $1',
      [number],
    );
    expect(rows).toEqual([{ n: 1 }]);
  });
});
