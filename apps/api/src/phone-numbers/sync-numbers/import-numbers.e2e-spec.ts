import { bearer, TestApi, TestOrganization } from '../../../../../test/support/api/test-api';

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

const unsynced = (token = org.token, body: object = {}) =>
  api.http.post('/api/twilio/get-unsynced-numbers').set(bearer(token)).send(body);
const sync = (body: unknown, token = org.token) =>
  api.http
    .post('/api/twilio/sync-numbers')
    .set(bearer(token))
    .send(body as object);

describe('importing numbers already in Twilio', () => {
  it('lists the numbers of the account that Loquent does not have, as Twilio has them', async () => {
    const response = await unsynced().expect(200);

    const owned = api.sandbox.ownedNumbers();
    expect(response.body.numbers).toEqual(
      owned.map((n) => ({
        twilio_sid: n.sid,
        phone_number: n.phoneNumber,
        friendly_name: n.friendlyName || null,
        voice_url: n.voiceUrl || null,
      })),
    );
  });

  it('imports the selected numbers, changes nothing in Twilio, and reports how many', async () => {
    const before = api.sandbox.ownedNumbers();
    const selected = before.slice(0, 3);
    const stranger = 'PN' + 'f'.repeat(32);

    const response = await sync({ twilio_sids: [...selected.map((n) => n.sid), stranger] }).expect(
      200,
    );

    expect(response.body).toMatchObject({
      imported: 3,
      already_existed: 0,
      not_in_account: [stranger],
    });
    expect(response.body.numbers).toEqual(
      selected.map((n) =>
        expect.objectContaining({
          number: n.phoneNumber,
          twilio_sid: n.sid,
          source: 'imported',
          voice_url_status: 'not_configured',
          previous_voice_url: null,
          analyzer_ids: [],
        }),
      ),
    );
    expect(api.sandbox.ownedNumbers()).toEqual(before);
    expect(
      api.sandbox.countOf('updateIncomingNumber') + api.sandbox.countOf('purchaseNumber'),
    ).toBe(0);

    const remaining = await unsynced().expect(200);
    expect(remaining.body.numbers.map((n: { twilio_sid: string }) => n.twilio_sid)).toEqual(
      before.slice(3).map((n) => n.sid),
    );
  });

  it('imports nothing the second time: the numbers already exist', async () => {
    const selected = api.sandbox
      .ownedNumbers()
      .slice(0, 3)
      .map((n) => n.sid);

    const response = await sync({ twilio_sids: selected }).expect(200);

    expect(response.body).toEqual({
      imported: 0,
      already_existed: 3,
      numbers: [],
      not_in_account: [],
    });
  });

  it('counts a number another organization imported as already existing, and leaves it with that organization', async () => {
    const sid = api.sandbox.ownedNumbers()[0]!.sid;

    const response = await sync({ twilio_sids: [sid] }, other.token).expect(200);

    expect(response.body).toMatchObject({ imported: 0, already_existed: 1 });
    const rows = await api.dataSource.query(
      'SELECT organization_id FROM phone_number WHERE twilio_sid = $1',
      [sid],
    );
    expect(rows).toEqual([{ organization_id: org.id }]);
  });

  it.each([
    [{ twilio_sids: [] }, 'no sids'],
    [
      {
        twilio_sids: Array.from(
          { length: 1001 },
          (_, i) => `PN${i.toString(16).padStart(32, '0')}`,
        ),
      },
      '1001 sids',
    ],
    [{ twilio_sids: ['PN123'] }, 'a malformed sid'],
    [{ twilio_sids: [42] }, 'a sid that is not a string'],
    [{ twilio_sids: 'PN' + 'a'.repeat(32) }, 'a string instead of an array'],
    [{ twilio_sids: ['PN' + 'a'.repeat(32)], force: true }, 'an unknown field'],
  ])('refuses %# (%s) with 400 and imports nothing', async (body, _description) => {
    const rowsBefore = (await api.phoneNumberRows()).length;

    const response = await sync(body).expect(400);

    expect(response.body).toMatchObject({ status: 400, code: 'validation_failed' });
    expect((await api.phoneNumberRows()).length).toBe(rowsBefore);
  });

  it('refuses a body with fields on get-unsynced-numbers', async () => {
    await unsynced(org.token, { page: 2 }).expect(400);
  });

  it('reports a Twilio failure while listing, registering nothing from that request', async () => {
    // A number no listing has shown, so Twilio is read (a recent listing's copy would be instead).
    api.sandbox.seedOwnedNumbers(1);
    const unlisted = api.sandbox.ownedNumbers().at(-1)!.sid;
    const rowsBefore = (await api.phoneNumberRows()).length;
    api.sandbox.faults.failNext('listIncomingNumbers', {
      status: 503,
      code: 20503,
      message: 'Service Unavailable',
      times: 3,
    });

    const response = await sync({ twilio_sids: [unlisted] }).expect(502);

    expect(response.body).toMatchObject({
      code: 'telephony_provider_unavailable',
      twilio_status: 503,
    });
    expect((await api.phoneNumberRows()).length).toBe(rowsBefore);
    await unsynced().expect(200);
  });

  it('answers a Twilio failure on the first page of the list with problem+json', async () => {
    api.sandbox.faults.failNext('listIncomingNumbers', { status: 503, code: 20503, times: 3 });

    const response = await unsynced().expect(502);

    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({
      code: 'telephony_provider_unavailable',
      twilio_status: 503,
    });
  });

  it('cuts the list off when Twilio fails on a later page: a partial list never looks whole', async () => {
    api.sandbox.seedOwnedNumbers(1_500, { areaCodes: ['628'] });
    api.sandbox.faults.failNext('listIncomingNumbers', { status: 500, times: 3, after: 1 });

    const outcome = await unsynced().then(
      (response) => ({ answered: response.status }),
      (error: NodeJS.ErrnoException) => ({ failed: error.code ?? error.message }),
    );

    // The 200 and the first page were on their way; the connection is closed before the end.
    expect(outcome).toEqual({ failed: expect.stringMatching(/ECONNRESET|aborted|socket hang up/) });
    await unsynced().expect(200);
  });

  it('imports a whole account of several pages, one insert per page', async () => {
    api.sandbox.seedOwnedNumbers(2_100, { areaCodes: ['650'] });
    const listed = await unsynced().expect(200);
    // Sent a Twilio page at a time, never held whole.
    expect(listed.headers['transfer-encoding']).toBe('chunked');
    expect(listed.headers['content-type']).toBe('application/json; charset=utf-8');
    const sids: string[] = listed.body.numbers.map((n: { twilio_sid: string }) => n.twilio_sid);
    expect(sids.length).toBeGreaterThan(2_100);
    expect(new Set(sids).size).toBe(sids.length);

    let imported = 0;
    for (let i = 0; i < sids.length; i += 1000) {
      const response = await sync({ twilio_sids: sids.slice(i, i + 1000) }).expect(200);
      imported += response.body.imported;
    }

    expect(imported).toBe(sids.length);
    await expect(unsynced().expect(200)).resolves.toMatchObject({ body: { numbers: [] } });
  });
});
