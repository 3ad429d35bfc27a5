import { gzipSync } from 'node:zlib';
import twilio from 'twilio';
import { bearer, PUBLIC_BASE_URL, TestApi, TestOrganization } from '../support/api/test-api';
import { expectRefusedUntouched, HttpAnswer } from '../support/api/untouched';

/**
 * Twilio's webhooks are verified by a guard that runs before anything else: the parameters it
 * needs are checked as Twilio formats before any look-up, and whatever it cannot verify gets one
 * bare 403, never a 500 and never a hint of which check failed.
 */
let api: TestApi;
let org: TestOrganization;
let number: string;

beforeAll(async () => {
  api = await TestApi.start();
  org = await api.createOrganization();
  number = api.sandbox.availableNumbers('415')[0]!;
  const bought = await api.http
    .post('/api/twilio/buy-phone-number')
    .set(bearer(org.token))
    .send({ phone_number: number })
    .expect(201);
  await api.http
    .put(`/api/phones/${bought.body.id}`)
    .set(bearer(org.token))
    .send({ agent_id: org.agentId })
    .expect(200);
});

afterAll(() => api.close());

type Webhook = 'voice' | 'recording';

function params(overrides: Record<string, string | undefined> = {}): Record<string, string> {
  const all: Record<string, string | undefined> = {
    AccountSid: api.sandbox.accountSid,
    CallSid: 'CA' + '1'.repeat(32),
    From: '+15005550006',
    To: number,
    RecordingSid: 'RE' + '3'.repeat(32),
    RecordingStatus: 'completed',
    ...overrides,
  };
  return Object.fromEntries(Object.entries(all).filter(([, v]) => v !== undefined)) as Record<
    string,
    string
  >;
}

const sign = (webhook: Webhook, form: Record<string, string>, token = api.sandbox.authToken) =>
  twilio.getExpectedTwilioSignature(token, `${PUBLIC_BASE_URL}/twilio/${webhook}`, form);

/** Posts a form as Twilio does, signed (by default with the right token, over these params). */
function post(
  webhook: Webhook,
  form: Record<string, string>,
  options: {
    signature?: string | null;
    type?: string;
    body?: Buffer | string;
    encoding?: string;
  } = {},
) {
  let request = api.http.post(`/twilio/${webhook}`);
  const signature = options.signature === undefined ? sign(webhook, form) : options.signature;
  if (signature !== null) request = request.set('X-Twilio-Signature', signature);
  if (options.encoding) request = request.set('Content-Encoding', options.encoding);
  if (options.type !== undefined || options.body !== undefined) {
    request = request.set('Content-Type', options.type ?? 'application/x-www-form-urlencoded');
    return request
      .serialize((bytes: unknown) => bytes as string)
      .send(Buffer.from(options.body ?? new URLSearchParams(form).toString()));
  }
  return request.type('form').send(form);
}

const forbiddenBodies: unknown[] = [];

/** A 403 problem that says nothing: the same body whatever the reason (instance aside). */
async function expectBareForbidden(send: () => PromiseLike<HttpAnswer>): Promise<void> {
  const response = await expectRefusedUntouched(api, send, 403, 'forbidden');
  const { instance, ...body } = response.body as Record<string, unknown>;
  expect(instance).toMatch(/^\/twilio\/(voice|recording)$/);
  expect(body).toEqual({
    type: 'https://docs.loquent.ai/problems/forbidden',
    title: 'Forbidden',
    status: 403,
    detail: 'Forbidden',
    code: 'forbidden',
  });
  forbiddenBodies.push(body);
}

