import http from 'node:http';
import https from 'node:https';
import type { Readable } from 'node:stream';
import zlib from 'node:zlib';
import twilio from 'twilio';
import { TwilioApiError, TwilioTransportError } from './twilio-http.errors';

const TIMEOUT_CODES = new Set(['ECONNABORTED', 'ETIMEDOUT', 'ESOCKETTIMEDOUT']);

export type TwilioCallOutcome =
  'success' | 'client_error' | 'server_error' | 'rate_limited' | 'timeout' | 'connection_error';

/** One call to Twilio's REST API, as observed for logs and metrics. */
export interface TwilioCall {
  operation: string;
  method: string;
  status: number | null;
  twilioCode: number | null;
  outcome: TwilioCallOutcome;
  durationMs: number;
}

export interface TwilioHttpClientOptions {
  /** Origin every Twilio REST call goes to: https://api.twilio.com, or a stand-in of it. */
  apiBaseUrl: string;
  timeoutMs: number;
  /** Told of every call once it ends (never of credentials or bodies). */
  onCall?: (call: TwilioCall) => void;
}

type RequestClient = InstanceType<typeof twilio.RequestClient>;
type RequestOptions<TData> = Parameters<RequestClient['request']>[0] & { data?: TData };
type Response<TData> = Awaited<ReturnType<RequestClient['request']>> & { body: TData };

/**
 * The SDK's HTTP client, with four changes: every call goes to `apiBaseUrl` (the SDK has no
 * base-URL option, and pages follow `next_page_uri` through here too, so paging stays on the same
 * origin); every call has a timeout; failures become TwilioApiError (with Retry-After, which the
 * SDK's RestException drops) or TwilioTransportError; and the request goes out on node:http(s)
 * with keep-alive, as the SDK's RequestClient would send it (Basic auth, the SDK's headers, form
 * bodies with repeated keys for lists) but without axios, whose per-call work was a tenth of a
 * buy's CPU. Behind HTTP_PROXY, the SDK's own client (which honours it) sends it. The SDK's
 * autoRetry stays off: retries are decided per operation, because a purchase must never be
 * retried blindly.
 */
export class TwilioHttpClient extends twilio.RequestClient {
  private readonly base: URL | null;
  private readonly httpAgent = new http.Agent({
    keepAlive: true,
    maxSockets: 20,
    maxFreeSockets: 5,
  });
  private readonly httpsAgent = new https.Agent({
    keepAlive: true,
    maxSockets: 20,
    maxFreeSockets: 5,
  });

  constructor(private readonly options: TwilioHttpClientOptions) {
    super({ timeout: options.timeoutMs, keepAlive: true, autoRetry: false });
    const base = new URL(options.apiBaseUrl);
    this.base = base.origin === 'https://api.twilio.com' ? null : base;
  }

  override async request<TData>(opts: RequestOptions<TData>): Promise<Response<TData>> {
    const uri = this.rebase(opts.uri);
    const started = performance.now();
    const report = (status: number | null, twilioCode: number | null, outcome: TwilioCallOutcome) =>
      this.options.onCall?.({
        operation: operationOf(opts.method, uri),
        method: opts.method.toUpperCase(),
        status,
        twilioCode,
        outcome,
        durationMs: performance.now() - started,
      });
    let response: Response<TData>;
    try {
      response = process.env.HTTP_PROXY
        ? await super.request<TData>({ ...opts, uri, timeout: this.options.timeoutMs })
        : ((await this.send(opts, uri)) as Response<TData>);
    } catch (error) {
      this.forgetLastCall();
      const code = (error as { code?: string }).code ?? '';
      const kind = TIMEOUT_CODES.has(code) ? 'timeout' : 'connection';
      report(null, null, kind === 'timeout' ? 'timeout' : 'connection_error');
      throw new TwilioTransportError(kind, error);
    }
    this.forgetLastCall();
    if (response.statusCode >= 400) {
      const apiError = toApiError(response);
      const outcome =
        response.statusCode === 429
          ? 'rate_limited'
          : response.statusCode >= 500
            ? 'server_error'
            : 'client_error';
      report(response.statusCode, apiError.code, outcome);
      throw apiError;
    }
    report(response.statusCode, null, 'success');
    return response;
  }

  /** The call on node:http(s); the body as text, which the SDK parses. */
  private send(
    opts: RequestOptions<unknown>,
    uri: string,
  ): Promise<{ statusCode: number; body: string; headers: http.IncomingHttpHeaders }> {
    const url = new URL(uri);
    if (opts.params) {
      const query = formEncode(opts.params as Record<string, unknown>);
      if (query) url.search = url.search ? `${url.search}&${query}` : `?${query}`;
    }
    const headers: Record<string, string> = {
      ...(opts.headers as Record<string, string> | undefined),
      Connection: 'keep-alive',
      // As axios asked: a page of 1,000 numbers is a tenth of its size compressed.
      'Accept-Encoding': 'gzip, deflate, br',
    };
    if (opts.username && opts.password) {
      headers.Authorization = `Basic ${Buffer.from(`${opts.username}:${opts.password}`).toString('base64')}`;
    }
    let body: string | undefined;
    if (opts.data) {
      const type = headers['Content-Type'];
      if (type === 'application/x-www-form-urlencoded') {
        body = formEncode(opts.data as Record<string, unknown>);
      } else if (type === 'application/json') {
        body = JSON.stringify(opts.data);
      }
    }
    if (body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(body));
    const [transport, agent] =
      url.protocol === 'https:' ? [https, this.httpsAgent] : [http, this.httpAgent];

    return new Promise((resolve, reject) => {
      const request = transport.request(
        url,
        { method: opts.method.toUpperCase(), headers, agent },
        (response) => {
          const stream = decoded(response);
          let text = '';
          stream.setEncoding('utf8');
          stream.on('data', (chunk: string) => (text += chunk));
          stream.on('end', () => {
            clearTimeout(timer);
            resolve({
              statusCode: response.statusCode ?? 0,
              body: text,
              headers: response.headers,
            });
          });
          stream.on('error', fail);
          if (stream !== response) response.on('error', fail);
        },
      );
      // The whole call, connection to the last byte of the answer, as axios's `timeout` is.
      const timer = setTimeout(
        () =>
          request.destroy(
            Object.assign(new Error(`timeout of ${this.options.timeoutMs}ms exceeded`), {
              code: 'ETIMEDOUT',
            }),
          ),
        this.options.timeoutMs,
      );
      function fail(error: Error): void {
        clearTimeout(timer);
        reject(error);
      }
      request.on('error', fail);
      request.end(body);
    });
  }

