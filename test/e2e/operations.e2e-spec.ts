import { bearer, TestApi, TestOrganization } from '../support/api/test-api';

let api: TestApi;
let org: TestOrganization;

beforeAll(async () => {
  api = await TestApi.start({ rateLimits: { searchPerMinute: 3, buyPerMinute: 100 } });
  org = await api.createOrganization();
});

afterAll(() => api.close());

describe('GET /metrics', () => {
  it('is served on the metrics port, not on the public API port', async () => {
    const onApiPort = await api.http.get('/metrics').expect(404);
    const onMetricsPort = await api.metricsHttp.get('/metrics').expect(200);

    expect(onApiPort.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(onMetricsPort.text).toMatch(/^process_resident_memory_bytes /m);
  });

  it('answers nothing else on the metrics port', async () => {
    const response = await api.metricsHttp.get('/api/phones').expect(404);

    expect(response.body).toMatchObject({ status: 404, code: 'not_found' });
    await api.metricsHttp.post('/metrics').expect(404);
  });

  it('exposes HTTP durations, Twilio calls and numbers bought and imported, after a buy and an import', async () => {
    await api.http
      .post('/api/twilio/buy-phone-number')
      .set(bearer(org.token))
      .send({ phone_number: api.sandbox.availableNumbers('212')[0] })
      .expect(201);
    const sids = api.sandbox
      .ownedNumbers()
      .slice(0, 2)
      .map((n) => n.sid);
    await api.http
      .post('/api/twilio/sync-numbers')
      .set(bearer(org.token))
      .send({ twilio_sids: sids })
      .expect(200);

    const response = await api.metricsHttp.get('/metrics').expect(200);

    expect(response.headers['content-type']).toMatch(/^text\/plain/);
    expect(response.text).toMatch(/^loquent_phone_numbers_bought_total 1$/m);
    expect(response.text).toMatch(/^loquent_phone_numbers_imported_total 2$/m);
    expect(response.text).toMatch(
      /^twilio_requests_total\{operation="purchaseNumber",outcome="success"\} 1$/m,
    );
    expect(response.text).toMatch(
      /^twilio_requests_total\{operation="updateIncomingNumber",outcome="success"\} 1$/m,
    );
    expect(response.text).toMatch(
      /^twilio_request_duration_seconds_count\{operation="listIncomingNumbers"\} [1-9]/m,
    );
    expect(response.text).toMatch(
      /^http_request_duration_seconds_count\{method="POST",route="\/api\/twilio\/buy-phone-number",status_code="201"\} 1$/m,
    );
    expect(response.text).toMatch(/^process_resident_memory_bytes /m);
  });

  it('labels requests by route pattern, never by the raw path', async () => {
    await api.http
      .get(`/api/phones/${'7c9e6679-7425-40de-944b-e07fc1f90ae7'}`)
      .set(bearer(org.token))
      .expect(404);

    const response = await api.metricsHttp.get('/metrics').expect(200);

    expect(response.text).toContain('route="/api/phones/:id",status_code="404"');
    expect(response.text).not.toContain('7c9e6679');
  });
});

describe('rate limits per organization', () => {
  it('answers a search over the limit with 429 and Retry-After, for that organization only', async () => {
    const busy = await api.createOrganization('Busy');
    const search = (token: string) =>
      api.http
        .post('/api/twilio/search-available-numbers')
        .set(bearer(token))
        .send({ area_code: '415' });
    for (let i = 0; i < 3; i++) await search(busy.token).expect(200);

    const limited = await search(busy.token).expect(429);
    await search(org.token).expect(200);

    expect(limited.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.body).toMatchObject({ status: 429, code: 'rate_limited' });
  });
});

describe('HTTP hardening', () => {
  it('sends security headers and echoes or makes a request id', async () => {
    const given = await api.http.get('/health').set('X-Request-Id', 'req-abc.123').expect(200);
    const made = await api.http.get('/health').expect(200);

    expect(given.headers['x-request-id']).toBe('req-abc.123');
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(given.headers['x-content-type-options']).toBe('nosniff');
    expect(given.headers['content-security-policy']).toContain("default-src 'self'");
    expect(given.headers['x-powered-by']).toBeUndefined();
  });

  it('allows no cross-origin browser access unless configured', async () => {
    const response = await api.http
      .options('/api/phones')
      .set('Origin', 'https://evil.example')
      .set('Access-Control-Request-Method', 'GET');

    expect(response.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('configured CORS origins and a metrics token', () => {
  let configured: TestApi;

  beforeAll(async () => {
    configured = await TestApi.start({
      sandbox: api.sandbox,
      overrides: {
        corsOrigins: ['https://app.loquent.example'],
        metricsToken: 'metrics-token-0123456789',
      },
    });
  });

  afterAll(() => configured.close());

  it('lets the configured origin call the API from a browser, exposing the headers it needs', async () => {
    const preflight = await configured.http
      .options('/api/phones')
      .set('Origin', 'https://app.loquent.example')
      .set('Access-Control-Request-Method', 'GET')
      .set('Access-Control-Request-Headers', 'authorization');
    const call = await configured.http.get('/health').set('Origin', 'https://app.loquent.example');

    expect(preflight.headers['access-control-allow-origin']).toBe('https://app.loquent.example');
    expect(preflight.headers['access-control-allow-headers']).toContain('Authorization');
    expect(call.headers['access-control-expose-headers']).toContain('Link');
  });

  it('serves /metrics only with the metrics token', async () => {
    const missing = await configured.metricsHttp.get('/metrics').expect(401);
    await configured.metricsHttp
      .get('/metrics')
      .set('Authorization', 'Bearer wrong-token-0123456789')
      .expect(401);
    await configured.metricsHttp
      .get('/metrics')
      .set('Authorization', 'Bearer metrics-token-0123456789')
      .expect(200);

    expect(missing.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(missing.body).toMatchObject({ status: 401, code: 'unauthenticated' });
  });
});
