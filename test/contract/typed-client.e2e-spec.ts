import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { LOQUENT_VOICE_URL, TestApi, TestOrganization } from '../support/api/test-api';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..');

/**
 * A client generated from the running API's /docs-json, as a user of the API would make one
 * (openapi-typescript for the types, openapi-fetch to call), compiled with `tsc --strict`, then
 * driving the seed's flows over HTTP. It is generated afresh in a temporary folder on every run
 * rather than committed: the document stays the one source, nothing generated can be stale, and
 * branches that add routes do not fight over a generated file.
 */
let api: TestApi;
let org: TestOrganization;
let baseUrl: string;
let folder: string;

interface Answer {
  method: string;
  path: string;
  status: number;
  headers: Record<string, string>;
  text: string;
}

/** Runs one flow of the compiled client; every answer it got is held to the document. */
async function flow<T>(name: string, ...args: string[]): Promise<T> {
  const { stdout } = await run(
    process.execPath,
    [join(folder, 'seed-flows.js'), name, baseUrl, org.token, ...args],
    { cwd: folder },
  );
  const { result, answers } = JSON.parse(stdout) as { result: T; answers: Answer[] };
  for (const answer of answers) {
    const json = /[/+]json\b/.test(answer.headers['content-type'] ?? '');
    api.contract.check({
      ...answer,
      body: json && answer.text ? JSON.parse(answer.text) : undefined,
      hasBody: answer.text.length > 0,
    });
  }
  expect(answers.length).toBeGreaterThan(0);
  return result;
}

beforeAll(async () => {
  api = await TestApi.start();
  org = await api.createOrganization();
  baseUrl = await api.listen();
  folder = mkdtempSync(join(tmpdir(), 'loquent-client-'));
});

afterAll(async () => {
  rmSync(folder, { recursive: true, force: true });
  await api.close();
});

interface PhoneNumber {
  id: string;
  number: string;
  twilio_sid: string;
  voice_url_status: string;
}

describe('a client generated from /docs-json (openapi-typescript + openapi-fetch)', () => {
  it('compiles with the seed flows under tsc --strict', async () => {
    const document = (await api.http.get('/docs-json').expect(200)).body;
    writeFileSync(join(folder, 'openapi.json'), JSON.stringify(document));
    writeFileSync(join(folder, 'package.json'), JSON.stringify({ type: 'module' }));
    symlinkSync(join(ROOT, 'node_modules'), join(folder, 'node_modules'), 'dir');
    copyFileSync(join(__dirname, 'typed-client', 'seed-flows.ts'), join(folder, 'seed-flows.ts'));

    await run(
      process.execPath,
      [
        join(ROOT, 'node_modules/openapi-typescript/bin/cli.js'),
        'openapi.json',
        '--output',
        'loquent-api.d.ts',
        // A request field with a default may be left out: the API applies the default.
        '--default-non-nullable=false',
      ],
      { cwd: folder },
    );
    const compiled = await run(
      process.execPath,
      [
        join(ROOT, 'node_modules/typescript/bin/tsc'),
        '--strict',
        '--noUncheckedIndexedAccess',
        '--noUnusedLocals',
        '--noImplicitReturns',
        '--target',
        'es2023',
        '--module',
        'nodenext',
        '--lib',
        'es2023,dom',
        '--types',
        'node',
        'seed-flows.ts',
      ],
      { cwd: folder },
    ).catch((error: { stdout?: string }) => ({ stdout: `tsc failed:\n${error.stdout}` }));

    expect(compiled.stdout).toBe('');
  });

  it('searches, buys, imports, configures and pages through Link, every answer as documented', async () => {
    const { numbers: available } = await flow<{ numbers: { phone_number: string }[] }>(
      'search',
      '415',
    );
    expect(available.length).toBeGreaterThan(0);

    const bought = await flow<{ phoneNumber: PhoneNumber; location: string }>(
      'buy',
      available[0]!.phone_number,
      'typed-client-buy-1',
    );
    expect(bought.phoneNumber).toMatchObject({
      number: available[0]!.phone_number,
      voice_url_status: 'configured',
    });
    expect(bought.location).toBe(`${api.config.publicBaseUrl}/api/phones/${bought.phoneNumber.id}`);

    const unsynced = await flow<{ twilio_sid: string }[]>('unsynced');
    expect(unsynced.length).toBeGreaterThanOrEqual(3);
    expect(unsynced.map((n) => n.twilio_sid)).not.toContain(bought.phoneNumber.twilio_sid);

    const imported = await flow<{
      imported: number;
      alreadyExisted: number;
      numbers: PhoneNumber[];
    }>('import', ...unsynced.slice(0, 3).map((n) => n.twilio_sid));
    expect({ imported: imported.imported, alreadyExisted: imported.alreadyExisted }).toEqual({
      imported: 3,
      alreadyExisted: 0,
    });

    const configured = await flow<PhoneNumber>('configure', imported.numbers[0]!.id);
    expect(configured.voice_url_status).toBe('configured');
    expect(api.sandbox.ownedNumbers().find((n) => n.sid === configured.twilio_sid)?.voiceUrl).toBe(
      LOQUENT_VOICE_URL,
    );

    const pages = await flow<{ number: string }[][]>('list', '2');
    expect(pages.map((page) => page.length)).toEqual([2, 2]);
    expect(pages.flat().map((n) => n.number)).toEqual(
      [bought.phoneNumber, ...imported.numbers].map((n) => n.number).sort(),
    );
  });

  it('backs off for the Retry-After of a 503, then gets its answer', async () => {
    api.sandbox.faults.failNext('searchAvailableNumbers', {
      status: 429,
      code: 20429,
      message: 'Too Many Requests',
      retryAfterSeconds: 0,
      // As often as the API itself retries Twilio: then it answers 503 with Retry-After.
      times: api.config.twilio.retryAttempts,
    });

    const { numbers, retried } = await flow<{ numbers: unknown[]; retried: boolean }>(
      'search',
      '415',
    );

    expect(retried).toBe(true);
    expect(numbers.length).toBeGreaterThan(0);
  });
});
