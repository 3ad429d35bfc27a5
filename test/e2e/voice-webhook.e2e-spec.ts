import twilio from 'twilio';
import { freePort } from '../../apps/api/src/bootstrap/free-port';
import { bearer, PUBLIC_BASE_URL, TestApi, TestOrganization } from '../support/api/test-api';

let api: TestApi;
let org: TestOrganization;
let baseUrl: string;

beforeAll(async () => {
  api = await TestApi.start();
  org = await api.createOrganization();
  baseUrl = await api.listen();
});

afterAll(() => api.close());

const VOICE_URL = `${PUBLIC_BASE_URL}/twilio/voice`;

async function boughtNumber(agentId: string | null): Promise<{ id: string; number: string }> {
  const number = api.sandbox.availableNumbers('415')[0]!;
  const bought = await api.http
    .post('/api/twilio/buy-phone-number')
    .set(bearer(org.token))
    .send({ phone_number: number })
    .expect(201);
  if (agentId)
    await api.http
      .put(`/api/phones/${bought.body.id}`)
      .set(bearer(org.token))
      .send({ agent_id: agentId })
      .expect(200);
  return { id: bought.body.id, number };
}

function callParams(to: string, accountSid = api.sandbox.accountSid): Record<string, string> {
  return {
    AccountSid: accountSid,
    ApiVersion: '2010-04-01',
    CallSid: 'CA' + '1'.repeat(32),
    CallStatus: 'ringing',
    Direction: 'inbound',
    From: '+15005550006',
    To: to,
  };
}

/** Posts to /twilio/voice as Twilio would, signed with `token` over the public URL. */
function postSigned(
  params: Record<string, string>,
  token: string,
  sign: Record<string, string> = params,
) {
  return api.http
    .post('/twilio/voice')
    .type('form')
    .set('X-Twilio-Signature', twilio.getExpectedTwilioSignature(token, VOICE_URL, sign))
    .send(params);
}

describe('POST /twilio/voice', () => {
  it("answers a signed call to a number with an agent with the agent's TwiML: recorded, streamed", async () => {
    const { id, number } = await boughtNumber(org.agentId);

    const response = await postSigned(callParams(number), api.sandbox.authToken).expect(200);

    expect(response.headers['content-type']).toMatch(/^text\/xml/);
    expect(response.text).toContain(
      `<Recording channels="dual" recordingStatusCallback="${PUBLIC_BASE_URL}/twilio/recording"`,
    );
    expect(response.text).toContain(
      `<Connect action="${PUBLIC_BASE_URL}/twilio/voice/after-stream" method="POST"><Stream url="wss://api.loquent.test/twilio/stream">`,
    );
    expect(response.text).toContain('<Parameter name="from" value="+15005550006"/>');
    expect(response.text).toContain(`<Parameter name="to" value="${number}"/>`);
    expect(response.text).toContain(`<Parameter name="phone_number_id" value="${id}"/>`);
    expect(response.text).toContain(`<Parameter name="agent_id" value="${org.agentId}"/>`);
  });

  it('refuses the same request with one parameter changed (403, nothing said why)', async () => {
    const { number } = await boughtNumber(org.agentId);
    const signed = callParams(number);

    const response = await postSigned(
      { ...signed, From: '+15005550001' },
      api.sandbox.authToken,
      signed,
    ).expect(403);

    expect(response.body).toMatchObject({ status: 403 });
    expect(JSON.stringify(response.body)).not.toMatch(/signature/i);
  });

  it('refuses a request with no signature, or one signed with another token', async () => {
    const { number } = await boughtNumber(org.agentId);

    await api.http.post('/twilio/voice').type('form').send(callParams(number)).expect(403);
    await postSigned(callParams(number), 'f'.repeat(32)).expect(403);
  });

  it('apologises and hangs up for a number with no agent', async () => {
    const { number } = await boughtNumber(null);

    const response = await postSigned(callParams(number), api.sandbox.authToken).expect(200);

    expect(response.text).toMatch(/<Say>Sorry[^<]*<\/Say><Hangup\/>/);
    expect(response.text).not.toContain('<Stream');
  });

  it('apologises for a number Loquent does not know, when the account is known', async () => {
    const response = await postSigned(callParams('+14155559999'), api.sandbox.authToken).expect(
      200,
    );

    expect(response.text).toContain('<Hangup/>');
  });

  it('refuses a call for an account Loquent does not know', async () => {
    const stranger = 'AC' + 'e'.repeat(32);

    await postSigned(callParams('+14155559999', stranger), 'e'.repeat(32)).expect(403);
  });

  it('is what a number bought through Loquent answers when called (the sandbox calls like Twilio)', async () => {
    // An API whose public URL is where it listens, so the sandbox can call the voice URL it sets.
    const port = await freePort();
    const reachable = await TestApi.start({
      sandbox: api.sandbox,
      publicBaseUrl: `http://127.0.0.1:${port}`,
    });
    try {
      await reachable.listen(port);
      const acme = await reachable.createOrganization();
      const number = api.sandbox.availableNumbers('212')[0]!;
      const bought = await reachable.http
        .post('/api/twilio/buy-phone-number')
        .set(bearer(acme.token))
        .send({ phone_number: number })
        .expect(201);
      await reachable.http
        .put(`/api/phones/${bought.body.id}`)
        .set(bearer(acme.token))
        .send({ agent_id: acme.agentId })
        .expect(200);

      const call = await api.sandbox.placeCall({ to: number, from: '+14155550111' });

      expect(call).toMatchObject({ url: `http://127.0.0.1:${port}/twilio/voice`, status: 200 });
      expect(call.body).toContain('<Parameter name="from" value="+14155550111"/>');
      expect(call.body).toContain(`<Parameter name="agent_id" value="${acme.agentId}"/>`);
    } finally {
      await reachable.close();
    }
  });

  it('refuses a call signed for another URL than PUBLIC_BASE_URL (a proxy not configured in)', async () => {
    api.sandbox.ownNumber({ phoneNumber: '+14155558888', voiceUrl: `${baseUrl}/twilio/voice` });

    const call = await api.sandbox.placeCall({ to: '+14155558888' });

    expect(call.status).toBe(403);
  });
});

describe('POST /twilio/recording', () => {
  it('acknowledges a signed recording callback and refuses an unsigned one', async () => {
    const params = {
      AccountSid: api.sandbox.accountSid,
      CallSid: 'CA' + '2'.repeat(32),
      RecordingSid: 'RE' + '3'.repeat(32),
      RecordingStatus: 'completed',
    };
    const url = `${PUBLIC_BASE_URL}/twilio/recording`;

    await api.http
      .post('/twilio/recording')
      .type('form')
      .set(
        'X-Twilio-Signature',
        twilio.getExpectedTwilioSignature(api.sandbox.authToken, url, params),
      )
      .send(params)
      .expect(204);
    await api.http.post('/twilio/recording').type('form').send(params).expect(403);
  });
});
