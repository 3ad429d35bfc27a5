import { bearer, TestApi, TestOrganization } from '../support/api/test-api';

let api: TestApi;
let org: TestOrganization;

beforeAll(async () => {
  api = await TestApi.start();
  org = await api.createOrganization();
});

afterAll(() => api.close());

/**
 * Names the rule refuses, written as JSON escapes so the body carries exactly these code units
 * (JSON.stringify would too, but a lone surrogate is easier to trust spelled out).
 */
const REFUSED: [string, string][] = [
  ['NUL inside', 'Front\\u0000desk'],
  ['NUL alone', '\\u0000'],
  ['a tab', 'Front\\tdesk'],
  ['a line feed', 'Front\\ndesk'],
  ['escape (C0)', '\\u001b[2J'],
  ['DEL', 'Front\\u007fdesk'],
  ['a C1 control', 'Front\\u0085desk'],
  ['a line separator', 'Front\\u2028desk'],
  ['a lone high surrogate', '\\ud800'],
  ['a lone low surrogate inside', 'Front\\udc00desk'],
  ['surrogates in the wrong order', '\\ude00\\ud83d'],
  ['a right-to-left override', 'invoice\\u202efdp.exe'],
  ['a left-to-right embedding', '\\u202aFront desk'],
  ['a right-to-left isolate', '\\u2067Front desk\\u2069'],
  ['a right-to-left mark', 'Front desk\\u200f'],
  ['65 characters', 'x'.repeat(65)],
  ['65 emoji', '\\ud83d\\ude80'.repeat(65)],
  ['65 characters once composed', 'x\\u0301'.repeat(33)],
];

function rawJson(fields: Record<string, string>, escapedName: string): string {
  const known = Object.entries(fields).map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`);
  return `{${[...known, `"friendly_name":"${escapedName}"`].join(',')}}`;
}

function expectRefusalNamingTheField(response: {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}) {
  expect(response.status).toBe(400);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(response.body).toMatchObject({ status: 400 });
  expect(JSON.stringify(response.body)).toContain('friendly_name');
}

const twilioRequests = () => api.sandbox.requests.length;
let counter = 0;

describe('POST /api/twilio/buy-phone-number with a friendly name the rule refuses', () => {
  it.each(REFUSED)(
    'answers 400 naming friendly_name for %s, before Twilio or the database',
    async (_, name) => {
      const number = api.sandbox.availableNumbers('415')[0]!;
      const rowsBefore = await api.phoneNumberRows();
      const intentsBefore = await api.dataSource.query(
        'SELECT count(*)::int AS n FROM purchase_intent',
      );
      const requestsBefore = twilioRequests();

      const response = await api.http
        .post('/api/twilio/buy-phone-number')
        .set(bearer(org.token))
        .set('Content-Type', 'application/json')
        .send(rawJson({ phone_number: number }, name));

      expectRefusalNamingTheField(response);
      expect(twilioRequests()).toBe(requestsBefore);
      expect(await api.phoneNumberRows()).toEqual(rowsBefore);
      expect(await api.dataSource.query('SELECT count(*)::int AS n FROM purchase_intent')).toEqual(
        intentsBefore,
      );
      expect(api.sandbox.availableNumbers('415')).toContain(number);
    },
  );
});

describe('PUT /api/phones/:id with a friendly name the rule refuses', () => {
  let id: string;

  beforeAll(async () => {
    ({ id } = await api.importedNumber(org, {
      phoneNumber: '+13475550199',
      friendlyName: 'Lobby',
    }));
  });

  it.each(REFUSED)('answers 400 naming friendly_name for %s, changing nothing', async (_, name) => {
    const rowsBefore = await api.phoneNumberRows();
    const requestsBefore = twilioRequests();

    const response = await api.http
      .put(`/api/phones/${id}`)
      .set(bearer(org.token))
      .set('Content-Type', 'application/json')
      .send(rawJson({ agent_id: org.agentId }, name));

    expectRefusalNamingTheField(response);
    expect(await api.phoneNumberRows()).toEqual(rowsBefore);
    expect(twilioRequests()).toBe(requestsBefore);
  });
});

describe('friendly names the rule accepts', () => {
  it('stores a name typed in decomposed form as its NFC form, in Loquent and at Twilio, and echoes what it stored', async () => {
    const number = api.sandbox.availableNumbers('415')[0]!;

    const bought = await api.http
      .post('/api/twilio/buy-phone-number')
      .set(bearer(org.token))
      .send({ phone_number: number, friendly_name: '  Cafe\u0301 Rene\u0301e ' })
      .expect(201);

    expect(bought.body.friendly_name).toBe('Caf\u00e9 Ren\u00e9e');
    const [row] = await api.dataSource.query(
      'SELECT friendly_name FROM phone_number WHERE id = $1',
      [bought.body.id],
    );
    expect(row.friendly_name).toBe(bought.body.friendly_name);
    const inTwilio = api.sandbox.ownedNumbers().find((n) => n.phoneNumber === number);
    expect(inTwilio?.friendlyName).toBe('Caf\u00e9 Ren\u00e9e');
  });

  it.each([
    ['a decomposed name', 'Ren\u0065\u0301e', 'Ren\u00e9e'],
    ['a compatibility character kept by NFC', '\ufb01le room', '\ufb01le room'],
    ['Hangul jamo', '\u1112\u1161\u11ab', '\ud55c'],
    ['128 UTF-16 units composing to 64 characters', 'e\u0301'.repeat(64), '\u00e9'.repeat(64)],
    ['64 emoji', '\ud83d\ude80'.repeat(64), '\ud83d\ude80'.repeat(64)],
    ['a name in another script', '  東京オフィス ', '東京オフィス'],
  ])('renames with %s, storing and echoing the same text', async (_, sent, stored) => {
    const { id } = await api.importedNumber(org, {
      phoneNumber: `+1347556${String(++counter).padStart(4, '0')}`,
    });

    const renamed = await api.http
      .put(`/api/phones/${id}`)
      .set(bearer(org.token))
      .send({ friendly_name: sent })
      .expect(200);

    expect(renamed.body.friendly_name).toBe(stored);
    const [row] = await api.dataSource.query(
      'SELECT friendly_name FROM phone_number WHERE id = $1',
      [id],
    );
    expect(row.friendly_name).toBe(stored);
    const fetched = await api.http.get(`/api/phones/${id}`).set(bearer(org.token)).expect(200);
    expect(fetched.body.friendly_name).toBe(stored);
  });

  it('takes a blank name as no name', async () => {
    const { id } = await api.importedNumber(org, {
      phoneNumber: '+13475550177',
      friendlyName: 'Old',
    });

    const renamed = await api.http
      .put(`/api/phones/${id}`)
      .set(bearer(org.token))
      .send({ friendly_name: ' \u00a0 ' })
      .expect(200);

    expect(renamed.body.friendly_name).toBeNull();
  });
});
