import {
  bearer,
  PUBLIC_BASE_URL,
  TestApi,
  TestOrganization,
} from '../../../../../test/support/api/test-api';

let api: TestApi;
let org: TestOrganization;
let other: TestOrganization;

beforeAll(async () => {
  api = await TestApi.start();
  org = await api.createOrganization('Acme');
  other = await api.createOrganization('Globex');
  const owned = api.sandbox.ownedNumbers();
  await api.http
    .post('/api/twilio/sync-numbers')
    .set(bearer(org.token))
    .send({ twilio_sids: owned.slice(0, 7).map((n) => n.sid) })
    .expect(200);
  await api.http
    .post('/api/twilio/sync-numbers')
    .set(bearer(other.token))
    .send({ twilio_sids: owned.slice(7, 9).map((n) => n.sid) })
    .expect(200);
});

afterAll(() => api.close());

const list = (query = '', token = org.token) =>
  api.http.get(`/api/phones${query}`).set(bearer(token));

describe('GET /api/phones', () => {
  it("returns the organization's numbers, and only them, in E.164 order", async () => {
    const response = await list().expect(200);

    const mine = api.sandbox
      .ownedNumbers()
      .slice(0, 7)
      .map((n) => n.phoneNumber)
      .sort();
    expect(response.body.map((n: { number: string }) => n.number)).toEqual(mine);
    expect(response.body[0]).toEqual({
      id: expect.any(String),
      number: mine[0],
      friendly_name: expect.anything(),
      agent_id: null,
      twilio_sid: expect.stringMatching(/^PN/),
      voice_url_status: 'not_configured',
      source: 'imported',
      created_at: expect.any(String),
    });
    expect(response.headers.link).toBeUndefined();
  });

  it('answers its JSON text with the headers every answer has, and HEAD with no body', async () => {
    const response = await list('?limit=2').expect(200);

    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(response.headers['content-length']).toBe(String(Buffer.byteLength(response.text)));
    expect(JSON.parse(response.text)).toHaveLength(2);
    expect(response.headers['x-request-id']).toEqual(expect.any(String));
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    expect(response.headers.link).toMatch(/^<.+>; rel="next"$/);

    const head = await api.http.head('/api/phones?limit=2').set(bearer(org.token)).expect(200);
    expect(head.text ?? '').toBe('');
    expect(head.headers['content-type']).toBe('application/json; charset=utf-8');
  });

  it('pages with limit and the Link header, each number once', async () => {
    const seen: string[] = [];
    let path: string | null = '/api/phones?limit=3';
    let pages = 0;
    while (path) {
      const response = await api.http.get(path).set(bearer(org.token)).expect(200);
      seen.push(...response.body.map((n: { number: string }) => n.number));
      const link = response.headers.link as string | undefined;
      path = link ? link.match(/^<([^>]+)>; rel="next"$/)![1]!.replace(PUBLIC_BASE_URL, '') : null;
      pages++;
    }

    expect(pages).toBe(3);
    expect(seen).toEqual([...seen].sort());
    expect(new Set(seen).size).toBe(7);
  });

  it.each([
    '?limit=0',
    '?limit=1001',
    '?limit=abc',
    '?limit=2.5',
    '?after=notacursor',
    '?sort=number',
  ])('refuses %s with 400', async (query) => {
    const response = await list(query).expect(400);

    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('shows another organization only its own numbers', async () => {
    const response = await list('', other.token).expect(200);

    expect(response.body).toHaveLength(2);
  });
});