describe.each<Webhook>(['voice', 'recording'])('POST /twilio/%s', (webhook) => {
  it('answers a request signed with the right token (the control)', async () => {
    const response = await post(webhook, params());

    expect(response.status).toBe(webhook === 'voice' ? 200 : 204);
  });

  it.each([
    ['AC and NUL', 'AC\u0000'],
    ['NUL after a valid sid', `AC${'a'.repeat(32)}\u0000`],
    ['31 hex digits', `AC${'a'.repeat(31)}`],
    ['33 hex digits', `AC${'a'.repeat(33)}`],
    ['not hex', `AC${'g'.repeat(32)}`],
    ['another prefix', `PN${'a'.repeat(32)}`],
    ['empty', ''],
    ['a lone surrogate', `AC${'a'.repeat(31)}\ud800`],
  ])('AccountSid %s, even correctly signed: a bare 403', async (_, accountSid) => {
    const form = params({ AccountSid: accountSid });
    await expectBareForbidden(() => post(webhook, form));
  });

  it('no AccountSid at all: a bare 403', async () => {
    const form = params({ AccountSid: undefined });
    await expectBareForbidden(() => post(webhook, form));
  });

  it.each([
    ['missing', null],
    ['empty', ''],
    ['not base64', '%%%%not-a-signature%%%%'],
    ['of the right shape but wrong', 'A'.repeat(27) + '='],
    ['signed with another token', 'token'],
    ['signed for other parameters', 'other-params'],
  ])('signature %s: a bare 403', async (_, signature) => {
    const form = params();
    const given =
      signature === 'token'
        ? sign(webhook, form, 'f'.repeat(32))
        : signature === 'other-params'
          ? sign(webhook, { ...form, From: '+15005550001' })
          : signature;
    await expectBareForbidden(() => post(webhook, form, { signature: given }));
  });

  it.each([
    ['JSON', 'application/json', (form: Record<string, string>) => JSON.stringify(form)],
    ['text', 'text/plain', (form: Record<string, string>) => new URLSearchParams(form).toString()],
    ['multipart', 'multipart/form-data; boundary=x', () => '--x--'],
  ])('a %s body instead of a form: a bare 403', async (_, type, body) => {
    await expectBareForbidden(() => post(webhook, params(), { type, body: body(params()) }));
  });

  it('a form declared gzip that is not: a bare 403', async () => {
    await expectBareForbidden(() =>
      post(webhook, params(), { body: new URLSearchParams(params()).toString(), encoding: 'gzip' }),
    );
  });

  it('a truncated gzip form: a bare 403', async () => {
    const body = gzipSync(new URLSearchParams(params()).toString()).subarray(0, 20);
    await expectBareForbidden(() => post(webhook, params(), { body, encoding: 'gzip' }));
  });

  it('a form over 100 kB: a bare 403', async () => {
    const form = params({ Padding: 'x'.repeat(150_000) });
    await expectBareForbidden(() => post(webhook, form));
  });

  it('an empty body: a bare 403', async () => {
    await expectBareForbidden(() => post(webhook, {}, { body: '' }));
  });

  it('parameters with broken escapes and NUL, correctly signed over what was parsed: not a 500', async () => {
    const body = `AccountSid=AC%00&To=%2B1415%ZZ&From=%ED%A0%80&CallSid=%00`;
    await expectBareForbidden(() => post(webhook, {}, { body }));
  });
});

describe('POST /twilio/voice: To is checked as E.164 before the number is looked up', () => {
  it.each([
    ['NUL', '\u0000'],
    ['E.164 and NUL', `${'+14155550100'}\u0000`],
    ['spaces', '+1 415 555 0100'],
    ['a SIP address', 'sip:alice@example.com'],
    ['a leading zero', '+0123456789'],
    ['no plus', '14155550100'],
    ['sixteen digits', '+1234567890123456'],
  ])('To %s, signed with a token Loquent knows: a bare 403, no apology TwiML', async (_, to) => {
    const form = params({ To: to });
    await expectBareForbidden(() => post('voice', form));
  });

  it('no To at all: a bare 403', async () => {
    const form = params({ To: undefined });
    await expectBareForbidden(() => post('voice', form));
  });

  it("refuses a malformed AccountSid even when the number's owner signed the request", async () => {
    // The signature is right for the number's account; the AccountSid alone is not a Twilio sid.
    const form = params({ AccountSid: `AC${'z'.repeat(32)}` });
    await expectBareForbidden(() => post('voice', form));
  });

  it('says the same thing whatever the reason', () => {
    expect(forbiddenBodies.length).toBeGreaterThan(40);
    expect(new Set(forbiddenBodies.map((body) => JSON.stringify(body))).size).toBe(1);
  });
});