  /**
   * The SDK's own client (behind HTTP_PROXY) keeps the last request and response (its body parsed) on the client until the next
   * call, for debugging: a page of 1,000 numbers would stay alive between requests, long enough
   * to be promoted to the old generation, for every page an import reads. Nothing reads them.
   */
  private forgetLastCall(): void {
    this.lastRequest = undefined;
    this.lastResponse = undefined;
  }

  private rebase(uri: string): string {
    if (!this.base) return uri;
    const target = new URL(uri);
    if (!target.hostname.endsWith('twilio.com')) return uri;
    target.protocol = this.base.protocol;
    target.host = this.base.host;
    return target.toString();
  }
}

const OPERATIONS: [string, RegExp, string][] = [
  ['GET', /\/Accounts\/[^/]+\.json$/, 'fetchAccount'],
  ['GET', /\/AvailablePhoneNumbers\.json$/, 'listAvailableCountries'],
  ['GET', /\/AvailablePhoneNumbers\/[^/]+\.json$/, 'fetchAvailableCountry'],
  ['GET', /\/AvailablePhoneNumbers\/[^/]+\/[^/]+\.json$/, 'searchAvailableNumbers'],
  ['POST', /\/IncomingPhoneNumbers\.json$/, 'purchaseNumber'],
  ['GET', /\/IncomingPhoneNumbers\.json$/, 'listIncomingNumbers'],
  ['GET', /\/IncomingPhoneNumbers\/[^/]+\.json$/, 'fetchIncomingNumber'],
  ['POST', /\/IncomingPhoneNumbers\/[^/]+\.json$/, 'updateIncomingNumber'],
  ['DELETE', /\/IncomingPhoneNumbers\/[^/]+\.json$/, 'releaseIncomingNumber'],
];

/** The answer's body as sent, before its Content-Encoding. */
function decoded(response: http.IncomingMessage): Readable {
  switch (response.headers['content-encoding']) {
    case 'gzip':
      return response.pipe(zlib.createGunzip());
    case 'deflate':
      return response.pipe(zlib.createInflate());
    case 'br':
      return response.pipe(zlib.createBrotliDecompress());
    default:
      return response;
  }
}

/**
 * A form or query string as the SDK's client writes it (qs, `arrayFormat: 'repeat'`): a list as
 * the key repeated, null as an empty value, undefined left out, an object's members as
 * `key[member]`.
 */
export function formEncode(fields: Record<string, unknown>, prefix?: string): string {
  const parts: string[] = [];
  for (const [name, value] of Object.entries(fields)) {
    const key = prefix === undefined ? name : `${prefix}[${name}]`;
    if (value === undefined) continue;
    const values = Array.isArray(value) ? value : [value];
    for (const item of values) {
      if (item === undefined) continue;
      if (item !== null && typeof item === 'object' && !(item instanceof Date)) {
        const nested = formEncode(item as Record<string, unknown>, key);
        if (nested) parts.push(nested);
        continue;
      }
      const text = item === null ? '' : item instanceof Date ? item.toISOString() : String(item);
      parts.push(`${encodeURIComponent(key)}=${encodeURIComponent(text)}`);
    }
  }
  return parts.join('&');
}

/** A name for the call, from its method and path (the SDK does not say which operation it is). */
export function operationOf(method: string, uri: string): string {
  const path = new URL(uri).pathname;
  const verb = method.toUpperCase();
  return OPERATIONS.find(([m, pattern]) => m === verb && pattern.test(path))?.[2] ?? 'other';
}

function toApiError(response: Response<unknown>): TwilioApiError {
  let body: { code?: unknown; message?: unknown; more_info?: unknown } = {};
  try {
    body = typeof response.body === 'string' ? JSON.parse(response.body) : (response.body ?? {});
  } catch {
    // Not JSON (a proxy's HTML error page): the status alone has to do.
  }
  const headers = (response.headers ?? {}) as Record<string, unknown>;
  return new TwilioApiError(
    response.statusCode,
    typeof body.code === 'number' ? body.code : null,
    typeof body.message === 'string' ? body.message : `HTTP ${response.statusCode}`,
    typeof body.more_info === 'string' ? body.more_info : null,
    retryAfterSeconds(headers['retry-after']),
  );
}

function retryAfterSeconds(value: unknown): number | null {
  if (typeof value !== 'string' || value.trim() === '') return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}
