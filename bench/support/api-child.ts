import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ALL_PERMISSIONS } from '../../apps/api/src/auth/permissions';
import { freePort } from '../../apps/api/src/bootstrap/free-port';
import { issueToken } from '../../apps/api/src/auth/token-issuer';
import { API_MAIN, REPOSITORY_ROOT } from './paths';

/** Where the API's Link headers point; the list baseline uses the same origin. */
export const BENCH_PUBLIC_BASE_URL = 'https://api.loquent.bench';

export interface TwilioAccount {
  accountSid: string;
  authToken: string;
  apiBaseUrl: string;
}

export interface ApiChildOptions {
  databaseUrl: string;
  twilio: TwilioAccount;
  /** Writes a V8 CPU profile here when the child exits (node --cpu-prof). */
  cpuProfDir?: string | null;
  /** Extra node flags for the child, e.g. --max-old-space-size=128 for an experiment. */
  nodeArgs?: string[];
  /** Extra environment, e.g. LOG_LEVEL=warn for an experiment. */
  env?: Record<string, string>;
  label?: string;
}

/**
 * The built API as `npm start` runs it (`node dist/apps/api/main.js`), on the given database and
 * Twilio account, with its own secrets and data directory.
 */
export class ApiChild {
  private readonly exited: Promise<void>;

  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
    readonly jwtSecret: string,
    private readonly dataDir: string,
    /** The child's stdout and stderr (one log line per request): a file, not a pipe the bench reads. */
    private readonly logFile: string,
  ) {
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
  }

  /** The end of what the API printed. */
  get output(): string {
    try {
      return readFileSync(this.logFile, 'utf8').slice(-20_000);
    } catch {
      return '';
    }
  }

  static async start(options: ApiChildOptions): Promise<ApiChild> {
    const port = await freePort();
    const dataDir = await mkdtemp(join(tmpdir(), 'loquent-bench-api-'));
    const jwtSecret = randomBytes(32).toString('hex');
    const nodeArgs: string[] = [...(options.nodeArgs ?? [])];
    if (options.cpuProfDir) {
      await mkdir(options.cpuProfDir, { recursive: true });
      nodeArgs.push(
        '--cpu-prof',
        `--cpu-prof-dir=${options.cpuProfDir}`,
        `--cpu-prof-name=api-${options.label ?? 'run'}-${Date.now()}.cpuprofile`,
      );
    }
    const logFile = join(dataDir, 'api.log');
    const log = openSync(logFile, 'a');
    const child = spawn(process.execPath, [...nodeArgs, API_MAIN], {
      cwd: REPOSITORY_ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        PORT: String(port),
        METRICS_PORT: '0',
        HOST: '127.0.0.1',
        PUBLIC_BASE_URL: BENCH_PUBLIC_BASE_URL,
        DATABASE_URL: options.databaseUrl,
        TWILIO_ACCOUNT_SID: options.twilio.accountSid,
        TWILIO_AUTH_TOKEN: options.twilio.authToken,
        TWILIO_API_BASE_URL: options.twilio.apiBaseUrl,
        // A page of 1,000 numbers under load can take a while; no retry should hide a slow page.
        TWILIO_TIMEOUT_MS: '120000',
        AUTH_JWT_SECRET: jwtSecret,
        CREDENTIALS_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
        LOQUENT_DATA_DIR: dataDir,
        // No reconciler pass in the middle of a measurement (it runs once at start-up).
        PURCHASE_RECONCILE_INTERVAL_MS: '3600000',
        // The per-organization rate limits would turn a load test into a test of the limiter.
        RATE_LIMIT_BUY_PER_MINUTE: '100000',
        RATE_LIMIT_SEARCH_PER_MINUTE: '100000',
        ...options.env,
      },
      stdio: ['ignore', log, log],
    });
    closeSync(log);
    const api = new ApiChild(child, port, jwtSecret, dataDir, logFile);
    try {
      await api.waitForOutput(/listening on/, 60_000);
    } catch (error) {
      child.kill('SIGKILL');
      await rm(dataDir, { recursive: true, force: true });
      throw error;
    }
    return api;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get pid(): number {
    return this.child.pid!;
  }

  token(organizationId: string): string {
    return issueToken(this.jwtSecret, {
      organizationId,
      permissions: ALL_PERMISSIONS,
      expiresInSeconds: 24 * 60 * 60,
    });
  }

  /** Peak and current resident set size in MB, from /proc/<pid>/status (Linux only). */
  memory(): ProcessMemory | null {
    return readMemory(this.pid);
  }

  async waitForOutput(pattern: RegExp, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!pattern.test(readFileSync(this.logFile, 'utf8'))) {
      if (this.child.exitCode !== null || this.child.signalCode !== null) {
        throw new Error(`The API exited before printing ${pattern}:\n${this.output}`);
      }
      if (Date.now() > deadline)
        throw new Error(`The API did not print ${pattern}:\n${this.output}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** SIGTERM: the API finishes in-flight requests and exits (writing its CPU profile, if any). */
  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill('SIGTERM');
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 20_000);
      await this.exited;
      clearTimeout(timer);
    }
    await rm(this.dataDir, { recursive: true, force: true });
  }
}

/** VmHWM (the peak so far) and VmRSS of a process, in MB. */
export interface ProcessMemory {
  peakRssMb: number;
  rssMb: number;
}

export function readMemory(pid: number): ProcessMemory | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) =>
      Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]);
    return { peakRssMb: kb('VmHWM') / 1024, rssMb: kb('VmRSS') / 1024 };
  } catch {
    return null;
  }
}

/** CPU time (user + system) the process has used so far, in ms, from /proc/<pid>/stat. */
export function readCpuMs(pid: number): number {
  try {
    return statCpuMs(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return Number.NaN;
  }
}

/**
 * The CPU time (ms) in a /proc/<pid>/stat line: user + system, and with `reapedChildren` that
 * of the children it has waited for too (cutime + cstime).
 */
export function statCpuMs(stat: string, reapedChildren = false): number {
  // Fields after the command name, which is in parentheses and may contain spaces.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  let ticks = Number(fields[11]) + Number(fields[12]);
  if (reapedChildren) ticks += Number(fields[13]) + Number(fields[14]);
  return (ticks * 1000) / CLOCK_TICKS_PER_SECOND;
}

/** USER_HZ: 100 on every Linux Node runs on. */
const CLOCK_TICKS_PER_SECOND = 100;
