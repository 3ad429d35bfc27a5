import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, lstat, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { EmbeddedPostgresServer } from '../persistence/embedded-postgres/embedded-postgres-server';
import { EmbeddedDatabase, openEmbeddedDatabase } from './embedded-database';

jest.setTimeout(60_000);

let baseDir: string;
const opened: EmbeddedDatabase[] = [];

beforeEach(async () => {
  baseDir = await mkdtemp(join(tmpdir(), 'loquent-embedded-'));
  await chmod(baseDir, 0o755);
});

afterEach(async () => {
  while (opened.length)
    await opened
      .pop()!
      .stop()
      .catch(() => undefined);
  await rm(baseDir, { recursive: true, force: true });
});

async function open(mode: 'serve' | 'attach-or-start'): Promise<EmbeddedDatabase> {
  const database = await openEmbeddedDatabase(baseDir, { mode });
  opened.push(database);
  return database;
}

async function query<T>(url: string, sql: string): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

function deadPid(): number {
  const exited = spawnSync(process.execPath, ['-e', 'process.exit(0)']);
  return exited.pid!;
}

describe('the embedded database', () => {
  it('keeps its data under .data/postgres across restarts', async () => {
    const first = await open('serve');
    await query(first.url, 'CREATE TABLE kept (v text); INSERT INTO kept VALUES ($$still here$$)');
    await first.stop();
    opened.pop();

    const second = await open('serve');

    expect(second.dataDir).toBe(join(baseDir, 'postgres'));
    expect(await query(second.url, 'SELECT v FROM kept')).toEqual([{ v: 'still here' }]);
  });

  it('lets the CLI attach to the server that is running, and refuses a second server', async () => {
    const server = await open('serve');
    await query(server.url, 'CREATE TABLE shared (v int)');

    const cli = await open('attach-or-start');

    expect(cli.owned).toBe(false);
    expect(cli.url).toBe(server.url);
    await expect(openEmbeddedDatabase(baseDir, { mode: 'serve' })).rejects.toThrow(
      /Another Loquent API/,
    );
    await cli.stop();
    expect(await query(server.url, 'SELECT count(*)::int AS n FROM shared')).toEqual([{ n: 0 }]);
  });

  it('lets the CLI start the database for itself when no server runs, and stop it after', async () => {
    const cli = await open('attach-or-start');

    expect(cli.owned).toBe(true);
    await cli.stop();
    opened.pop();
    expect(existsSync(join(baseDir, 'embedded-postgres.json'))).toBe(false);
  });

  it('recovers from a run that was killed: its orphaned PostgreSQL is stopped and the data kept', async () => {
    const first = await open('serve');
    opened.pop();
    await query(first.url, 'CREATE TABLE survived (v int); INSERT INTO survived VALUES (42)');
    // What a SIGKILLed API leaves behind: its postgres still running, its state naming a dead owner.
    const state = JSON.parse(await readFile(join(baseDir, 'embedded-postgres.json'), 'utf8'));
    await writeFile(
      join(baseDir, 'embedded-postgres.json'),
      JSON.stringify({ ...state, ownerPid: deadPid() }),
    );

    const second = await open('serve');

    expect(await query(second.url, 'SELECT v FROM survived')).toEqual([{ v: 42 }]);
    expect(() => process.kill(state.postgresPid, 0)).toThrow();
  });

  it('starts over a stale lock file whose pid now belongs to another program', async () => {
    const first = await open('serve');
    await first.stop();
    opened.pop();
    const lock = join(baseDir, 'postgres', 'postmaster.pid');
    const dataDir = join(baseDir, 'postgres');
    await writeFile(
      lock,
      `${process.pid}\n${dataDir}\n1700000000\n5432\n\n127.0.0.1\n  1234  5678\nready\n`,
    );
    if (userInfo().uid === 0) spawnSync('chown', ['postgres:postgres', lock]);

    const second = await open('serve');

    expect(await query(second.url, 'SELECT 1 AS ok')).toEqual([{ ok: 1 }]);
  });

  (userInfo().uid === 0 ? it : it.skip)(
    'as root, keeps the data where the postgres user can reach it when the project directory is private',
    async () => {
      await chmod(baseDir, 0o700);

      const database = await open('serve');

      const link = join(baseDir, 'postgres');
      expect((await lstat(link)).isSymbolicLink()).toBe(true);
      expect(database.dataDir).toMatch(/^\/var\/tmp\/loquent-[0-9a-f]{12}\/postgres$/);
      expect(await query(database.url, 'SELECT 1 AS ok')).toEqual([{ ok: 1 }]);
      await database.stop();
      opened.pop();
      await rm(join(database.dataDir, '..'), { recursive: true, force: true });
    },
  );
});

describe('EmbeddedPostgresServer', () => {
  it('listens on loopback only and asks for the password', async () => {
    const dataDir = join(baseDir, 'cluster');
    const server = await EmbeddedPostgresServer.start({ dataDir, password: 'secret-pw' });
    try {
      const wrong = new Client({
        host: '127.0.0.1',
        port: server.port,
        user: 'postgres',
        password: 'wrong',
        database: 'postgres',
      });
      await expect(wrong.connect()).rejects.toThrow(/password authentication failed/);
      await wrong.end().catch(() => undefined);
      expect(await query(server.url(), "SELECT current_setting('listen_addresses') AS l")).toEqual([
        { l: '127.0.0.1' },
      ]);
    } finally {
      await server.stop();
    }
  });
});
