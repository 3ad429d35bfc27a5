import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer as createHttpServer, request as httpRequest, Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../apps/api/src/bootstrap/free-port';
import { bearer, TestApi, TestOrganization } from '../support/api/test-api';

/**
 * The seed's flows against a mock generated from Twilio's official OpenAPI description of the 2010
 * API (Stoplight Prism): every request the Twilio adapter makes must be one Twilio's contract
 * accepts. Prism answers an invalid request with 422, which the API would turn into a 502, and
 * logs the violation; the test fails on either.
 */
const SPEC = require.resolve('@twilio-alpha/mcp/twilio-oai/spec/json/twilio_api_v2010.json');
const PRISM = join(__dirname, '..', '..', 'node_modules', '.bin', 'prism');
const USED_PATHS = [
  '/2010-04-01/Accounts/{AccountSid}/AvailablePhoneNumbers.json',
  '/2010-04-01/Accounts/{AccountSid}/AvailablePhoneNumbers/{CountryCode}.json',
  '/2010-04-01/Accounts/{AccountSid}/AvailablePhoneNumbers/{CountryCode}/Local.json',
  '/2010-04-01/Accounts/{AccountSid}/AvailablePhoneNumbers/{CountryCode}/TollFree.json',
  '/2010-04-01/Accounts/{AccountSid}/AvailablePhoneNumbers/{CountryCode}/Mobile.json',
  '/2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers.json',
  '/2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers/{Sid}.json',
];
// The account sid of Twilio's own examples, so responses and requests name the same account.
const ACCOUNT_SID = 'AC' + 'a'.repeat(32);

jest.setTimeout(90_000);

let workDir: string;
let prism: ChildProcess;
let prismLog = '';
/** Between the API and Prism: every request as it went on the wire. */
let wire: Server;
let wireUrl: string;
const onTheWire: { method: string; url: URL; form: URLSearchParams }[] = [];

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'loquent-prism-'));
  // Only the operations the adapter uses: Prism starts in about two seconds instead of twenty.
  const spec = JSON.parse(readFileSync(SPEC, 'utf8'));
  spec.paths = Object.fromEntries(USED_PATHS.map((path) => [path, spec.paths[path]]));
  const specPath = join(workDir, 'twilio_api_v2010.used.json');
  writeFileSync(specPath, JSON.stringify(spec));

  const port = await freePort();
  prism = spawn(PRISM, ['mock', '--host', '127.0.0.1', '--port', String(port), specPath], {
    stdio: 'pipe',
  });
  prism.stdout!.on('data', (chunk) => (prismLog += chunk));
  prism.stderr!.on('data', (chunk) => (prismLog += chunk));
  await waitFor(() => prismLog.includes('Prism is listening'), 60_000);
  ({ server: wire, url: wireUrl } = await recordingProxy(port));
});

afterAll(async () => {
  await new Promise((resolve) => wire?.close(resolve));
  prism?.kill('SIGTERM');
  await rm(workDir, { recursive: true, force: true });
});

/** An API on its own database, whose Twilio is Prism behind the recording proxy. */
function apiOnPrism(overrides: Parameters<typeof TestApi.start>[0] = {}): {
  api: () => TestApi;
  org: () => TestOrganization;
} {
  let api: TestApi;
  let org: TestOrganization;
  beforeAll(async () => {
    api = await TestApi.start({
      twilio: { apiBaseUrl: wireUrl, accountSid: ACCOUNT_SID, authToken: 'any' },
      ...overrides,
    });
    org = await api.createOrganization();
  });
  afterAll(() => api?.close());
  return { api: () => api, org: () => org };
}

function expectNoInvalidRequest(): void {
  expect(prismLog).not.toMatch(
    /did not pass the validation rules|UNPROCESSABLE_ENTITY|Invalid request/,
  );
}

