import { readFileSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prettyFactory } from 'pino-pretty';
import { freePort } from '../../apps/api/src/bootstrap/free-port';
import { ApiProcess, REPOSITORY_ROOT } from '../support/process/api-process';
import {
  isRunning,
  processesMentioning,
  processTree,
  waitUntilGone,
} from '../support/process/process-tree';

jest.setTimeout(120_000);

let dataDir: string;
let api: ApiProcess | undefined;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'loquent-start-'));
  await chmod(dataDir, 0o755);
});

afterEach(async () => {
  await api?.stop();
  api = undefined;
});

afterAll(() => rm(dataDir, { recursive: true, force: true }));

const embedded = () => ({ LOQUENT_DATA_DIR: join(dataDir, '.data') });

describe('npm start on its embedded defaults', () => {
  it('prints where it listens, its docs, its database and Twilio modes, and a token that works', async () => {
    api = await ApiProcess.start(embedded());

    expect(api.output).toMatch(/API docs: +http:\/\/localhost:\d+\/docs/);
    expect(api.output).toMatch(/Database: +embedded PostgreSQL, data in .*\.data\/postgres/);
    expect(api.output).toMatch(/Twilio: +built-in sandbox at http:\/\/127\.0\.0\.1:\d+/);
    const token = api.output.match(/export TOKEN=(\S+)/)![1]!;

    expect((await fetch(`${api.url}/health`)).status).toBe(200);
    const search = await fetch(`${api.url}/api/twilio/search-available-numbers`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ area_code: '415' }),
    });
    expect(search.status).toBe(200);
    const [first] = ((await search.json()) as { numbers: { phone_number: string }[] }).numbers;
    const bought = await fetch(`${api.url}/api/twilio/buy-phone-number`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ phone_number: first!.phone_number }),
    });
    expect(bought.status).toBe(201);
    expect(((await bought.json()) as { analyzer_ids: string[] }).analyzer_ids).toHaveLength(1);
  });

  it('keeps numbers (in the database and in the sandbox) across a restart, and stops cleanly', async () => {
    api = await ApiProcess.start(embedded());
    const token = api.output.match(/export TOKEN=(\S+)/)![1]!;
    const before = (await (
      await fetch(`${api.url}/api/phones`, { headers: { Authorization: `Bearer ${token}` } })
    ).json()) as { id: string }[];
    expect(before).toHaveLength(1);

    expect(await api.stop('SIGINT')).toEqual({ code: 0, signal: null });
    api = await ApiProcess.start(embedded());
    const after = await (
      await fetch(`${api.url}/api/phones`, { headers: { Authorization: `Bearer ${token}` } })
    ).json();
    const configure = await fetch(`${api.url}/api/twilio/configure-phone-voice`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ phone_number_id: before[0]!.id }),
    });

    expect(after).toEqual(before);
    expect(configure.status).toBe(200);
  });

  it('refuses NODE_ENV=production without a database, Twilio credentials and a secret, naming them', async () => {
    const { code, output } = await ApiProcess.run({ ...embedded(), NODE_ENV: 'production' });

    expect(code).toBe(78);
    expect(output).toContain(
      'NODE_ENV=production needs DATABASE_URL, TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, AUTH_JWT_SECRET',
    );
  });

  it('refuses a bad configuration with one message naming every problem', async () => {
    const { code, output } = await ApiProcess.run({
      ...embedded(),
      PORT: 'eighty',
      TWILIO_ACCOUNT_SID: 'AC123',
      CREDENTIALS_ENCRYPTION_KEY: 'too-short',
      LOG_LEVEL: 'loud',
    });

    expect(code).toBe(78);
    const message = output.slice(output.indexOf('Invalid configuration'));
    for (const problem of [
      'PORT',
      'TWILIO_ACCOUNT_SID',
      'TWILIO_AUTH_TOKEN',
      'CREDENTIALS_ENCRYPTION_KEY',
      'LOG_LEVEL',
    ]) {
      expect(message).toContain(problem);
    }
    expect(message.split('\n').filter((line) => line.startsWith('  - '))).toHaveLength(5);
  });
});

