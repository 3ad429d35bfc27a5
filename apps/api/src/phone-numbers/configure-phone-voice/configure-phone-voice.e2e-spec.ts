import {
  bearer,
  LOQUENT_VOICE_URL,
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
});

afterAll(() => api.close());
afterEach(() => api.sandbox.faults.reset());

const configure = (body: unknown, token = org.token) =>
  api.http
    .post('/api/twilio/configure-phone-voice')
    .set(bearer(token))
    .send(body as object);

async function importOne(voiceUrl: string | null) {
  const owned = api.sandbox.ownNumber({
    phoneNumber: nextFree(),
    friendlyName: 'Imported',
    voiceUrl,
    smsUrl: 'https://sms.example/in',
  });
  const response = await api.http
    .post('/api/twilio/sync-numbers')
    .set(bearer(org.token))
    .send({ twilio_sids: [owned.sid] })
    .expect(200);
  return { id: response.body.numbers[0].id as string, sid: owned.sid };
}

let counter = 0;
function nextFree(): string {
  counter++;
  return `+1917555${counter.toString().padStart(4, '0')}`;
}

describe('POST /api/twilio/configure-phone-voice', () => {
  it('points an imported number at Loquent, remembers the URL it had, and leaves its SMS settings alone', async () => {
    const { id, sid } = await importOne('https://old-ivr.example/voice');

    const response = await configure({ phone_number_id: id }).expect(200);

    expect(response.body).toMatchObject({
      id,
      voice_url_status: 'configured',
      previous_voice_url: 'https://old-ivr.example/voice',
    });
    const inTwilio = api.sandbox.ownedNumbers().find((n) => n.sid === sid)!;
    expect(inTwilio.voiceUrl).toBe(LOQUENT_VOICE_URL);
    expect(inTwilio.voiceMethod).toBe('POST');
    expect(inTwilio.smsUrl).toBe('https://sms.example/in');
  });

  it('keeps the original previous URL when configured twice', async () => {
    const { id } = await importOne('https://old-ivr.example/twice');
    await configure({ phone_number_id: id }).expect(200);

    const again = await configure({ phone_number_id: id }).expect(200);

    expect(again.body.previous_voice_url).toBe('https://old-ivr.example/twice');
  });

  it('records the failure, answers 502, and succeeds on retry', async () => {
    const { id } = await importOne(null);
    api.sandbox.faults.failNext('updateIncomingNumber', {
      status: 500,
      code: 20500,
      message: 'Internal Server Error',
      times: 3,
    });

    await configure({ phone_number_id: id }).expect(502);
    const [row] = await api.dataSource.query(
      'SELECT voice_url_status FROM phone_number WHERE id = $1',
      [id],
    );
    expect(row.voice_url_status).toBe('failed');

    const retried = await configure({ phone_number_id: id }).expect(200);
    expect(retried.body).toMatchObject({
      voice_url_status: 'configured',
      previous_voice_url: null,
    });
  });

  it("answers 404 for another organization's number and changes nothing", async () => {
    const { id, sid } = await importOne('https://old-ivr.example/theirs');
    const updates = api.sandbox.countOf('updateIncomingNumber');

    const response = await configure({ phone_number_id: id }, other.token).expect(404);

    expect(response.body).toMatchObject({ code: 'phone_number_not_found', status: 404 });
    expect(api.sandbox.countOf('updateIncomingNumber')).toBe(updates);
    expect(api.sandbox.ownedNumbers().find((n) => n.sid === sid)?.voiceUrl).toBe(
      'https://old-ivr.example/theirs',
    );
  });

  it('answers 404 for an id that does not exist', async () => {
    await configure({ phone_number_id: '6f1c1a52-0000-4000-8000-000000000000' }).expect(404);
  });

  it('answers 409 when the number is no longer in the Twilio account', async () => {
    const { id, sid } = await importOne(null);
    await fetch(
      `${api.sandbox.url}/2010-04-01/Accounts/${api.sandbox.accountSid}/IncomingPhoneNumbers/${sid}.json`,
      {
        method: 'DELETE',
        headers: {
          Authorization: `Basic ${Buffer.from(`${api.sandbox.accountSid}:${api.sandbox.authToken}`).toString('base64')}`,
        },
      },
    );

    const response = await configure({ phone_number_id: id }).expect(409);

    expect(response.body).toMatchObject({
      code: 'number_not_in_provider_account',
      twilio_sid: sid,
    });
  });

  it.each([[{ phone_number_id: 'not-a-uuid' }], [{}], [{ phone_number_id: 7 }]])(
    'refuses %j with 400',
    async (body) => {
      await configure(body).expect(400);
    },
  );
});
