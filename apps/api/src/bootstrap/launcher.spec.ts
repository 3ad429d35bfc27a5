import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/** The built module (the api project's global setup builds dist/), run in a child process. */
const LAUNCHER = join(
  __dirname,
  '..',
  '..',
  '..',
  '..',
  'dist',
  'apps',
  'api',
  'bootstrap',
  'launcher.js',
);
const PRINT = `const { startedAt } = require(${JSON.stringify(LAUNCHER)});
console.log(JSON.stringify({ startedAt: startedAt(), ownStart: performance.timeOrigin }));`;
/** /proc counts start times in hundredths of a second. */
const TICK_MS = 20;

function run(command: string, args: string[]): { startedAt: number; ownStart: number } {
  return JSON.parse(execFileSync(command, args, { encoding: 'utf8' }));
}

describe('startedAt', () => {
  it('counts from the start of the shell that ran the API, as npm runs a script', () => {
    const before = Date.now();
    const { startedAt, ownStart } = run('sh', [
      '-c',
      `sleep 0.5; ${JSON.stringify(process.execPath)} -e ${shellQuoted(PRINT)}`,
    ]);

    expect(startedAt).toBeGreaterThanOrEqual(before - TICK_MS);
    expect(ownStart - startedAt).toBeGreaterThanOrEqual(500 - TICK_MS);
  });

  it('counts from the start of the API itself when no npm or shell ran it', () => {
    const before = Date.now();
    const { startedAt, ownStart } = run(process.execPath, ['-e', PRINT]);

    expect(startedAt).toBeGreaterThanOrEqual(before - TICK_MS);
    expect(startedAt).toBeLessThanOrEqual(ownStart);
  });
});

function shellQuoted(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}
