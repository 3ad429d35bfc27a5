import twilio from 'twilio';
import { bearer, PUBLIC_BASE_URL, TestApi, TestOrganization } from '../support/api/test-api';

let api: TestApi;
let org: TestOrganization;
let account: { accountSid: string; authToken: string };

beforeAll(async () => {
  api = await TestApi.start();
  org = await api.createOrganization('Bring your own');
  account = api.sandbox.createAccount('Acme Twilio');
});

afterAll(() => api.close());

const connect = (body: object, token = org.token) =>
  api.http.post('/api/twilio/connect').set(bearer(token)).send(body);
const connection = (token = org.token) => api.http.get('/api/twilio/connection').set(bearer(token));
/** Requests the sandbox received for an account since `since`. */
const callsTo = (accountSid: string, since: number) =>
  api.sandbox.requests.slice(since).filter((r) => r.account === accountSid);

describe("an organization's own Twilio account", () => {
  it('is checked with Twilio, then kept with its auth token encrypted', async () => {
    const response = await connect({
      account_sid: account.accountSid,
      auth_token: account.authToken,
    }).expect(200);

    expect(response.body).toEqual({
      connected: true,
      account_sid: `AC${'*'.repeat(28)}${account.accountSid.slice(-4)}`,
      friendly_name: 'Acme Twilio',
      status: 'working',
      problem: null,
    });
    expect(JSON.stringify(response.body)).not.toContain(account.authToken);
    const [row] = await api.dataSource.query(
      'SELECT * FROM twilio_account_connection WHERE organization_id = $1',
      [org.id],
    );
    expect(row.account_sid).toBe(account.accountSid);
    expect(JSON.stringify(row)).not.toContain(account.authToken);
    expect(row.auth_token_encrypted).toMatch(/^v1:/);
  });

  it('is then the only account used for the organization: search, buy and import go there', async () => {
    const since = api.sandbox.requests.length;

    await api.http
      .post('/api/twilio/search-available-numbers')
      .set(bearer(org.token))
      .send({ area_code: '415' })
      .expect(200);
    const bought = await api.http
      .post('/api/twilio/buy-phone-number')
      .set(bearer(org.token))
      .send({ phone_number: api.sandbox.availableNumbers('415')[0] })
      .expect(201);
    const unsynced = await api.http
      .post('/api/twilio/get-unsynced-numbers')
      .set(bearer(org.token))
      .send({})
      .expect(200);

    expect(api.sandbox.ownedNumbers(account.accountSid).map((n) => n.sid)).toEqual([
      bought.body.twilio_sid,
    ]);
    expect(unsynced.body.numbers).toEqual([]);
    expect(callsTo(api.sandbox.accountSid, since)).toEqual([]);
    expect(callsTo(account.accountSid, since).length).toBeGreaterThanOrEqual(4);
  });

  it("answers calls to its numbers only when signed with that account's token", async () => {
    const number = api.sandbox.ownedNumbers(account.accountSid)[0]!.phoneNumber;
    const params = {
      AccountSid: account.accountSid,
      CallSid: 'CA' + '4'.repeat(32),
      From: '+15005550006',
      To: number,
    };
    const sign = (token: string) =>
      twilio.getExpectedTwilioSignature(token, `${PUBLIC_BASE_URL}/twilio/voice`, params);

    await api.http
      .post('/twilio/voice')
      .type('form')
      .set('X-Twilio-Signature', sign(account.authToken))
      .send(params)
      .expect(200);
    await api.http
      .post('/twilio/voice')
      .type('form')
      .set('X-Twilio-Signature', sign(api.sandbox.authToken))
      .send(params)
      .expect(403);
  });

  it('is refused when Twilio refuses the credentials, and nothing is kept', async () => {
    const other = await api.createOrganization('Typo');

    const response = await connect(
      { account_sid: account.accountSid, auth_token: 'a'.repeat(32) },
      other.token,
    ).expect(422);

    expect(response.body).toMatchObject({ code: 'twilio_credentials_refused', twilio_code: 20003 });
    expect(
      await api.dataSource.query(
        'SELECT 1 FROM twilio_account_connection WHERE organization_id = $1',
        [other.id],
      ),
    ).toEqual([]);
    await expect(connection(other.token).expect(200)).resolves.toMatchObject({
      body: { connected: false },
    });
  });

  it.each([
    [{ account_sid: 'AC123', auth_token: 'a'.repeat(32) }],
    [{ account_sid: 'AC' + 'a'.repeat(32), auth_token: 'short' }],
    [{ account_sid: 'AC' + 'a'.repeat(32) }],
    [{ account_sid: 'AC' + 'a'.repeat(32), auth_token: 'a'.repeat(32), region: 'ie1' }],
  ])('refuses %j with 400, asking Twilio nothing', async (body) => {
    const since = api.sandbox.requests.length;

    await connect(body).expect(400);

    expect(api.sandbox.requests.length).toBe(since);
  });

  it('when its token stops working: a clear error, and never a call to the platform account', async () => {
    api.sandbox.setAuthToken(account.accountSid, 'b'.repeat(32));
    const since = api.sandbox.requests.length;

    const status = await connection().expect(200);
    const buy = await api.http
      .post('/api/twilio/buy-phone-number')
      .set(bearer(org.token))
      .send({ phone_number: api.sandbox.availableNumbers('312')[0] })
      .expect(502);
    const search = await api.http
      .post('/api/twilio/search-available-numbers')
      .set(bearer(org.token))
      .send({ area_code: '312' })
      .expect(502);

    expect(status.body).toMatchObject({
      connected: true,
      status: 'failing',
      problem: { code: 'telephony_provider_authentication_failed', twilio_code: 20003 },
    });
    expect(buy.body).toMatchObject({
      code: 'telephony_provider_authentication_failed',
      twilio_code: 20003,
    });
    expect(search.body.code).toBe('telephony_provider_authentication_failed');
    expect(callsTo(api.sandbox.accountSid, since)).toEqual([]);
    api.sandbox.setAuthToken(account.accountSid, account.authToken);
  });

  it('can be disconnected: the organization is back on the platform account', async () => {
    await api.http.post('/api/twilio/disconnect').set(bearer(org.token)).send({}).expect(200);

    await expect(connection().expect(200)).resolves.toMatchObject({ body: { connected: false } });
    const since = api.sandbox.requests.length;
    await api.http
      .post('/api/twilio/search-available-numbers')
      .set(bearer(org.token))
      .send({ area_code: '415' })
      .expect(200);
    expect(callsTo(api.sandbox.accountSid, since)).toHaveLength(1);
  });

  it('needs the Twilio:Collection:Create permission', async () => {
    const token = org.tokenWith('Phone:Collection:Create', 'Phone:Instance:Update');

    await connect({ account_sid: account.accountSid, auth_token: account.authToken }, token).expect(
      403,
    );
    await connection(token).expect(403);
    await api.http.post('/api/twilio/disconnect').set(bearer(token)).send({}).expect(403);
  });
});
