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
 * The SDK's own HTTP client, with three changes: every call goes to `apiBaseUrl` (the SDK has no
 * base-URL option, and pages follow `next_page_uri` through here too, so paging stays on the same
 * origin); every call has a timeout; and failures become TwilioApiError (with Retry-After, which
 * the SDK's RestException drops) or TwilioTransportError. The SDK's autoRetry stays off: retries
 * are decided per operation, because a purchase must never be retried blindly.
 */
export class TwilioHttpClient extends twilio.RequestClient {
  private readonly base: URL | null;

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
      response = await super.request<TData>({ ...opts, uri, timeout: this.options.timeoutMs });
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

  /**
   * The SDK keeps the last request and response (its body parsed) on the client until the next
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
