import { ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import type { ImportBaselineCommand, ImportBaselineResult } from '../baselines/import-baseline';
import { BENCH_DIST } from './paths';

/** The import baseline as a long-lived child process, so it is as warm as the API. */
export class ImportBaselineProcess {
  private readonly child: ChildProcess = fork(
    join(BENCH_DIST, 'baselines', 'import-baseline.js'),
    [],
    {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    },
  );

  run(command: ImportBaselineCommand): Promise<ImportBaselineResult> {
    return new Promise((resolve, reject) => {
      this.child.once(
        'message',
        (message: { ok: boolean; result?: ImportBaselineResult; error?: string }) =>
          message.ok ? resolve(message.result!) : reject(new Error(message.error)),
      );
      this.child.send(command);
    });
  }

  get pid(): number {
    return this.child.pid!;
  }

  stop(): void {
    if (this.child.connected) this.child.disconnect();
  }
}
