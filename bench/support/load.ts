import autocannon from 'autocannon';
import { readCpuMs } from './api-child';

export interface LoadFigures {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  errors: number;
  non2xx: number;
  /** CPU time the server process used per request answered (NaN without /proc). */
  serverCpuMsPerRequest: number;
}

/** One autocannon measurement of a GET with a bearer token. */
export async function measureLoad(
  url: string,
  token: string,
  options: { connections: number; duration: number; serverPid?: number },
): Promise<LoadFigures> {
  const cpuBefore = options.serverPid ? readCpuMs(options.serverPid) : Number.NaN;
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
  };
}
