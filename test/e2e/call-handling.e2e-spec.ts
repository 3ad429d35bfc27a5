import { FixedClock } from '@loquent/telephony-domain/testing';
import twilio from 'twilio';
import { freePort } from '../../apps/api/src/bootstrap/free-port';
import { bearer, PUBLIC_BASE_URL, TestApi, TestOrganization } from '../support/api/test-api';

// Business hours of the numbers below: weekdays 09:00 to 17:00 in Los Angeles, closed at Christmas.
const LA_HOURS = {
  time_zone: 'America/Los_Angeles',
  weekly: (['mon', 'tue', 'wed', 'thu', 'fri'] as const).map((day) => ({
    day,
    from: '09:00',
    to: '17:00',
  })),
  closed_dates: ['2026-12-25'],
};
const DIAL_DESK = { action: 'dial', number: '+14155550142', timeout_s: 20 };
const TUESDAY_10AM_PST = new Date('2026-12-01T18:00:00Z');

const clock = new FixedClock(TUESDAY_10AM_PST);
let api: TestApi;
const areaCodes = ['415', '212', '312', '646', '617', '206', '303', '512'];

beforeAll(async () => {
  api = await TestApi.start({ clock });
});

afterAll(() => api.close());

beforeEach(() => clock.set(TUESDAY_10AM_PST));

let bought = 0;
/** A number bought by the organization, with what PUT /api/phones/:id is given. */
async function number(
  org: TestOrganization,
  settings: Record<string, unknown> = {},
): Promise<{ id: string; number: string }> {
  const areaCode = areaCodes[bought++ % areaCodes.length]!;
  const phoneNumber = api.sandbox.availableNumbers(areaCode)[0]!;
  const response = await api.http
    .post('/api/twilio/buy-phone-number')
    .set(bearer(org.token))
    .send({ phone_number: phoneNumber })
    .expect(201);
  if (Object.keys(settings).length > 0) {
    await api.http
      .put(`/api/phones/${response.body.id}`)
      .set(bearer(org.token))
      .send(settings)
      .expect(200);
  }
  return { id: response.body.id, number: phoneNumber };
}

function callParams(to: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    AccountSid: api.sandbox.accountSid,
    ApiVersion: '2010-04-01',
    CallSid: 'CA' + '1'.repeat(32),
    CallStatus: 'in-progress',
    Direction: 'inbound',
    From: '+15005550006',
    To: to,
    ...extra,
  };
}

/** Posts to a Twilio webhook of Loquent as Twilio would: form-encoded, signed over the public URL. */
function signed(path: string, params: Record<string, string>, sign = params) {
  return api.http
    .post(path)
    .type('form')
    .set(
      'X-Twilio-Signature',
      twilio.getExpectedTwilioSignature(api.sandbox.authToken, `${PUBLIC_BASE_URL}${path}`, sign),
    )
    .send(params);
}

const call = async (to: string) => (await signed('/twilio/voice', callParams(to)).expect(200)).text;

const DIAL_TWIML =
  `<Dial timeout="20" action="${PUBLIC_BASE_URL}/twilio/voice/after-dial" method="POST" ` +
  `answerOnBridge="true"><Number>+14155550142</Number></Dial>`;
const STREAM = `<Connect action="${PUBLIC_BASE_URL}/twilio/voice/after-stream" method="POST"><Stream`;
const APOLOGY = /<Say>Sorry[^<]*<\/Say><Hangup\/><\/Response>$/;

describe('a call within hours with an agent', () => {
  it('is streamed to the agent inside <Connect action>; the stream dropped, the action gets the fallback', async () => {
    const org = await api.createOrganization();
    const { number: to } = await number(org, {
      agent_id: org.agentId,
      fallback: DIAL_DESK,
      business_hours: LA_HOURS,
    });

    expect(await call(to)).toContain(STREAM);

    const dropped = await signed('/twilio/voice/after-stream', callParams(to)).expect(200);
    expect(dropped.text).toContain(DIAL_TWIML);
    expect(dropped.text).not.toContain('<Stream');

    // The caller hung up first: nothing to play.
    const over = await signed(
      '/twilio/voice/after-stream',
      callParams(to, { CallStatus: 'completed' }),
    ).expect(200);
    expect(over.text).toMatch(/<Response><Hangup\/><\/Response>$/);
  });

  it('after a forwarded call: hangs up when it was answered, apologises when it was not', async () => {
    const org = await api.createOrganization();
    const { number: to } = await number(org, { fallback: DIAL_DESK });

    const answered = await signed(
      '/twilio/voice/after-dial',
      callParams(to, { DialCallStatus: 'completed' }),
    ).expect(200);
    const busy = await signed(
      '/twilio/voice/after-dial',
      callParams(to, { DialCallStatus: 'busy' }),
    ).expect(200);

    expect(answered.text).toMatch(/<Response><Hangup\/><\/Response>$/);
    expect(busy.text).toMatch(APOLOGY);
  });

  it('refuses an after-stream request that is not signed by the account of the number', async () => {
    const org = await api.createOrganization();
    const { number: to } = await number(org, { agent_id: org.agentId, fallback: DIAL_DESK });

    await api.http.post('/twilio/voice/after-stream').type('form').send(callParams(to)).expect(403);
  });
});

