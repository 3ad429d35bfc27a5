import { bearer, LOQUENT_VOICE_URL, TestApi, TestOrganization } from '../support/api/test-api';

let api: TestApi;
let org: TestOrganization;
let other: TestOrganization;

beforeAll(async () => {
  api = await TestApi.start();
  org = await api.createOrganization('Acme');
  other = await api.createOrganization('Globex');
});

afterAll(() => api.close());

let counter = 0;

/** A number already in the account with its own voice URL, imported and pointed at Loquent. */
async function configuredNumber(previousVoiceUrl: string | null = 'https://old-ivr.example/voice') {
  counter++;
  const owned = api.sandbox.ownNumber({
    phoneNumber: `+1347555${counter.toString().padStart(4, '0')}`,
    voiceUrl: previousVoiceUrl,
    smsUrl: 'https://sms.example/in',
  });
  const synced = await api.http
    .post('/api/twilio/sync-numbers')
    .set(bearer(org.token))
    .send({ twilio_sids: [owned.sid] })
    .expect(200);
  const id: string = synced.body.numbers[0].id;
  await api.http
    .post('/api/twilio/configure-phone-voice')
    .set(bearer(org.token))
    .send({ phone_number_id: id })
    .expect(200);
  return { id, sid: owned.sid, number: owned.phoneNumber };
}

const inTwilio = (sid: string) => api.sandbox.ownedNumbers().find((n) => n.sid === sid);

describe('GET /api/phones/:id', () => {
  it('returns the number with everything Loquent knows of it', async () => {
    const { id, sid, number } = await configuredNumber();

    const response = await api.http.get(`/api/phones/${id}`).set(bearer(org.token)).expect(200);

    expect(response.body).toEqual({
      id,
      number,
      twilio_sid: sid,
      friendly_name: inTwilio(sid)!.friendlyName,
      agent_id: null,
      analyzer_ids: [],
      fallback: null,
      business_hours: null,
      voice_url_status: 'configured',
      previous_voice_url: 'https://old-ivr.example/voice',
      previous_voice_fallback_url: null,
      source: 'imported',
      created_at: expect.any(String),
    });
  });

  it("answers 404 for another organization's number and 400 for a malformed id", async () => {
    const { id } = await configuredNumber();

    await api.http.get(`/api/phones/${id}`).set(bearer(other.token)).expect(404);
    const malformed = await api.http
      .get('/api/phones/not-an-id')
      .set(bearer(org.token))
      .expect(400);
    expect(malformed.body.errors).toEqual([{ field: 'id', message: 'id must be a UUID' }]);
  });
});

describe('PUT /api/phones/:id', () => {
  it('renames the number and assigns its agent; null clears; nothing changes in Twilio', async () => {
    const { id, sid } = await configuredNumber();
    const before = inTwilio(sid);

    const renamed = await api.http
      .put(`/api/phones/${id}`)
      .set(bearer(org.token))
      .send({ friendly_name: 'Support', agent_id: org.agentId })
      .expect(200);
    expect(renamed.body).toMatchObject({ friendly_name: 'Support', agent_id: org.agentId });

    const cleared = await api.http
      .put(`/api/phones/${id}`)
      .set(bearer(org.token))
      .send({ agent_id: null })
      .expect(200);
    expect(cleared.body).toMatchObject({ friendly_name: 'Support', agent_id: null });
    expect(inTwilio(sid)).toEqual(before);
  });

  it.each([
    [{}, 'nothing to change'],
    [{ agent_id: 'agent-7' }, 'an agent id that is not a UUID'],
    [{ friendly_name: 'x'.repeat(65) }, 'a name over 64 characters'],
    [{ friendly_name: 7 }, 'a name that is not a string'],
    [{ number: '+15005550006' }, 'a field that cannot change'],
  ])('refuses %j (%s) with 400', async (body, _description) => {
    const { id } = await configuredNumber();

    await api.http.put(`/api/phones/${id}`).set(bearer(org.token)).send(body).expect(400);
  });

  it("answers 404 for another organization's number, changing nothing", async () => {
    const { id } = await configuredNumber();

    await api.http
      .put(`/api/phones/${id}`)
      .set(bearer(other.token))
      .send({ agent_id: other.agentId })
      .expect(404);
    const unchanged = await api.http.get(`/api/phones/${id}`).set(bearer(org.token)).expect(200);
    expect(unchanged.body.agent_id).toBeNull();
  });
});

describe('POST /api/twilio/restore-phone-voice', () => {
  it('puts the previous voice URL back in Twilio and forgets it in Loquent, SMS untouched', async () => {
    const { id, sid } = await configuredNumber('https://old-ivr.example/restore');
    expect(inTwilio(sid)?.voiceUrl).toBe(LOQUENT_VOICE_URL);

    const response = await api.http
      .post('/api/twilio/restore-phone-voice')
      .set(bearer(org.token))
      .send({ phone_number_id: id })
      .expect(200);

    expect(response.body).toMatchObject({
      voice_url_status: 'not_configured',
      previous_voice_url: null,
    });
    expect(inTwilio(sid)).toMatchObject({
      voiceUrl: 'https://old-ivr.example/restore',
      smsUrl: 'https://sms.example/in',
    });
  });

  it('clears the voice URL when the number had none before Loquent', async () => {
    const { id, sid } = await configuredNumber(null);

    await api.http
      .post('/api/twilio/restore-phone-voice')
      .set(bearer(org.token))
      .send({ phone_number_id: id })
      .expect(200);

    expect(inTwilio(sid)?.voiceUrl).toBeNull();
  });

  it("answers 404 for another organization's number, changing nothing in Twilio", async () => {
    const { id, sid } = await configuredNumber();

    await api.http
      .post('/api/twilio/restore-phone-voice')
      .set(bearer(other.token))
      .send({ phone_number_id: id })
      .expect(404);

    expect(inTwilio(sid)?.voiceUrl).toBe(LOQUENT_VOICE_URL);
  });
});

