import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';

/** What the receiver's answer may take of storage. */
export const RESPONSE_BODY_LIMIT = 1024;

export type SendOutcome =
  { ok: boolean; status: number; body: string } | { ok: false; status: null; error: string };

/**
 * One POST to an endpoint: no redirects followed, the whole exchange bounded by `timeoutMs`, and
 * no more than RESPONSE_BODY_LIMIT bytes of the answer read. A 2xx is a success.
 */
export function postWebhook(
  url: URL,
  headers: Record<string, string>,
  body: string,
  options: { timeoutMs: number; lookup: LookupFunction },
): Promise<SendOutcome> {
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (outcome: SendOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
    };
    const req = request(
      url,
      {
        method: 'POST',
        lookup: options.lookup,
        headers: {
          ...headers,
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(body)),
          'user-agent': 'Loquent-Webhooks/1.0',
        },
      },
      (response) => {
        const status = response.statusCode ?? 0;
        const chunks: Buffer[] = [];
        let length = 0;
        const done = () => {
          // Kept as text in PostgreSQL, which stores no NUL: a receiver's NUL must not fail the
          // transaction that records its 2xx (and have the event sent again).
          const text = Buffer.concat(chunks)
            .subarray(0, RESPONSE_BODY_LIMIT)
            .toString('utf8')
            .replaceAll('\u0000', '\uFFFD');
          finish({ ok: status >= 200 && status < 300, status, body: text });
          response.destroy();
        };
        response.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
          length += chunk.length;
          if (length >= RESPONSE_BODY_LIMIT) done();
        });
        response.on('end', done);
        response.on('error', done);
      },
    );
    const timer = setTimeout(() => {
      finish({ ok: false, status: null, error: `no answer within ${options.timeoutMs} ms` });
      req.destroy();
    }, options.timeoutMs);
    req.on('error', (error: NodeJS.ErrnoException) =>
      finish({ ok: false, status: null, error: describe(error) }),
    );
    req.end(body);
  });
}

function describe(error: NodeJS.ErrnoException): string {
  if (error.code === 'ECONNREFUSED') return 'connection refused';
  if (error.code === 'ENOTFOUND') return 'host not found';
  return error.code ? `${error.message} (${error.code})` : error.message;
}