describe('npm start, stopped the ways a terminal, an IDE or a process manager stops it', () => {
  let npmDataDir: string;
  const npmEmbedded = () => ({ LOQUENT_DATA_DIR: join(npmDataDir, '.data') });

  beforeAll(async () => {
    npmDataDir = await mkdtemp(join(tmpdir(), 'loquent-npm-start-'));
    await chmod(npmDataDir, 0o755);
  });

  afterAll(() => rm(npmDataDir, { recursive: true, force: true }));

  /** npm, the API and PostgreSQL: everything that must be gone once npm start is stopped. */
  function processesOf(api: ApiProcess): number[] {
    const tree = processTree(api.child.pid!);
    const postgres = processesMentioning(npmDataDir);
    expect(postgres.map(({ command }) => command)).toEqual([
      expect.stringMatching(/postgres -D \S+\/\.data\/postgres /),
    ]);
    expect(tree).toEqual(expect.arrayContaining(postgres.map(({ pid }) => pid)));
    return tree;
  }

  async function expectNothingLeft(pids: number[]): Promise<void> {
    expect(await waitUntilGone(pids)).toEqual([]);
    expect(processesMentioning(npmDataDir)).toEqual([]);
  }

  it('prints on its first start the lines the README shows', async () => {
    api = await ApiProcess.npmStart(npmEmbedded());
    await api.waitForOutput(/"msg":"listening"/);

    const readme = readFileSync(join(REPOSITORY_ROOT, 'README.md'), 'utf8');
    const sample = readme.slice(readme.indexOf('`npm start` builds what changed'));
    const opening = sample.indexOf('```\n') + 4;
    const block = sample.slice(opening, sample.indexOf('\n```', opening));
    const pretty = prettyFactory({ colorize: false, singleLine: true });
    const printed = api.output
      .split('\n')
      .map((line) => (line.startsWith('{') ? pretty(line).trimEnd() : line))
      .join('\n');

    const [readmeText, readmeLogs] = splitLogs(normalized(block));
    const [printedText, printedLogs] = splitLogs(normalized(printed));
    expect(printedText).toEqual(readmeText);
    expect(printedLogs).toEqual(expect.arrayContaining(readmeLogs));
  });

  it.each(['SIGTERM', 'SIGINT'] as const)(
    'stops the API and its embedded PostgreSQL on %s to npm, leaving no process behind',
    async (signal) => {
      api = await ApiProcess.npmStart(npmEmbedded());
      const processes = processesOf(api);
      expect(processes.length).toBeGreaterThanOrEqual(3);

      expect(await api.stop(signal)).toEqual({ code: 0, signal: null });

      await expectNothingLeft(processes);
      expect(api.output).toContain(`"reason":"${signal}"`);
    },
  );

  it('starts again, its numbers kept, after SIGKILL of its whole process group', async () => {
    api = await ApiProcess.npmStart(npmEmbedded());
    const token = api.output.match(/export TOKEN=(\S+)/)![1]!;
    const auth = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
    const search = await fetch(`${api.url}/api/twilio/search-available-numbers`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ area_code: '646' }),
    });
    const [available] = ((await search.json()) as { numbers: { phone_number: string }[] }).numbers;
    const bought = await fetch(`${api.url}/api/twilio/buy-phone-number`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ phone_number: available!.phone_number }),
    });
    expect(bought.status).toBe(201);
    const processes = processesOf(api);

    expect(await api.killGroup('SIGKILL')).toEqual({ code: null, signal: 'SIGKILL' });
    await expectNothingLeft(processes);
    api = await ApiProcess.npmStart(npmEmbedded());

    const phones = (await (await fetch(`${api.url}/api/phones`, { headers: auth })).json()) as {
      number: string;
    }[];
    expect(phones.map((phone) => phone.number)).toContain(available!.phone_number);
    expect(isRunning(api.child.pid!)).toBe(true);
  });

  it('stops the API and its PostgreSQL by itself when npm alone is killed with SIGKILL', async () => {
    api = await ApiProcess.npmStart(npmEmbedded());
    const processes = processesOf(api);

    expect(await api.stop('SIGKILL')).toEqual({ code: null, signal: 'SIGKILL' });

    await expectNothingLeft(processes);
    expect(api.output).toContain('"reason":"npm exited"');
    api = await ApiProcess.npmStart(npmEmbedded());
    expect((await fetch(`${api.url}/health`)).status).toBe(200);
  });
});

describe('the metrics port', () => {
  it('serves /metrics on loopback on METRICS_PORT, and not on the API port', async () => {
    const metricsPort = await freePort();
    api = await ApiProcess.start({ ...embedded(), METRICS_PORT: String(metricsPort) });

    expect(api.output).toContain(`Metrics:   http://127.0.0.1:${metricsPort}/metrics`);
    const metrics = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toMatch(/^process_resident_memory_bytes /m);
    expect((await fetch(`${api.url}/metrics`)).status).toBe(404);
  });

  it('refuses to start with METRICS_PORT equal to PORT', async () => {
    const port = await freePort();
    const { code, output } = await ApiProcess.run({
      ...embedded(),
      PORT: String(port),
      METRICS_PORT: String(port),
    });

    expect(code).toBe(78);
    expect(output).toContain('METRICS_PORT must differ from PORT');
  });
});

/**
 * The start-up output with what differs from one machine or run to the next (ports, paths, times,
 * the token) replaced by placeholders; migration names come and go with the code.
 */
function normalized(text: string): string[] {
  return text
    .replace(/\r/g, '')
    .split('\n')
    .map((line) =>
      line
        .replace(/^\[\d\d:\d\d:\d\d\.\d{3}\] (\w+) \(\d+\):/, '[TIME] $1 (PID):')
        .replace(/(localhost|127\.0\.0\.1):\d+/g, '$1:PORT')
        .replace(/started in \d+\.\d s/, 'started in N s')
        .replace(/data in \S+\/\.data\/postgres/, 'data in DIR/.data/postgres')
        .replace(/export TOKEN=\S+/, 'export TOKEN=TOKEN')
        .replace(/Applied migrations: .* \{/, 'Applied migrations: NAMES {'),
    );
}

/**
 * The lines npm and the API print, in order, and the log lines, which pino may write before or
 * after them.
 */
function splitLogs(lines: string[]): [string[], string[]] {
  const isLog = (line: string) => line.startsWith('[TIME]');
  const text = lines.filter((line) => !isLog(line));
  while (text.at(-1) === '') text.pop();
  return [text, lines.filter(isLog)];
}
