import { readdirSync, readFileSync } from 'node:fs';

/**
 * What the processes of this machine are, read from /proc: the start tests check that stopping
 * `npm start` leaves none of its processes (the API, its PostgreSQL) behind.
 */
function stat(pid: number): { state: string; ppid: number } | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const [state = '', ppid = ''] = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { state, ppid: Number(ppid) };
  } catch {
    return null;
  }
}

function allPids(): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number);
}

/** A process exists and is not a zombie waiting to be reaped. */
export function isRunning(pid: number): boolean {
  const info = stat(pid);
  return info !== null && info.state !== 'Z';
}

/** `root` and every process below it. */
export function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const pid of allPids()) {
    const info = stat(pid);
    if (info) children.set(info.ppid, [...(children.get(info.ppid) ?? []), pid]);
  }
  const tree: number[] = [];
  const queue = [root];
  while (queue.length) {
    const pid = queue.shift()!;
    tree.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return tree;
}

/** Running processes whose command line names `text` (a data directory, say). */
export function processesMentioning(text: string): { pid: number; command: string }[] {
  return allPids().flatMap((pid) => {
    if (pid === process.pid || !isRunning(pid)) return [];
    try {
      const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').trim();
      return command.includes(text) ? [{ pid, command }] : [];
    } catch {
      return [];
    }
  });
}

/** Waits until none of `pids` runs; the ones still running after the timeout. */
export async function waitUntilGone(pids: number[], timeoutMs = 30_000): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const running = pids.filter(isRunning);
    if (running.length === 0 || Date.now() > deadline) return running;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
