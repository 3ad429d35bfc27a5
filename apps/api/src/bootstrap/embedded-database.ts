import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { lstat, mkdir, readFile, readlink, rm, symlink, writeFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import {
  EmbeddedPostgresServer,
  ensurePostgresUser,
} from '../persistence/embedded-postgres/embedded-postgres-server';
import { persistentSecret } from './secrets';

export const EMBEDDED_DATABASE_NAME = 'loquent';

/** What a running server writes so that the CLI (another process) can use the same database. */
interface EmbeddedState {
  ownerPid: number;
  postgresPid: number | null;
  port: number;
  dataDir: string;
}

export interface EmbeddedDatabase {
  url: string;
  dataDir: string;
  /** Whether this process started the server (and must stop it). */
  owned: boolean;
  stop(): Promise<void>;
}

/**
 * The embedded PostgreSQL of a development setup, data kept under `.data/postgres` so numbers
 * survive restarts. Recovers from a previous run that was killed (its orphaned server is stopped)
 * or left a stale lock, and lets a second process (the CLI) use a server that is already running.
 */
export async function openEmbeddedDatabase(
  baseDir: string,
  options: { mode: 'serve' | 'attach-or-start'; log?: (line: string) => void },
): Promise<EmbeddedDatabase> {
  const log = options.log ?? (() => undefined);
  const statePath = join(baseDir, 'embedded-postgres.json');
  const password = await persistentSecret(join(baseDir, 'postgres-password'), 24);
  const running = await readState(statePath);

  if (running && isAlive(running.ownerPid) && running.postgresPid && isAlive(running.postgresPid)) {
    if (options.mode === 'serve') {
      throw new Error(
        `Another Loquent API (pid ${running.ownerPid}) is running on the embedded database in ${running.dataDir}. ` +
          'Stop it first, or set DATABASE_URL to share a PostgreSQL server.',
      );
    }
    const url = databaseUrl(running.port, password);
    return { url, dataDir: running.dataDir, owned: false, stop: async () => undefined };
  }

  const dataDir = await dataDirectory(baseDir, log);
  await stopOrphan(dataDir, log);
  const server = await EmbeddedPostgresServer.start({ dataDir, password, onLog: () => undefined });
  await writeFile(
    statePath,
    JSON.stringify({
      ownerPid: process.pid,
      postgresPid: server.pid ?? null,
      port: server.port,
      dataDir,
    } satisfies EmbeddedState),
    { mode: 0o600 },
  );
  await ensureDatabase(server.url(), EMBEDDED_DATABASE_NAME);
  return {
    url: server.url(EMBEDDED_DATABASE_NAME),
    dataDir,
    owned: true,
    stop: async () => {
      await server.stop();
      const state = await readState(statePath);
      if (state?.ownerPid === process.pid) await rm(statePath, { force: true });
    },
  };
}

function databaseUrl(port: number, password: string): string {
  return `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${EMBEDDED_DATABASE_NAME}`;
}

async function readState(path: string): Promise<EmbeddedState | null> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as EmbeddedState;
  } catch {
    return null;
  }
}

/** The process exists, a zombie included (what PostgreSQL's own lock check sees). */
function exists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The process exists and is not a zombie: a killed process whose parent died too stays one until
 * init reaps it (at once, or never in a container without an init).
 */
function isAlive(pid: number): boolean {
  if (!exists(pid)) return false;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat[stat.lastIndexOf(')') + 2] !== 'Z';
  } catch {
    return true; // No /proc (macOS): as kill says.
  }
}

/**
 * `.data/postgres`, or, when running as root in a directory the postgres user cannot traverse
 * (a clone under /root), a root-owned directory it can, linked from `.data/postgres`.
 */
async function dataDirectory(baseDir: string, log: (line: string) => void): Promise<string> {
  const preferred = join(baseDir, 'postgres');
  // Others may traverse .data (to reach postgres/) but not list it; the secrets in it are 0600.
  await mkdir(baseDir, { recursive: true, mode: 0o711 });
  const existingLink = await lstat(preferred).then(
    (stats) => (stats.isSymbolicLink() ? readlink(preferred) : null),
    () => null,
  );
  if (existingLink) return existingLink;
  if (userInfo().uid !== 0 || postgresUserCanReach(baseDir)) return preferred;

  const hash = createHash('sha256').update(baseDir).digest('hex').slice(0, 12);
  const external = `/var/tmp/loquent-${hash}/postgres`;
  await mkdir(join(external, '..'), { recursive: true, mode: 0o755 });
  if (!existsSync(preferred)) await symlink(external, preferred);
  log(
    `The postgres user cannot reach ${baseDir}; the embedded database lives in ${external} (linked from ${preferred})`,
  );
  return external;
}

function postgresUserCanReach(dir: string): boolean {
  const { uid, gid } = ensurePostgresUser();
  return spawnSync('test', ['-x', dir], { uid, gid }).status === 0;
}

/** A server left running by a killed run still holds the data directory: stop it. */
async function stopOrphan(dataDir: string, log: (line: string) => void): Promise<void> {
  const lockFile = join(dataDir, 'postmaster.pid');
  let pid: number;
  try {
    pid = Number((await readFile(lockFile, 'utf8')).split('\n')[0]);
  } catch {
    return;
  }
  if (!Number.isInteger(pid) || pid <= 0 || !exists(pid)) return; // a stale lock PostgreSQL clears itself
  if (!isAlive(pid) || !isPostgresOf(pid, dataDir)) {
    // A killed server not reaped yet, or the pid reused by another program: the lock is stale,
    // but PostgreSQL, finding a process with that pid, would refuse to start.
    await rm(lockFile, { force: true });
    return;
  }
  log(`Stopping the embedded PostgreSQL (pid ${pid}) left running by a previous run`);
  process.kill(pid, 'SIGINT');
  const deadline = Date.now() + 15_000;
  while (isAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  if (isAlive(pid)) process.kill(pid, 'SIGKILL');
}

function isPostgresOf(pid: number, dataDir: string): boolean {
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return cmdline.includes('postgres') && cmdline.includes(dataDir);
  } catch {
    // No /proc (macOS): trust the lock file rather than risk two servers on one directory.
    return true;
  }
}

async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${name}`);
  } catch (error) {
    // Two processes creating it at once: the loser finds it there.
    if ((error as { code?: string }).code !== '42P04') throw error;
  } finally {
    await client.end();
  }
}