describe("the seed's flows against Twilio's OpenAPI description (Prism mock)", () => {
  const on = apiOnPrism();
  let api: TestApi;
  let org: TestOrganization;
  beforeAll(() => {
    api = on.api();
    org = on.org();
  });

  it('search, buy, list, get unsynced, sync and configure all succeed with no invalid request', async () => {
    const search = await api.http
      .post('/api/twilio/search-available-numbers')
      .set(bearer(org.token))
      .send({ area_code: '415' })
      .expect(200);
    expect(search.body.numbers.length).toBeGreaterThan(0);

    const bought = await api.http
      .post('/api/twilio/buy-phone-number')
      .set(bearer(org.token))
      .send({ phone_number: search.body.numbers[0].phone_number, friendly_name: 'Front desk' })
      .expect(201);
    expect(bought.body.voice_url_status).toBe('configured');

    const list = await api.http.get('/api/phones').set(bearer(org.token)).expect(200);
    expect(list.body.map((n: { id: string }) => n.id)).toEqual([bought.body.id]);

    const unsynced = await api.http
      .post('/api/twilio/get-unsynced-numbers')
      .set(bearer(org.token))
      .send({})
      .expect(200);
    const sids: string[] = unsynced.body.numbers.map((n: { twilio_sid: string }) => n.twilio_sid);

    const synced = await api.http
      .post('/api/twilio/sync-numbers')
      .set(bearer(org.token))
      .send({ twilio_sids: sids.length > 0 ? sids : [bought.body.twilio_sid] })
      .expect(200);
    expect(synced.body.imported + synced.body.already_existed).toBeGreaterThan(0);

    await api.http
      .post('/api/twilio/configure-phone-voice')
      .set(bearer(org.token))
      .send({ phone_number_id: bought.body.id })
      .expect(200);

    const requests = prismLog.match(/\[HTTP SERVER\] (get|post|delete) \/2010-04-01/g) ?? [];
    expect(requests.length).toBeGreaterThanOrEqual(5);
    expectNoInvalidRequest();
  });
});

describe("searching with every filter and buying with an address, against Twilio's description", () => {
  const on = apiOnPrism();
  const post = (path: string, body: object) =>
    on.api().http.post(path).set(bearer(on.org().token)).send(body);
  /** The query of the last request to this path, as Twilio received it. */
  const sentTo = (path: RegExp) => {
    const found = onTheWire.filter((r) => path.test(r.url.pathname)).at(-1);
    if (!found) throw new Error(`Nothing was sent to ${path}`);
    return found;
  };
  const base = `/2010-04-01/Accounts/${ACCOUNT_SID}/AvailablePhoneNumbers`;

  it('GB mobile with every filter that applies there', async () => {
    const response = await post('/api/twilio/search-available-numbers', {
      country: 'GB',
      type: 'mobile',
      contains: '7700*',
      in_locality: 'London',
      capabilities: { voice: true, sms: true, mms: true },
      exclude_address_required: true,
      beta: false,
      limit: 25,
    }).expect(200);

    expect(response.body.numbers.length).toBeGreaterThan(0);
    expect(response.body.numbers[0]).toMatchObject({
      type: 'mobile',
      iso_country: expect.any(String),
    });
    const sent = sentTo(/\/AvailablePhoneNumbers\/GB\/Mobile\.json$/);
    expect(sent.url.pathname).toBe(`${base}/GB/Mobile.json`);
    expect(Object.fromEntries(sent.url.searchParams)).toEqual({
      Contains: '7700*',
      InLocality: 'London',
      VoiceEnabled: 'true',
      SmsEnabled: 'true',
      MmsEnabled: 'true',
      ExcludeAllAddressRequired: 'true',
      Beta: 'false',
      PageSize: '25',
    });
    expectNoInvalidRequest();
  });

  it('US toll-free with contains', async () => {
    await post('/api/twilio/search-available-numbers', {
      type: 'toll_free',
      contains: 'CALL',
      exclude_address_required: 'foreign',
    }).expect(200);

    const sent = sentTo(/\/AvailablePhoneNumbers\/US\/TollFree\.json$/);
    expect(Object.fromEntries(sent.url.searchParams)).toEqual({
      Contains: 'CALL',
      ExcludeForeignAddressRequired: 'true',
      PageSize: '20',
    });
    expectNoInvalidRequest();
  });

  it('CA local near a number, in a region and postal code', async () => {
    await post('/api/twilio/search-available-numbers', {
      country: 'CA',
      area_code: '416',
      near_number: '+14165550100',
      distance: 50,
      in_region: 'ON',
      in_postal_code: 'M5H',
      exclude_address_required: 'local',
    }).expect(200);

    const sent = sentTo(/\/AvailablePhoneNumbers\/CA\/Local\.json$/);
    expect(Object.fromEntries(sent.url.searchParams)).toEqual({
      AreaCode: '416',
      ExcludeLocalAddressRequired: 'true',
      NearNumber: '+14165550100',
      Distance: '50',
      InPostalCode: 'M5H',
      InRegion: 'ON',
      PageSize: '20',
    });
    expectNoInvalidRequest();
  });

  it('the countries Twilio sells numbers in', async () => {
    const response = await on
      .api()
      .http.get('/api/twilio/available-countries')
      .set(bearer(on.org().token))
      .expect(200);

    expect(response.body.countries.length).toBeGreaterThan(0);
    expect(sentTo(/\/AvailablePhoneNumbers\.json$/).url.searchParams.get('PageSize')).toBe('1000');
    expectNoInvalidRequest();
  });

  it('a buy with address_sid and bundle_sid', async () => {
    const addressSid = 'AD' + 'a'.repeat(32);
    const bundleSid = 'BU' + 'b'.repeat(32);

    const response = await post('/api/twilio/buy-phone-number', {
      phone_number: '+447700900123',
      address_sid: addressSid,
      bundle_sid: bundleSid,
    }).expect(201);

    expect(response.body.twilio_sid).toMatch(/^PN/);
    const sent = onTheWire
      .filter((r) => r.method === 'POST' && r.url.pathname.endsWith('/IncomingPhoneNumbers.json'))
      .at(-1)!;
    expect(Object.fromEntries(sent.form)).toEqual({
      PhoneNumber: '+447700900123',
      AddressSid: addressSid,
      BundleSid: bundleSid,
    });
    expectNoInvalidRequest();
  });
});

