import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from '../../apps/api/src/bootstrap/free-port';
import { BENCH_PUBLIC_BASE_URL, TwilioAccount } from './api-child';
import { BENCH_DIST, REPOSITORY_ROOT } from './paths';

/**
 * The peer (bench/peer/peer-main.ts: NestJS + TypeORM as their documentation teaches) as a child
 * process on the given database and Twilio account, taking the API's tokens.
 */
export class PeerProcess {
  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
    private readonly lines: () => string,
  ) {}

  /** The end of what the peer printed (its errors). */
  get output(): string {
    return this.lines();
  }

  get pid(): number {
    return this.child.pid!;
  }

  static async start(options: {
    databaseUrl: string;
    jwtSecret: string;
    twilio: TwilioAccount;
    nodeArgs?: string[];
  }): Promise<PeerProcess> {
    const port = await freePort();
    const child = spawn(
      process.execPath,
      [...(options.nodeArgs ?? []), join(BENCH_DIST, 'peer', 'peer-main.js')],
      {
        cwd: REPOSITORY_ROOT,
        env: {
          PATH: process.env.PATH ?? '',
          DATABASE_URL: options.databaseUrl,
          PORT: String(port),
          AUTH_JWT_SECRET: options.jwtSecret,
          PUBLIC_BASE_URL: BENCH_PUBLIC_BASE_URL,
          TWILIO_ACCOUNT_SID: options.twilio.accountSid,
          TWILIO_AUTH_TOKEN: options.twilio.authToken,
          TWILIO_API_BASE_URL: options.twilio.apiBaseUrl,
          NODE_ENV: 'production',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout!.on('data', (chunk) => (output = (output + String(chunk)).slice(-20_000)));
    child.stderr!.on('data', (chunk) => (output = (output + String(chunk)).slice(-20_000)));
    const deadline = Date.now() + 60_000;
    while (!output.includes('listening on')) {
      if (child.exitCode !== null || Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`The peer did not start:\n${output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return new PeerProcess(child, `http://127.0.0.1:${port}`, () => output);
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGTERM');
    await exited;
  }
}
