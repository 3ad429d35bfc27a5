import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

/** USER_HZ, the unit of /proc's start times: 100 on every Linux Node.js runs on. */
const CLOCK_TICKS_PER_SECOND = 100;

/**
 * When the user started this API, in milliseconds since the epoch: for `npm start`, when `npm`
 * started (its build included), found by walking up the `npm` and `sh -c` processes that led to
 * this one; otherwise when this process started. Read from /proc (Linux); elsewhere this
 * process's own start.
 */
export function startedAt(): number {
  let earliest = Math.min(performance.timeOrigin, processStart(process.pid) ?? Infinity);
  for (let pid = parentOf(process.pid); pid !== null && isLauncher(pid); pid = parentOf(pid)) {
    earliest = Math.min(earliest, processStart(pid) ?? Infinity);
  }
  return earliest;
}

/**
 * Calls `stop` once the npm process that ran this API is gone (killed with SIGKILL, say, by an
 * IDE): the API of `npm start` lives no longer than it. Only under an npm script: a server
 * started from a shell that then exits (`nohup`) must keep running.
 */
export function stopWithLauncher(stop: () => void, intervalMs = 500): void {
  if (!process.env.npm_lifecycle_event) return;
  const launcher = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid === launcher) return;
    clearInterval(timer);
    stop();
  }, intervalMs);
  timer.unref();
}

/** `npm …`, `npx …`, or the `sh -c …` npm runs a script with. */
function isLauncher(pid: number): boolean {
  const argv = commandLine(pid);
  if (!argv) return false;
  // npm renames its process ("npm start"), so its title may be one string.
  const [program = '', ...rest] = argv[0]?.includes(' ') ? argv[0].split(' ') : argv;
  const name = basename(program);
  if (name === 'npm' || name === 'npx') return true;
  if (name === 'node' && rest.some((arg) => /[\\/]npm-cli\.js$/.test(arg))) return true;
  return ['sh', 'dash', 'bash', 'zsh'].includes(name) && rest[0] === '-c';
}

function commandLine(pid: number): string[] | null {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  } catch {
    return null;
  }
}

/** Fields of /proc/<pid>/stat after the command name, which may itself hold spaces. */
function statFields(pid: number): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

function parentOf(pid: number): number | null {
  const ppid = Number(statFields(pid)?.[1]);
  return Number.isInteger(ppid) && ppid > 1 ? ppid : null;
}

/** Start of a process in epoch milliseconds (field 22 of stat: clock ticks after boot). */
function processStart(pid: number): number | null {
  const ticks = Number(statFields(pid)?.[19]);
  let uptimeSeconds: number;
  try {
    uptimeSeconds = Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0]);
  } catch {
    return null;
  }
  if (!Number.isFinite(ticks) || !Number.isFinite(uptimeSeconds)) return null;
  return Date.now() - (uptimeSeconds - ticks / CLOCK_TICKS_PER_SECOND) * 1000;
}