describe("VOICE_FALLBACK_URL against Twilio's description", () => {
  const FALLBACK = 'https://static.loquent.test/voice-fallback.xml';
  const on = apiOnPrism({ overrides: { voiceFallbackUrl: FALLBACK } });

  it('configuring a number sends VoiceFallbackUrl and VoiceFallbackMethod=POST, a valid update', async () => {
    const { api, org } = { api: on.api(), org: on.org() };
    const bought = await api.http
      .post('/api/twilio/buy-phone-number')
      .set(bearer(org.token))
      .send({ phone_number: '+14155550100' })
      .expect(201);
    await api.http
      .post('/api/twilio/configure-phone-voice')
      .set(bearer(org.token))
      .send({ phone_number_id: bought.body.id })
      .expect(200);

    const update = onTheWire
      .filter(
        (r) =>
          r.method === 'POST' &&
          r.url.pathname.endsWith(`/IncomingPhoneNumbers/${bought.body.twilio_sid}.json`),
      )
      .at(-1)!;
    expect(Object.fromEntries(update.form)).toEqual({
      VoiceUrl: `${api.config.publicBaseUrl}/twilio/voice`,
      VoiceMethod: 'POST',
      VoiceFallbackUrl: FALLBACK,
      VoiceFallbackMethod: 'POST',
    });
    expectNoInvalidRequest();
  });
});

/** Forwards every request to Prism on `port`, recording its method, URL and form body. */
async function recordingProxy(port: number): Promise<{ server: Server; url: string }> {
  const server = createHttpServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      onTheWire.push({
        method: req.method ?? 'GET',
        url: new URL(req.url ?? '/', 'http://twilio.invalid'),
        form: new URLSearchParams(body.toString('utf8')),
      });
      const upstream = httpRequest(
        { host: '127.0.0.1', port, method: req.method, path: req.url, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on('error', () => res.destroy());
      upstream.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  return { server, url: `http://127.0.0.1:${address.port}` };
}

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Prism did not start:\n${prismLog}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
