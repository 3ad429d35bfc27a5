import autocannon from 'autocannon';
import { readdirSync, readFileSync } from 'node:fs';
import { readCpuMs, statCpuMs } from './api-child';

export interface LoadFigures {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  errors: number;
  non2xx: number;
  /** CPU time the server process used per request answered (NaN without /proc). */
  serverCpuMsPerRequest: number;
  /**
   * CPU time all PostgreSQL processes of this machine used per request answered: the work a
   * server leaves to its database is not free on a machine they share.
   */
  databaseCpuMsPerRequest: number;
}

/** One autocannon measurement of a GET with a bearer token. */
export async function measureLoad(
  url: string,
  token: string,
  options: { connections: number; duration: number; serverPid?: number },
): Promise<LoadFigures> {
  const cpuBefore = options.serverPid ? readCpuMs(options.serverPid) : Number.NaN;
  const databaseBefore = readPostgresCpuMs();
  const result = await autocannon({
    url,
    connections: options.connections,
    duration: options.duration,
    headers: { Authorization: `Bearer ${token}` },
    timeout: 60,
  });
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.latency.totalCount,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    serverCpuMsPerRequest: options.serverPid
      ? (readCpuMs(options.serverPid) - cpuBefore) / result.latency.totalCount
      : Number.NaN,
    databaseCpuMsPerRequest: (readPostgresCpuMs() - databaseBefore) / result.latency.totalCount,
  };
}

/**
 * The CPU time (ms) of every process named "postgres", with that of their children already gone:
 * a backend whose connection closes during a measurement hands its time to the postmaster's
 * (cutime, cstime), so the sum does not drop. NaN without /proc.
 */
export function readPostgresCpuMs(): number {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return Number.NaN;
  }
  let total = 0;
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // gone since readdir
    }
    if (stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')) !== 'postgres') continue;
    total += statCpuMs(stat, true);
  }
  return total;
}
