import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { TwilioSandbox } from '@loquent/twilio-sandbox';

export interface TimedSandboxRequest {
  method: string;
  /** Path and query. */
  url: string;
  /** process.hrtime in ms, when the request's headers arrived and when its answer was written. */
  startMs: number;
  endMs: number;
  durationMs: number;
}

/**
 * How long the sandbox itself takes for each request: from the arrival of its headers to the end
 * of its answer, measured in the sandbox's own process with a listener placed before its handler.
 * The sandbox keeps its HTTP server private; the bench reaches in rather than put a proxy (an
 * extra hop) in front of it.
 */
export class SandboxTiming {
  readonly requests: TimedSandboxRequest[] = [];

  constructor(sandbox: TwilioSandbox) {
    const server = (sandbox as unknown as { server?: Server }).server;
    if (!server || typeof server.prependListener !== 'function') {
      throw new Error(
        'TwilioSandbox no longer keeps its HTTP server in `server`: update the bench',
      );
    }
    server.prependListener('request', (req: IncomingMessage, res: ServerResponse) => {
      const startMs = nowMs();
      res.once('finish', () => {
        const endMs = nowMs();
        this.requests.push({
          method: req.method ?? 'GET',
          url: req.url ?? '',
          startMs,
          endMs,
          durationMs: endMs - startMs,
        });
      });
    });
  }

  /** The requests that started within [fromMs, toMs]. */
  between(fromMs: number, toMs: number): TimedSandboxRequest[] {
    return this.requests.filter((request) => request.startMs >= fromMs && request.startMs <= toMs);
  }

  clear(): void {
    this.requests.length = 0;
  }
}

export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}
