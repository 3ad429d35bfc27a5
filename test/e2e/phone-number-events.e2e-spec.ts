import { issueToken } from '../../apps/api/src/auth/token-issuer';
import { ALL_PERMISSIONS } from '../../apps/api/src/auth/permissions';
import { JobEngine } from '../../apps/api/src/webhooks/job-engine';
import {
  SWEEP_AFTER_MS,
  WebhookDeliveryWorker,
} from '../../apps/api/src/webhooks/webhook-delivery.worker';
import { bearer, TestApi, TestOrganization } from '../support/api/test-api';
import { WebhookReceiver } from '../support/webhooks/webhook-receiver';

/**
 * Every change to a number leaves a record (the audit API) and is POSTed, signed as Standard
 * Webhooks specify, to the organization's endpoints: on real PostgreSQL, pg-boss and the sandbox.
 */
let api: TestApi;
let receiver: WebhookReceiver;

beforeAll(async () => {
  api = await TestApi.start({ overrides: { driftCheckIntervalMs: 1_000 } });
  receiver = await WebhookReceiver.start();
});

afterAll(async () => {
  await receiver?.down();
  await api?.close();
});

interface EventBody {
  id: string;
  type: string;
  phone_number_id: string;
  occurred_at: string;
  actor: string;
  request_id: string | null;
  data: { before: Record<string, unknown> | null; after: Record<string, unknown> | null };
}

async function endpoint(
  organization: TestOrganization,
  body: { url: string; event_types?: string[] },
): Promise<{ id: string; secret: string }> {
  const created = await api.http
    .post('/api/webhook-endpoints')
    .set(bearer(organization.token))
    .send(body)
    .expect(201);
  return created.body;
}

async function events(organization: TestOrganization, query = ''): Promise<EventBody[]> {
  return (await api.http.get(`/api/events${query}`).set(bearer(organization.token)).expect(200))
    .body;
}