describe('DELETE /api/phones/:id', () => {
  it('restores the previous voice URL and removes the number; it stays in the Twilio account', async () => {
    const { id, sid } = await configuredNumber('https://old-ivr.example/delete');

    await api.http.delete(`/api/phones/${id}`).set(bearer(org.token)).expect(204);

    expect(inTwilio(sid)?.voiceUrl).toBe('https://old-ivr.example/delete');
    await api.http.get(`/api/phones/${id}`).set(bearer(org.token)).expect(404);
    const unsynced = await api.http
      .post('/api/twilio/get-unsynced-numbers')
      .set(bearer(org.token))
      .send({})
      .expect(200);
    expect(unsynced.body.numbers.map((n: { twilio_sid: string }) => n.twilio_sid)).toContain(sid);
  });

  it('releases the number at Twilio only with ?release=true', async () => {
    const { id, sid } = await configuredNumber();
    const releases = api.sandbox.countOf('releaseIncomingNumber');

    await api.http.delete(`/api/phones/${id}?release=true`).set(bearer(org.token)).expect(204);

    expect(inTwilio(sid)).toBeUndefined();
    expect(api.sandbox.countOf('releaseIncomingNumber')).toBe(releases + 1);
  });

  it('never releases without being asked', async () => {
    const { id, sid } = await configuredNumber();
    const releases = api.sandbox.countOf('releaseIncomingNumber');

    await api.http.delete(`/api/phones/${id}?release=false`).set(bearer(org.token)).expect(204);

    expect(inTwilio(sid)).toBeDefined();
    expect(api.sandbox.countOf('releaseIncomingNumber')).toBe(releases);
  });

  it('removes nothing when Twilio fails, and says so', async () => {
    const { id } = await configuredNumber();
    api.sandbox.faults.failNext('fetchIncomingNumber', { status: 500, times: 3 });

    await api.http.delete(`/api/phones/${id}`).set(bearer(org.token)).expect(502);

    await api.http.get(`/api/phones/${id}`).set(bearer(org.token)).expect(200);
    api.sandbox.faults.reset();
  });

  it("answers 404 for another organization's number, releasing and removing nothing", async () => {
    const { id, sid } = await configuredNumber();

    await api.http.delete(`/api/phones/${id}?release=true`).set(bearer(other.token)).expect(404);

    expect(inTwilio(sid)).toBeDefined();
    await api.http.get(`/api/phones/${id}`).set(bearer(org.token)).expect(200);
  });

  it('refuses a release value other than true or false', async () => {
    const { id } = await configuredNumber();

    await api.http.delete(`/api/phones/${id}?release=yes`).set(bearer(org.token)).expect(400);
  });
});

describe('POST /api/twilio/check-phone-voice', () => {
  it('reports numbers that no longer call Loquent and numbers gone from the account', async () => {
    const checker = await api.createOrganization('Checker');
    const drifting = api.sandbox.ownNumber({ phoneNumber: '+13475559001', voiceUrl: null });
    const leaving = api.sandbox.ownNumber({ phoneNumber: '+13475559002', voiceUrl: null });
    const steady = api.sandbox.ownNumber({ phoneNumber: '+13475559003', voiceUrl: null });
    const synced = await api.http
      .post('/api/twilio/sync-numbers')
      .set(bearer(checker.token))
      .send({ twilio_sids: [drifting.sid, leaving.sid, steady.sid] })
      .expect(200);
    for (const n of synced.body.numbers) {
      await api.http
        .post('/api/twilio/configure-phone-voice')
        .set(bearer(checker.token))
        .send({ phone_number_id: n.id })
        .expect(200);
    }
    // Outside Loquent: someone repoints one number and releases another.
    const basic = `Basic ${Buffer.from(`${api.sandbox.accountSid}:${api.sandbox.authToken}`).toString('base64')}`;
    const base = `${api.sandbox.url}/2010-04-01/Accounts/${api.sandbox.accountSid}/IncomingPhoneNumbers`;
    await fetch(`${base}/${drifting.sid}.json`, {
      method: 'POST',
      headers: { Authorization: basic, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'VoiceUrl=https%3A%2F%2Felsewhere.example%2Fvoice',
    });
    await fetch(`${base}/${leaving.sid}.json`, {
      method: 'DELETE',
      headers: { Authorization: basic },
    });

    const report = await api.http
      .post('/api/twilio/check-phone-voice')
      .set(bearer(checker.token))
      .send({})
      .expect(200);

    expect(report.body.checked).toBe(3);
    expect(report.body.drifted).toEqual([
      expect.objectContaining({
        number: '+13475559001',
        voice_url: 'https://elsewhere.example/voice',
      }),
    ]);
    expect(report.body.missing).toEqual([expect.objectContaining({ number: '+13475559002' })]);
  });
});