describe('a call outside hours (a fixed clock, Los Angeles time)', () => {
  it('gets the fallback after 17:00, at the weekend and on a closed date', async () => {
    const org = await api.createOrganization();
    const { number: to } = await number(org, {
      agent_id: org.agentId,
      fallback: { action: 'say', message: 'We are closed. Call back from nine.' },
      business_hours: LA_HOURS,
    });
    const closed = /<Say>We are closed. Call back from nine.<\/Say><Hangup\/>/;

    clock.set(new Date('2026-12-02T00:59:00Z')); // Tuesday 16:59 PST
    expect(await call(to)).toContain(STREAM);
    clock.set(new Date('2026-12-02T01:00:00Z')); // Tuesday 17:00 PST
    expect(await call(to)).toMatch(closed);
    clock.set(new Date('2026-12-05T18:00:00Z')); // Saturday 10:00
    expect(await call(to)).toMatch(closed);
    clock.set(new Date('2026-12-25T18:00:00Z')); // Friday 10:00, Christmas
    expect(await call(to)).toMatch(closed);
    clock.set(new Date('2026-12-24T18:00:00Z')); // Thursday 10:00
    expect(await call(to)).toContain(STREAM);
  });

  it('follows the daylight saving change: the same UTC time is closed before it and open after', async () => {
    const org = await api.createOrganization();
    const { number: to } = await number(org, {
      agent_id: org.agentId,
      fallback: DIAL_DESK,
      business_hours: LA_HOURS,
    });

    clock.set(new Date('2026-03-06T16:30:00Z')); // Friday 08:30 PST
    expect(await call(to)).toContain(DIAL_TWIML);
    clock.set(new Date('2026-03-09T16:30:00Z')); // Monday 09:30 PDT (since Sunday 8 March)
    expect(await call(to)).toContain(STREAM);
  });
});

describe('a call to a number with no agent', () => {
  it("gets the number's fallback, else the organization's default, else the apology", async () => {
    const org = await api.createOrganization();
    const own = await number(org, { fallback: DIAL_DESK });
    const bare = await number(org);

    expect(await call(own.number)).toContain(DIAL_TWIML);
    expect(await call(bare.number)).toMatch(APOLOGY);

    await api.http
      .put('/api/call-handling')
      .set(bearer(org.token))
      .send({ default_fallback: { action: 'say', message: 'Nobody is here today.' } })
      .expect(200);

    expect(await call(bare.number)).toMatch(/<Say>Nobody is here today.<\/Say><Hangup\/>/);
    expect(await call(own.number)).toContain(DIAL_TWIML);

    // Cleared again: the number's own fallback cleared too, the apology is back.
    await api.http
      .put(`/api/phones/${own.id}`)
      .set(bearer(org.token))
      .send({ fallback: null })
      .expect(200);
    await api.http
      .put('/api/call-handling')
      .set(bearer(org.token))
      .send({ default_fallback: null })
      .expect(200);
    expect(await call(own.number)).toMatch(APOLOGY);
  });
});