async function until<T>(probe: () => Promise<T>, done: (value: T) => boolean, what: string) {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('a purchase', () => {
  it("records phone_number.purchased with the token's sub and the request id, in the audit API and at a receiver that verifies the signature", async () => {
    const organization = await api.createOrganization('Buyer');
    const token = issueToken(api.config.auth.jwtSecret, {
      organizationId: organization.id,
      permissions: ALL_PERMISSIONS,
      subject: 'user-42',
    });
    const hook = await endpoint(organization, { url: receiver.url });
    expect(hook.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);

    const number = api.sandbox.availableNumbers('415')[0]!;
    const bought = await api.http
      .post('/api/twilio/buy-phone-number')
      .set(bearer(token))
      .set('X-Request-Id', 'req-buy-1')
      .send({ phone_number: number })
      .expect(201);

    const [purchased] = await events(organization, '?type=phone_number.purchased');
    expect(purchased).toEqual({
      id: expect.any(String),
      type: 'phone_number.purchased',
      phone_number_id: bought.body.id,
      occurred_at: expect.any(String),
      actor: 'user-42',
      request_id: 'req-buy-1',
      data: { before: null, after: { number, twilio_sid: bought.body.twilio_sid } },
    });
    const ofPhone = await api.http
      .get(`/api/phones/${bought.body.id}/events`)
      .set(bearer(token))
      .expect(200);
    expect(ofPhone.body.map((e: EventBody) => e.type)).toEqual([
      'phone_number.purchased',
      'phone_number.voice_url_configured',
    ]);

    await receiver.until(() => receiver.ids().includes(purchased!.id), 'the purchase webhook');
    const message = receiver.received.find((r) => r.id === purchased!.id)!;
    expect(WebhookReceiver.verify(hook.secret, message)).toEqual({
      id: purchased!.id,
      type: 'phone_number.purchased',
      timestamp: purchased!.occurred_at,
      data: {
        organization_id: organization.id,
        phone_number_id: bought.body.id,
        actor: 'user-42',
        request_id: 'req-buy-1',
        before: null,
        after: { number, twilio_sid: bought.body.twilio_sid },
      },
    });
    // The same check refuses a body changed on the way, or another secret.
    expect(() =>
      WebhookReceiver.verify(hook.secret, { ...message, raw: message.raw.replace('42', '43') }),
    ).toThrow();
    const other = await endpoint(organization, { url: receiver.url });
    expect(() => WebhookReceiver.verify(other.secret, message)).toThrow();
  });

  it('pages the audit log oldest first, with the next page in the Link header', async () => {
    const organization = await api.createOrganization('Pager');
    const { id } = await api.importedNumber(organization, { phoneNumber: '+13475550201' });
    for (const name of ['One', 'Two', 'Three']) {
      await api.http
        .put(`/api/phones/${id}`)
        .set(bearer(organization.token))
        .send({ friendly_name: name })
        .expect(200);
    }

    const first = await api.http
      .get('/api/events?type=phone_number.renamed&limit=2')
      .set(bearer(organization.token))
      .expect(200);
    expect(first.body.map((e: EventBody) => e.data)).toEqual([
      { before: { friendly_name: '(347) 555-0201' }, after: { friendly_name: 'One' } },
      { before: { friendly_name: 'One' }, after: { friendly_name: 'Two' } },
    ]);
    const next = new URL(first.headers.link!.match(/^<([^>]+)>/)![1]!);
    const second = await api.http
      .get(`${next.pathname}${next.search}`)
      .set(bearer(organization.token))
      .expect(200);
    expect(second.body.map((e: EventBody) => e.data.after)).toEqual([{ friendly_name: 'Three' }]);
    expect(second.headers.link).toBeUndefined();

    // Another organization sees none of it, and cannot page after its events.
    const stranger = await api.createOrganization('Stranger');
    expect(await events(stranger)).toEqual([]);
    await api.http
      .get(`/api/events?after=${first.body[0].id}`)
      .set(bearer(stranger.token))
      .expect(400);
    await api.http.get(`/api/phones/${id}/events`).set(bearer(stranger.token)).expect(404);
  });
});

describe('a rename rolled back by a failure', () => {
  it('leaves no event and sends nothing', async () => {
    const organization = await api.createOrganization('Rollback');
    await endpoint(organization, { url: receiver.url });
    const { id } = await api.importedNumber(organization, { phoneNumber: '+13475550301' });
    // Fails at COMMIT, after the rename and its event were both written in the transaction.
    await api.dataSource.query(`
      CREATE FUNCTION refuse_boom() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.friendly_name = 'Boom' THEN RAISE EXCEPTION 'refused at commit'; END IF;
        RETURN NEW;
      END $$`);
    await api.dataSource.query(`
      CREATE CONSTRAINT TRIGGER refuse_boom AFTER UPDATE ON phone_number
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION refuse_boom()`);
    try {
      await api.http
        .put(`/api/phones/${id}`)
        .set(bearer(organization.token))
        .send({ friendly_name: 'Boom' })
        .expect(500);
      await api.http
        .put(`/api/phones/${id}`)
        .set(bearer(organization.token))
        .send({ friendly_name: 'Fine' })
        .expect(200);
    } finally {
      await api.dataSource.query('DROP TRIGGER refuse_boom ON phone_number');
      await api.dataSource.query('DROP FUNCTION refuse_boom');
    }

    const recorded = await events(organization, '?type=phone_number.renamed');
    expect(recorded.map((e) => e.data.after)).toEqual([{ friendly_name: 'Fine' }]);
    const outbox = await api.dataSource.query(
      `SELECT count(*)::int AS n FROM webhook_deliveries d JOIN phone_number_events e ON e.id = d.event_id
        WHERE e.phone_number_id = $1 AND e.type = 'phone_number.renamed'`,
      [id],
    );
    expect(outbox).toEqual([{ n: 1 }]);
  });
});

describe('deliveries stored but not queued (the queue failing, or the process dying, just after the change commits)', () => {
  it('are queued by the sweep and delivered once, and the change is answered as made', async () => {
    const organization = await api.createOrganization('Unqueued');
    await endpoint(organization, { url: receiver.url });
    const { id } = await api.importedNumber(organization, { phoneNumber: '+13475550302' });
    const jobs = api.app.get(JobEngine);
    const insert = jest
      .spyOn(jobs.boss, 'insert')
      .mockRejectedValueOnce(new Error('the job engine is down'));
    try {
      await api.http
        .put(`/api/phones/${id}`)
        .set(bearer(organization.token))
        .send({ friendly_name: 'Swept' })
        .expect(200);
      expect(insert).toHaveBeenCalledTimes(1);
    } finally {
      insert.mockRestore();
    }
    const [renamed] = await events(organization, '?type=phone_number.renamed');
    expect(renamed!.data.after).toEqual({ friendly_name: 'Swept' });
    const jobsOf = async (eventId: string): Promise<number> => {
      const [row] = await api.dataSource.query(
        `SELECT count(*)::int AS jobs FROM pgboss.job j JOIN webhook_deliveries d ON d.id = j.id
          WHERE d.event_id = $1`,
        [eventId],
      );
      return row.jobs;
    };
    expect(await jobsOf(renamed!.id)).toBe(0);

    // Younger than the sweep's age, the delivery is left alone; older, it is queued, once however
    // many replicas sweep at the same time.
    const worker = api.app.get(WebhookDeliveryWorker);
    await worker.sweep(SWEEP_AFTER_MS);
    expect(await jobsOf(renamed!.id)).toBe(0);
    await api.dataSource.query(
      `UPDATE webhook_deliveries SET created_at = created_at - interval '1 minute' WHERE event_id = $1`,
      [renamed!.id],
    );
    await Promise.all([worker.sweep(SWEEP_AFTER_MS), worker.sweep(SWEEP_AFTER_MS)]);
    expect(await jobsOf(renamed!.id)).toBe(1);

    await receiver.until(() => receiver.ids().includes(renamed!.id), 'the swept delivery');
    await worker.sweep(0);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(receiver.ids().filter((received) => received === renamed!.id)).toHaveLength(1);
    expect(await jobsOf(renamed!.id)).toBe(1);
  });
});

describe('a receiver that is down for a while', () => {
  it('gets every event once it is up again: after 503s, and after refusing connections', async () => {
    const organization = await api.createOrganization('Flaky');
    const flaky = await WebhookReceiver.start();
    const hook = await endpoint(organization, {
      url: flaky.url,
      event_types: ['phone_number.renamed'],
    });
    flaky.unavailable = true;
    const { id } = await api.importedNumber(organization, { phoneNumber: '+13475550401' });
    for (const name of ['A', 'B', 'C']) {
      await api.http
        .put(`/api/phones/${id}`)
        .set(bearer(organization.token))
        .send({ friendly_name: name })
        .expect(200);
    }
    const deliveries = () =>
      api.http
        .get(`/api/webhook-endpoints/${hook.id}/deliveries`)
        .set(bearer(organization.token))
        .expect(200)
        .then((r) => r.body as { status: string; attempts: Record<string, unknown>[] }[]);
    const attempts = async () => (await deliveries()).flatMap((d) => d.attempts);

    await until(attempts, (a) => a.filter((x) => x.response_status === 503).length >= 3, '503s');
    await flaky.down();
    await until(attempts, (a) => a.some((x) => x.error === 'connection refused'), 'a refusal');
    flaky.unavailable = false;
    await flaky.up();

    const renamed = await events(organization, '?type=phone_number.renamed');
    await flaky.until(
      () => renamed.every((e) => flaky.ids().includes(e.id)),
      'every rename at the receiver',
    );
    for (const message of flaky.received)
      expect(WebhookReceiver.verify(hook.secret, message)).toBeTruthy();
    const settled = await until(
      deliveries,
      (d) => d.every((x) => x.status === 'delivered'),
      'every delivery recorded',
    );
    expect(settled).toHaveLength(3);
    const failed = settled.flatMap((d) => d.attempts).filter((a) => a.response_status !== 204);
    expect(failed.length).toBeGreaterThanOrEqual(4);
    for (const attempt of failed) expect(attempt.next_attempt_at).toEqual(expect.any(String));
    const served503 = failed.find((a) => a.response_status === 503)!;
    expect(served503.response_body).toBe('busy '.repeat(1000).slice(0, 1024));

    const metrics = (await api.metricsHttp.get('/metrics').expect(200)).text;
    expect(metrics).toMatch(/loquent_webhook_delivery_attempts_total\{outcome="retried"\} [1-9]/);
    expect(metrics).toMatch(/loquent_webhook_delivery_lag_seconds_count [1-9]/);
    await flaky.down();
  });
});

describe('a receiver answering bytes PostgreSQL cannot store', () => {
  it('is delivered once: its 200 with NUL bytes in the body is recorded, not retried', async () => {
    const organization = await api.createOrganization('Odd receiver');
    const odd = await WebhookReceiver.start();
    odd.successBody = Buffer.from('ok\u0000\u0000 done', 'utf8');
    const hook = await endpoint(organization, {
      url: odd.url,
      event_types: ['phone_number.renamed'],
    });
    const { id } = await api.importedNumber(organization, { phoneNumber: '+13475550402' });
    await api.http
      .put(`/api/phones/${id}`)
      .set(bearer(organization.token))
      .send({ friendly_name: 'Odd' })
      .expect(200);

    const settled = await until(
      () =>
        api.http
          .get(`/api/webhook-endpoints/${hook.id}/deliveries`)
          .set(bearer(organization.token))
          .expect(200)
          .then((r) => r.body as { status: string; attempts: Record<string, unknown>[] }[]),
      (d) => d.length === 1 && d[0]!.status === 'delivered',
      'the delivery recorded',
    );
    expect(settled[0]!.attempts).toEqual([
      expect.objectContaining({ response_status: 200, response_body: 'ok\uFFFD\uFFFD done' }),
    ]);
    expect(odd.received).toHaveLength(1);
    await odd.down();
  });
});

describe('the scheduled drift check', () => {
  it('records a voice URL changed behind Loquent’s back as one event and one delivery, not one per run', async () => {
    const organization = await api.createOrganization('Drifter');
    const drifts = await WebhookReceiver.start();
    await endpoint(organization, {
      url: drifts.url,
      event_types: ['phone_number.voice_url_drifted'],
    });
    const { id, sid } = await api.importedNumber(organization, { phoneNumber: '+13475550501' });
    await api.http
      .post('/api/twilio/configure-phone-voice')
      .set(bearer(organization.token))
      .send({ phone_number_id: id })
      .expect(200);

    const basic = `Basic ${Buffer.from(`${api.sandbox.accountSid}:${api.sandbox.authToken}`).toString('base64')}`;
    await fetch(
      `${api.sandbox.url}/2010-04-01/Accounts/${api.sandbox.accountSid}/IncomingPhoneNumbers/${sid}.json`,
      {
        method: 'POST',
        headers: { Authorization: basic, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: 'VoiceUrl=https%3A%2F%2Felsewhere.example%2Fvoice',
      },
    );

    const [drifted] = await until(
      () => events(organization, '?type=phone_number.voice_url_drifted'),
      (e) => e.length > 0,
      'the drift event',
    );
    expect(drifted).toMatchObject({
      phone_number_id: id,
      actor: 'system:drift-check',
      request_id: null,
      data: {
        before: { voice_url: 'https://api.loquent.test/twilio/voice' },
        after: { voice_url: 'https://elsewhere.example/voice' },
      },
    });
    // Two more runs see the same drift.
    const checkedAt = async () =>
      (
        await api.dataSource.query(
          'SELECT checked_at FROM phone_number_drift_state WHERE phone_number_id = $1',
          [id],
        )
      )[0].checked_at as Date;
    const seen = await checkedAt();
    const later = await until(checkedAt, (t) => t > seen, 'a second run');
    await until(checkedAt, (t) => t > later, 'a third run');

    expect(await events(organization, '?type=phone_number.voice_url_drifted')).toHaveLength(1);
    await drifts.until(() => drifts.received.length > 0, 'the drift webhook');
    expect(drifts.ids()).toEqual([drifted!.id]);
    await drifts.down();
  });
});

describe('endpoint URLs in production (NODE_ENV=production)', () => {
  let production: TestApi;
  beforeAll(async () => {
    production = await TestApi.start({ overrides: { nodeEnv: 'production' } });
  });
  afterAll(() => production?.close());

  it.each([
    ['http://169.254.169.254/', 'url must be https'],
    ['http://10.0.0.1/', 'url must be https'],
    ['https://169.254.169.254/latest/meta-data/', 'inside a private network'],
    ['https://10.0.0.1/hooks', 'inside a private network'],
    ['https://[::ffff:a9fe:a9fe]/', 'inside a private network'],
    ['https://127.0.0.1/', 'a loopback address'],
    ['https://localhost:8443/', 'a loopback address'],
  ])('refuses %s with 422, storing nothing', async (url, reason) => {
    const organization = await production.createOrganization();
    const refused = await production.http
      .post('/api/webhook-endpoints')
      .set(bearer(organization.token))
      .send({ url })
      .expect(422);

    expect(refused.body).toMatchObject({ code: 'webhook_url_refused', field: 'url', value: url });
    expect(refused.body.detail).toContain(reason);
    const listed = await production.http
      .get('/api/webhook-endpoints')
      .set(bearer(organization.token))
      .expect(200);
    expect(listed.body).toEqual([]);
  });
});

describe('an endpoint that keeps failing', () => {
  let failing: TestApi;
  beforeAll(async () => {
    failing = await TestApi.start({
      overrides: {
        webhooks: {
          timeoutMs: 2_000,
          pollIntervalMs: 500,
          retryBaseMs: 200,
          retryMaxDelayMs: 400,
          retryForMs: 1_500,
          disableAfterMs: 3_000,
        },
      },
    });
  });
  afterAll(() => failing?.close());

  it('gives a delivery up after retrying for WEBHOOK_RETRY_FOR_MS, then is disabled and says so', async () => {
    const organization = await failing.createOrganization();
    const gone = await WebhookReceiver.start();
    await gone.down();
    const hook = (
      await failing.http
        .post('/api/webhook-endpoints')
        .set(bearer(organization.token))
        .send({ url: gone.url })
        .expect(201)
    ).body;
    const { id } = await failing.importedNumber(organization, { phoneNumber: '+13475550601' });
    const deliveries = () =>
      failing.http
        .get(`/api/webhook-endpoints/${hook.id}/deliveries`)
        .set(bearer(organization.token))
        .expect(200)
        .then(
          (r) => r.body as { status: string; attempts: { next_attempt_at: string | null }[] }[],
        );

    const [givenUp] = await until(
      deliveries,
      (d) => d.length === 1 && d[0]!.status === 'failed',
      'the import delivery given up',
    );
    expect(givenUp!.attempts.length).toBeGreaterThan(1);
    expect(givenUp!.attempts.at(-1)!.next_attempt_at).toBeNull();

    // Later changes keep failing until the endpoint has failed for WEBHOOK_DISABLE_AFTER_MS.
    const endpoints = () =>
      failing.http
        .get('/api/webhook-endpoints')
        .set(bearer(organization.token))
        .expect(200)
        .then((r) => r.body as { enabled: boolean; disabled_reason: string | null }[]);
    let round = 0;
    const [disabled] = await until(
      async () => {
        await failing.http
          .put(`/api/phones/${id}`)
          .set(bearer(organization.token))
          .send({ friendly_name: `Try ${round++}` })
          .expect(200);
        await new Promise((resolve) => setTimeout(resolve, 300));
        return endpoints();
      },
      (e) => !e[0]!.enabled,
      'the endpoint disabled',
    );
    expect(disabled!.disabled_reason).toMatch(/^Disabled: every delivery failed since /);
    const settled = await until(
      deliveries,
      (d) => d.every((x) => x.status !== 'pending'),
      'no delivery pending',
    );
    expect(settled.some((d) => d.status === 'cancelled' || d.status === 'failed')).toBe(true);

    // Nothing more is queued for it.
    const queued = settled.length;
    await failing.http
      .put(`/api/phones/${id}`)
      .set(bearer(organization.token))
      .send({ friendly_name: 'After' })
      .expect(200);
    expect(await deliveries()).toHaveLength(queued);
  });
});
