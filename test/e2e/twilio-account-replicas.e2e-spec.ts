import { bearer, TestApi, TestOrganization } from '../support/api/test-api';

/**
 * Two replicas of the API on one PostgreSQL database, as behind a load balancer: what one of them
 * does to an organization's own Twilio account, the other serves from at its very next request.
 * Each keeps Twilio clients in memory; none of them may ever answer from a stale account.
 */
let one: TestApi;
let other: TestApi;
let org: TestOrganization;

beforeAll(async () => {
  one = await TestApi.start();
  other = await one.replica();
  org = await one.createOrganization('Two replicas');
});

afterAll(async () => {
  await other?.close();
  await one?.close();
});

const connect = (api: TestApi, account: { accountSid: string; authToken: string }) =>
  api.http
    .post('/api/twilio/connect')
    .set(bearer(org.token))
    .send({ account_sid: account.accountSid, auth_token: account.authToken });
const search = (api: TestApi) =>
  api.http
    .post('/api/twilio/search-available-numbers')
    .set(bearer(org.token))
    .send({ area_code: '415' });
/** The Twilio accounts a request was served from. */
async function accountsUsedBy(request: () => PromiseLike<{ status: number }>) {
  const since = one.sandbox.requests.length;
  expect((await request()).status).toBe(200);
  return [...new Set(one.sandbox.requests.slice(since).map((r) => r.account))];
}

describe("an organization's own Twilio account across two replicas", () => {
  const first = { accountSid: '', authToken: '' };

  it('once connected on one replica, is what the other serves from at its next request', async () => {
    // The other replica has served the organization already, so it holds a client.
    expect(await accountsUsedBy(() => search(other))).toEqual([one.sandbox.accountSid]);
    Object.assign(first, one.sandbox.createAccount('First'));

    await connect(one, first).expect(200);

    expect(await accountsUsedBy(() => search(other))).toEqual([first.accountSid]);
  });

  it('replaced by another account on one replica, is left at once on the other', async () => {
    const second = one.sandbox.createAccount('Second');

    await connect(one, second).expect(200);

    expect(await accountsUsedBy(() => search(other))).toEqual([second.accountSid]);
    await connect(one, first).expect(200);
    expect(await accountsUsedBy(() => search(other))).toEqual([first.accountSid]);
  });

  it('re-connected with a new token of the same account, works on the other at once', async () => {
    const rotated = { ...first, authToken: 'e'.repeat(32) };
    one.sandbox.setAuthToken(first.accountSid, rotated.authToken);
    // The other replica still holds the client built with the old token: Twilio refuses it.
    await search(other)
      .expect(502)
      .expect((response) =>
        expect(response.body.code).toBe('telephony_provider_authentication_failed'),
      );

    await connect(one, rotated).expect(200);

    expect(await accountsUsedBy(() => search(other))).toEqual([first.accountSid]);
    await other.http
      .get('/api/twilio/connection')
      .set(bearer(org.token))
      .expect(200)
      .expect((response) => expect(response.body.status).toBe('working'));
  });

  it('disconnected on one replica, puts the other back on the platform account at once', async () => {
    await one.http.post('/api/twilio/disconnect').set(bearer(org.token)).send({}).expect(200);

    expect(await accountsUsedBy(() => search(other))).toEqual([one.sandbox.accountSid]);
    await other.http
      .get('/api/twilio/connection')
      .set(bearer(org.token))
      .expect(200, { connected: false });
  });
});