describe('the outage switch', () => {
  it('sends every call of the organization to its fallback, and no call of another organization', async () => {
    const acme = await api.createOrganization('Acme');
    const globex = await api.createOrganization('Globex');
    const withOwn = await number(acme, { agent_id: acme.agentId, fallback: DIAL_DESK });
    const withDefault = await number(acme, { agent_id: acme.agentId });
    const other = await number(globex, { agent_id: globex.agentId, fallback: DIAL_DESK });
    await api.http
      .put('/api/call-handling')
      .set(bearer(acme.token))
      .send({ default_fallback: { action: 'voicemail' } })
      .expect(200);

    const on = await api.http
      .put('/api/call-handling')
      .set(bearer(acme.token))
      .send({ outage: true })
      .expect(200);

    expect(on.body).toEqual({
      default_fallback: { action: 'voicemail', greeting: null, max_length_s: 120 },
      outage: true,
      updated_at: TUESDAY_10AM_PST.toISOString(),
    });
    expect(await call(withOwn.number)).toContain(DIAL_TWIML);
    expect(await call(withDefault.number)).toContain('<Record maxLength="120"');
    expect(await call(other.number)).toContain(STREAM);

    await api.http
      .put('/api/call-handling')
      .set(bearer(acme.token))
      .send({ outage: false })
      .expect(200);
    expect(await call(withOwn.number)).toContain(STREAM);

    const metrics = await api.metricsHttp.get('/metrics').expect(200);
    expect(metrics.text).toMatch(/loquent_calls_total\{outcome="fallback",reason="outage"\} [1-9]/);
    expect(metrics.text).toMatch(/loquent_calls_total\{outcome="agent",reason="none"\} [1-9]/);
  });

  it('is read with Organization:Instance:View and changed only with Organization:Instance:Update', async () => {
    const org = await api.createOrganization();

    const read = await api.http
      .get('/api/call-handling')
      .set(bearer(org.tokenWith('Organization:Instance:View')))
      .expect(200);
    const refused = await api.http
      .put('/api/call-handling')
      .set(bearer(org.tokenWith('Organization:Instance:View', 'Phone:Instance:Update')))
      .send({ outage: true })
      .expect(403);

    expect(read.body).toEqual({ default_fallback: null, outage: false, updated_at: null });
    expect(refused.body).toMatchObject({ permission: 'Organization:Instance:Update' });
    await api.http
      .get('/api/call-handling')
      .set(bearer(org.token))
      .expect(200)
      .expect((response) => expect(response.body.outage).toBe(false));
  });
});

describe('voicemail', () => {
  async function voicemailNumber() {
    const org = await api.createOrganization();
    const phone = await number(org, {
      fallback: { action: 'voicemail', greeting: 'Leave us a message.', max_length_s: 60 },
    });
    return { org, ...phone };
  }

  function recording(n: number, extra: Record<string, string> = {}): Record<string, string> {
    return {
      AccountSid: api.sandbox.accountSid,
      CallSid: 'CA' + String(n).repeat(32).slice(0, 32),
      RecordingSid: 'RE' + String(n).repeat(32).slice(0, 32),
      RecordingStatus: 'completed',
      RecordingDuration: String(10 + n),
      RecordingUrl: `https://api.twilio.com/2010-04-01/Accounts/${api.sandbox.accountSid}/Recordings/RE${n}`,
      RecordingChannels: '1',
      RecordingSource: 'RecordVerb',
      ...extra,
    };
  }

  it('records after the greeting, and the signed recording callback lands in GET /api/phones/:id/voicemails', async () => {
    const { org, id, number: to } = await voicemailNumber();

    const twiml = await call(to);
    const callback = `/twilio/recording?voicemail_for=${encodeURIComponent(to)}`;
    expect(twiml).toContain(
      `<Say>Leave us a message.</Say><Record maxLength="60" playBeep="true" action="${PUBLIC_BASE_URL}/twilio/voice/after-voicemail" method="POST" recordingStatusCallback="${PUBLIC_BASE_URL}${callback}"`,
    );

    await signed(callback, recording(1)).expect(204);
    clock.advance(60_000);
    await signed(callback, recording(2)).expect(204);
    // Twilio repeats a callback it thinks was lost: kept once.
    await signed(callback, recording(2)).expect(204);

    const first = await api.http
      .get(`/api/phones/${id}/voicemails?limit=1`)
      .set(bearer(org.tokenWith('Phone:Instance:View')))
      .expect(200);
    expect(first.body).toEqual([
      {
        id: expect.any(String),
        recording_sid: recording(2).RecordingSid,
        call_sid: recording(2).CallSid,
        caller: expect.any(String),
        duration_s: 12,
        recording_url: recording(2).RecordingUrl,
        received_at: new Date(TUESDAY_10AM_PST.getTime() + 60_000).toISOString(),
      },
    ]);
    const next = /<([^>]+)>; rel="next"/.exec(first.headers.link as string)![1]!;
    const second = await api.http
      .get(next.replace(PUBLIC_BASE_URL, ''))
      .set(bearer(org.token))
      .expect(200);
    expect(second.body.map((v: { recording_sid: string }) => v.recording_sid)).toEqual([
      recording(1).RecordingSid,
    ]);
    expect(second.headers.link).toBeUndefined();

    const thanks = await signed('/twilio/voice/after-voicemail', callParams(to)).expect(200);
    expect(thanks.text).toMatch(/<Say>Thank you for your message. Goodbye.<\/Say><Hangup\/>/);
  });

  it('refuses a tampered callback (403) and stores nothing', async () => {
    const { org, id, number: to } = await voicemailNumber();
    const callback = `/twilio/recording?voicemail_for=${encodeURIComponent(to)}`;
    const params = recording(3);

    await signed(callback, { ...params, RecordingDuration: '9999' }, params).expect(403);
    // Signed for another number's URL, then sent to this one's.
    await api.http
      .post(callback)
      .type('form')
      .set(
        'X-Twilio-Signature',
        twilio.getExpectedTwilioSignature(
          api.sandbox.authToken,
          `${PUBLIC_BASE_URL}/twilio/recording?voicemail_for=%2B14155550000`,
          params,
        ),
      )
      .send(params)
      .expect(403);
    await signed(`/twilio/recording?voicemail_for=not-a-number`, params).expect(403);

    const list = await api.http
      .get(`/api/phones/${id}/voicemails`)
      .set(bearer(org.token))
      .expect(200);
    expect(list.body).toEqual([]);
  });

  it("lists only the organization's own numbers' voicemails (404 for another's)", async () => {
    const { id } = await voicemailNumber();
    const stranger = await api.createOrganization('Stranger');

    await api.http.get(`/api/phones/${id}/voicemails`).set(bearer(stranger.token)).expect(404);
    await api.http
      .get(`/api/phones/${id}/voicemails?after=00000000-0000-4000-8000-000000000000`)
      .set(bearer(stranger.token))
      .expect(404);
  });
});

