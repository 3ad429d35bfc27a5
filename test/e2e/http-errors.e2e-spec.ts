import { bearer, TestApi, TestOrganization } from '../support/api/test-api';

let api: TestApi;
let org: TestOrganization;

beforeAll(async () => {
  api = await TestApi.start();
  org = await api.createOrganization();
});

afterAll(() => api.close());

describe('errors are application/problem+json', () => {
  it('answers malformed JSON with 400 and changes nothing', async () => {
    const response = await api.http
      .post('/api/twilio/buy-phone-number')
      .set(bearer(org.token))
      .set('Content-Type', 'application/json')
      .send('{"phone_number": "+15005550006"')
      .expect(400);

    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({
      status: 400,
      code: 'malformed_body',
      title: expect.any(String),
      detail: expect.any(String),
    });
    expect(api.sandbox.countOf('purchaseNumber')).toBe(0);
  });

  it('answers a body over 100 kB with 413', async () => {
    const response = await api.http
      .post('/api/twilio/sync-numbers')
      .set(bearer(org.token))
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ twilio_sids: ['PN' + 'a'.repeat(32)], padding: 'x'.repeat(110_000) }))
      .expect(413);

    expect(response.body).toMatchObject({ status: 413, code: 'payload_too_large' });
  });

  it('accepts a body just under the limit (then judges its content)', async () => {
    const sids = Array.from({ length: 1000 }, (_, i) => `PN${i.toString(16).padStart(32, '0')}`);
    expect(JSON.stringify({ twilio_sids: sids }).length).toBeLessThan(100 * 1024);

    const response = await api.http
      .post('/api/twilio/sync-numbers')
      .set(bearer(org.token))
      .send({ twilio_sids: sids })
      .expect(200);

    expect(response.body.not_in_account).toHaveLength(1000);
  });

  it('answers an unknown route with a 404 problem', async () => {
    const response = await api.http.get('/api/nothing-here').set(bearer(org.token)).expect(404);

    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({
      status: 404,
      type: expect.stringMatching(/^https:\/\//),
    });
  });

  it('lists every invalid field of a request', async () => {
    const response = await api.http
      .post('/api/twilio/buy-phone-number')
      .set(bearer(org.token))
      .send({ phone_number: 123, friendly_name: 7, extra: true })
      .expect(400);

    const fields = response.body.errors.map((e: { field: string }) => e.field);
    expect(new Set(fields)).toEqual(new Set(['phone_number', 'friendly_name', 'extra']));
  });
});
