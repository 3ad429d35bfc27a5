import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiProcess } from '../support/process/api-process';

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