describe('bad call handling', () => {
  const cases: [string, Record<string, unknown>, string][] = [
    [
      'an unknown time zone',
      { business_hours: { ...LA_HOURS, time_zone: 'America/Springfield' } },
      'business_hours.time_zone',
    ],
    [
      'from after to',
      { business_hours: { ...LA_HOURS, weekly: [{ day: 'mon', from: '17:00', to: '09:00' }] } },
      'business_hours.weekly[0].to',
    ],
    [
      'a fallback number that is not E.164',
      { fallback: { action: 'dial', number: '(415) 555-0142' } },
      'fallback.number',
    ],
    [
      'a 10,000-character message',
      { fallback: { action: 'say', message: 'a'.repeat(10_000) } },
      'fallback.message',
    ],
  ];

  it.each(cases)('%s: 400 naming the field, nothing changed', async (_, body, field) => {
    const org = await api.createOrganization();
    const { id } = await number(org, { fallback: DIAL_DESK, business_hours: LA_HOURS });
    const before = await api.http.get(`/api/phones/${id}`).set(bearer(org.token)).expect(200);

    const refused = await api.http
      .put(`/api/phones/${id}`)
      .set(bearer(org.token))
      .send({ friendly_name: 'Renamed', ...body })
      .expect(400);

    expect(refused.body).toMatchObject({
      code: 'invalid_call_handling',
      errors: [{ field, message: expect.stringContaining(field) }],
    });
    expect(JSON.stringify(refused.body).length).toBeLessThan(2_000);
    const after = await api.http.get(`/api/phones/${id}`).set(bearer(org.token)).expect(200);
    expect(after.body).toEqual(before.body);
    expect(after.headers.etag).toBe(before.headers.etag);
    expect(after.body).toMatchObject({ fallback: { ...DIAL_DESK }, business_hours: LA_HOURS });
  });

  it('refuses a bad default fallback, leaving the organization as it was', async () => {
    const org = await api.createOrganization();

    const refused = await api.http
      .put('/api/call-handling')
      .set(bearer(org.token))
      .send({ outage: true, default_fallback: { action: 'say', message: 'x'.repeat(10_000) } })
      .expect(400);

    expect(refused.body.errors).toEqual([
      { field: 'default_fallback.message', message: expect.any(String) },
    ]);
    const now = await api.http.get('/api/call-handling').set(bearer(org.token)).expect(200);
    expect(now.body).toEqual({ default_fallback: null, outage: false, updated_at: null });
  });

  it('shows what was set, defaults spelled out, and clears it with null', async () => {
    const org = await api.createOrganization();
    const { id } = await number(org);

    const set = await api.http
      .put(`/api/phones/${id}`)
      .set(bearer(org.token))
      .send({ fallback: { action: 'dial', number: '+442071838750' }, business_hours: LA_HOURS })
      .expect(200);
    expect(set.body).toMatchObject({
      fallback: { action: 'dial', number: '+442071838750', timeout_s: 30 },
      business_hours: LA_HOURS,
    });

    const cleared = await api.http
      .put(`/api/phones/${id}`)
      .set(bearer(org.token))
      .send({ fallback: null, business_hours: null })
      .expect(200);
    expect(cleared.body).toMatchObject({ fallback: null, business_hours: null });

    // Each change is in the number's history, with what it replaced, as the API spells it.
    const events = await api.http
      .get(`/api/phones/${id}/events`)
      .set(bearer(org.token))
      .expect(200);
    const changes = (events.body as { type: string; data: unknown }[]).filter(
      (event) => event.type === 'phone_number.call_handling_changed',
    );
    expect(changes.map((event) => event.data)).toEqual([
      {
        before: { fallback: null, business_hours: null },
        after: { fallback: set.body.fallback, business_hours: set.body.business_hours },
      },
      {
        before: { fallback: set.body.fallback, business_hours: set.body.business_hours },
        after: { fallback: null, business_hours: null },
      },
    ]);
  });
});

