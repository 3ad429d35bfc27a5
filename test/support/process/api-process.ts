import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from '../../../apps/api/src/bootstrap/free-port';

export const REPOSITORY_ROOT = join(__dirname, '..', '..', '..');
const MAIN = join(REPOSITORY_ROOT, 'dist', 'apps', 'api', 'main.js');

/**
 * The built API (`node dist/apps/api/main.js`, what `npm start` runs) as a child process, for
 * tests that must restart or kill it, or `npm start` itself. The api project's global setup
 * builds dist/ first.
 */
export class ApiProcess {
  output = '';
  private readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  private constructor(
    readonly child: ChildProcess,
    readonly port: number,
  ) {
    child.stdout!.on('data', (chunk) => (this.output += chunk));
    child.stderr!.on('data', (chunk) => (this.output += chunk));
    this.exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal })),
    );
  }

  /** Starts the API and waits until it prints that it listens (or exits). */
  static async start(env: Record<string, string>, port?: number): Promise<ApiProcess> {
    return ApiProcess.launch(process.execPath, [MAIN], env, port, /listening on/);
  }

  /**
   * `npm start` (its build, then the API), in a process group of its own as a terminal gives it,
   * so that a test can signal npm alone or the whole group.
   */
  static async npmStart(env: Record<string, string>, port?: number): Promise<ApiProcess> {
    return ApiProcess.launch('npm', ['start'], env, port, /Stop with Ctrl\+C\./, {
      detached: true,
    });
  }

  private static async launch(
    command: string,
    args: string[],
    env: Record<string, string>,
    port: number | undefined,
    ready: RegExp,
    options: { detached?: boolean } = {},
  ): Promise<ApiProcess> {
    const chosenPort = port ?? (await freePort());
    const child = spawn(command, args, {
      cwd: REPOSITORY_ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        PORT: String(chosenPort),
        // Any free port: suites run API processes side by side.
        METRICS_PORT: '0',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      ...options,
    });
    const api = new ApiProcess(child, chosenPort);
    await api.waitForOutput(ready, 90_000);
    return api;
  }

  /** Runs the API with this environment until it exits by itself (a refused configuration). */
  static async run(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
    const child = spawn(process.execPath, [MAIN], {
      cwd: REPOSITORY_ROOT,
      env: { PATH: process.env.PATH ?? '', METRICS_PORT: '0', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const api = new ApiProcess(child, 0);
    const { code } = await api.exited;
    return { code, output: api.output };
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async waitForOutput(pattern: RegExp, timeoutMs = 30_000): Promise<RegExpMatchArray> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const match = this.output.match(pattern);
      if (match) return match;
      if (this.child.exitCode !== null || this.child.signalCode !== null) {
        throw new Error(`The API exited before printing ${pattern}:\n${this.output}`);
      }
      if (Date.now() > deadline)
        throw new Error(`The API did not print ${pattern}:\n${this.output}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async stop(
    signal: NodeJS.Signals = 'SIGTERM',
  ): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    return this.exited;
  }

  /** Signals every process of the group `npmStart` made (npm, the API, PostgreSQL). */
  async killGroup(
    signal: NodeJS.Signals,
  ): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    process.kill(-this.child.pid!, signal);
    return this.exited;
  }
}
