import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
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
  '/2010-04-01/Accounts/{AccountSid}/AvailablePhoneNumbers/{CountryCode}/Local.json',
  '/2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers.json',
  '/2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers/{Sid}.json',
];
// The account sid of Twilio's own examples, so responses and requests name the same account.
const ACCOUNT_SID = 'AC' + 'a'.repeat(32);

jest.setTimeout(90_000);

let workDir: string;
let prism: ChildProcess;
let prismLog = '';
let api: TestApi;
let org: TestOrganization;

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

  api = await TestApi.start({
    twilio: { apiBaseUrl: `http://127.0.0.1:${port}`, accountSid: ACCOUNT_SID, authToken: 'any' },
  });
  org = await api.createOrganization();
});

afterAll(async () => {
  await api?.close();
  prism?.kill('SIGTERM');
  await rm(workDir, { recursive: true, force: true });
});

describe("the seed's flows against Twilio's OpenAPI description (Prism mock)", () => {
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
    expect(prismLog).not.toMatch(
      /did not pass the validation rules|UNPROCESSABLE_ENTITY|Invalid request/,
    );
  });
});

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Prism did not start:\n${prismLog}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