describe('VOICE_FALLBACK_URL', () => {
  const FALLBACK = 'https://static.loquent.test/voice-fallback.xml';
  const THEIRS = 'https://old-ivr.example/fallback';
  let withFallback: TestApi;

  beforeAll(async () => {
    withFallback = await TestApi.start({
      sandbox: api.sandbox,
      overrides: { voiceFallbackUrl: FALLBACK },
    });
  });

  afterAll(() => withFallback.close());

  /** The number as Twilio's REST API (the sandbox) shows it. */
  async function atTwilio(
    sid: string,
  ): Promise<{ voice_fallback_url: string | null; voice_fallback_method: string }> {
    const { accountSid, authToken, url } = api.sandbox;
    const response = await fetch(
      `${url}/2010-04-01/Accounts/${accountSid}/IncomingPhoneNumbers/${sid}.json`,
      {
        headers: {
          Authorization: `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`,
        },
      },
    );
    return (await response.json()) as {
      voice_fallback_url: string | null;
      voice_fallback_method: string;
    };
  }

  async function setTheirs(sid: string): Promise<void> {
    const { accountSid, authToken, url } = api.sandbox;
    await fetch(`${url}/2010-04-01/Accounts/${accountSid}/IncomingPhoneNumbers/${sid}.json`, {
      method: 'POST',
      headers: {
        Authorization: `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`,
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({
        VoiceFallbackUrl: THEIRS,
        VoiceFallbackMethod: 'GET',
      }).toString(),
    });
  }

  it('configuring sets it (POST) remembering the one there; restore puts it back; the drift check sees it', async () => {
    const org = await withFallback.createOrganization();
    const { id, sid } = await withFallback.importedNumber(org, {
      phoneNumber: '+14155557301',
      voiceUrl: 'https://old-ivr.example/voice',
    });
    await setTheirs(sid);

    const configured = await withFallback.http
      .post('/api/twilio/configure-phone-voice')
      .set(bearer(org.token))
      .send({ phone_number_id: id })
      .expect(200);
    expect(configured.body.previous_voice_fallback_url).toBe(THEIRS);
    expect(await atTwilio(sid)).toMatchObject({
      voice_fallback_url: FALLBACK,
      voice_fallback_method: 'POST',
    });

    const clean = await withFallback.http
      .post('/api/twilio/check-phone-voice')
      .set(bearer(org.token))
      .send({})
      .expect(200);
    expect(clean.body.drifted).toEqual([]);
    await setTheirs(sid);
    const drifted = await withFallback.http
      .post('/api/twilio/check-phone-voice')
      .set(bearer(org.token))
      .send({})
      .expect(200);
    expect(drifted.body.drifted).toMatchObject([{ id, voice_fallback_url: THEIRS }]);

    // Loquent's own back in place, then given back.
    await withFallback.http
      .post('/api/twilio/configure-phone-voice')
      .set(bearer(org.token))
      .send({ phone_number_id: id })
      .expect(200);
    const restored = await withFallback.http
      .post('/api/twilio/restore-phone-voice')
      .set(bearer(org.token))
      .send({ phone_number_id: id })
      .expect(200);

    expect(restored.body.previous_voice_fallback_url).toBeNull();
    expect((await atTwilio(sid)).voice_fallback_url).toBe(THEIRS);
  });
});

describe('the sandbox placing calls (it follows the TwiML and its actions)', () => {
  let reachable: TestApi;

  beforeAll(async () => {
    // An API whose public URL is where it listens, so the sandbox can request what the TwiML names.
    const port = await freePort();
    reachable = await TestApi.start({
      sandbox: api.sandbox,
      publicBaseUrl: `http://127.0.0.1:${port}`,
      clock,
    });
    await reachable.listen(port);
  });

  afterAll(() => reachable.close());

  async function reachableNumber(org: TestOrganization, settings: Record<string, unknown>) {
    const phoneNumber = api.sandbox.availableNumbers('720')[0]!;
    const bought = await reachable.http
      .post('/api/twilio/buy-phone-number')
      .set(bearer(org.token))
      .send({ phone_number: phoneNumber })
      .expect(201);
    await reachable.http
      .put(`/api/phones/${bought.body.id}`)
      .set(bearer(org.token))
      .send(settings)
      .expect(200);
    return { id: bought.body.id as string, number: phoneNumber };
  }

  it('an agent whose stream drops: the caller is taken to voicemail, which lands in the list', async () => {
    const org = await reachable.createOrganization();
    const { id, number: to } = await reachableNumber(org, {
      agent_id: org.agentId,
      fallback: { action: 'voicemail', greeting: 'The assistant is away.' },
    });

    const held = await api.sandbox.placeCall({ to });
    expect(held.steps.map((s) => s.verb)).toEqual(['record-call', 'stream']);

    const call = await api.sandbox.placeCall({ to, from: '+14155550123', dropStream: true });

    expect(call.steps).toEqual([
      {
        verb: 'record-call',
        recordingStatusCallback: expect.stringMatching(/\/twilio\/recording$/),
      },
      {
        verb: 'stream',
        url: expect.any(String),
        parameters: expect.objectContaining({ phone_number_id: id }),
        ended: true,
      },
      {
        verb: 'request',
        url: expect.stringMatching(/\/twilio\/voice\/after-stream$/),
        status: 200,
      },
      { verb: 'say', text: 'The assistant is away.' },
      { verb: 'record', maxLength: 120, recordingSid: expect.stringMatching(/^RE[0-9a-f]{32}$/) },
      {
        verb: 'request',
        url: expect.stringContaining('/twilio/recording?voicemail_for=%2B1720'),
        status: 204,
      },
      {
        verb: 'request',
        url: expect.stringMatching(/\/twilio\/voice\/after-voicemail$/),
        status: 200,
      },
      { verb: 'say', text: 'Thank you for your message. Goodbye.' },
      { verb: 'hangup' },
    ]);
    const voicemails = await reachable.http
      .get(`/api/phones/${id}/voicemails`)
      .set(bearer(org.token))
      .expect(200);
    expect(voicemails.body).toMatchObject([{ caller: '+14155550123', duration_s: 7 }]);
  });

  it('outside hours, a forward nobody answers ends with the apology, never silence', async () => {
    const org = await reachable.createOrganization();
    const { number: to } = await reachableNumber(org, {
      agent_id: org.agentId,
      fallback: DIAL_DESK,
      business_hours: LA_HOURS,
    });
    clock.set(new Date('2026-12-06T18:00:00Z')); // Sunday

    const call = await api.sandbox.placeCall({ to, dialStatus: 'no-answer' });

    expect(call.steps.map((s) => s.verb)).toEqual(['dial', 'request', 'say', 'hangup']);
    expect(call.steps[0]).toEqual({ verb: 'dial', number: '+14155550142', status: 'no-answer' });
    expect(call.steps[2]).toMatchObject({ text: expect.stringMatching(/^Sorry/) });
  });
});
