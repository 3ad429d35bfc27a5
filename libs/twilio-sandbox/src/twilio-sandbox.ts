import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { dirname } from 'node:path';
import express, { NextFunction, Request, Response, Router, urlencoded } from 'express';
import twilio from 'twilio';
import { DEFAULT_SEED_AREA_CODES, isAreaCode } from './area-codes';
import { SandboxCallControls, SandboxCallFollower, SandboxCallStep } from './sandbox-call';
import { controlRouter, SandboxControlTarget } from './sandbox-control';
import {
  authenticate,
  errorBody,
  InvalidRequestError,
  SandboxErrorCode,
  TwilioError,
} from './sandbox-errors';
import { Fault, SandboxFaultControls, SandboxFaults } from './sandbox-faults';
import { SandboxInvalidRequest, SandboxLog, SandboxRequestLog } from './sandbox-log';
import { prepareOperation } from './sandbox-operations';
import {
  ACCOUNT_SID_PATTERN,
  HttpMethod,
  isHttpUrl,
  NUMBER_SID_PATTERN,
  RouteParams,
  ROUTES,
  SandboxOperation,
  validateParameters,
} from './sandbox-routes';
import { seedDemoCompliance, seedDemoNumbers } from './sandbox-seed';
import { NumberType as SandboxNumberType, Offer as SandboxOffer } from './sandbox-catalogue';
import {
  AccountRecord,
  AddressRecord as SandboxAddress,
  BundleRecord as SandboxBundle,
  SandboxNumber,
  SandboxState,
  StateSnapshot,
} from './sandbox-state';

export interface TwilioSandboxOptions {
  /** 0 (the default) picks any free port. */
  port?: number;
  /** Default 127.0.0.1: the control endpoints have no authentication. */
  host?: string;
  /** 'demo' (default): the default account starts with a dozen numbers to import. */
  seed?: 'demo' | 'empty';
  /** A delay before every answer. */
  latencyMs?: number;
  /** Keeps accounts and numbers in this JSON file across restarts (read at start if present). */
  statePath?: string;
  /** Time source for date_created/date_updated; by default a deterministic logical clock. */
  clock?: () => Date;
}

type Outcome =
  | { kind: 'respond'; status: number; body: unknown; headers: Record<string, string> }
  | { kind: 'drop' };

/** What the routing made of a request: one of the operations, or a request Twilio refuses. */
type Routed =
  | { kind: 'operation'; operation: SandboxOperation; params: RouteParams }
  | { kind: 'refused'; error: InvalidRequestError };

const MAX_BODY = '1mb';

/**
 * A stateful stand-in for the part of Twilio's 2010 REST API Loquent uses, over HTTP (Express): the
 * real adapter and SDK talk to it exactly as to api.twilio.com. Deterministic: the same calls give
 * the same sids, tokens and numbers.
 */
export class TwilioSandbox implements SandboxControlTarget {
  readonly faults: SandboxFaultControls;
  private readonly faultQueue: SandboxFaults;
  private readonly log = new SandboxLog();
  private readonly server: Server;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly state: SandboxState;
  private readonly defaultAccountSid: string;
  private persisting = false;
  private requestCounter = 0;
  private callCounter = 0;
  private stopped = false;

  private constructor(private readonly options: TwilioSandboxOptions) {
    this.faultQueue = new SandboxFaults(options.latencyMs ?? 0);
    this.faults = this.faultQueue;
    const stateOptions = {
      ...(options.clock ? { clock: options.clock } : {}),
      onChange: () => this.save(),
    };
    if (options.statePath && existsSync(options.statePath)) {
      const snapshot = JSON.parse(readFileSync(options.statePath, 'utf8')) as StateSnapshot;
      this.state = SandboxState.fromSnapshot(snapshot, stateOptions);
      const first = snapshot.accounts[0];
      if (!first) throw new Error(`${options.statePath} has no account`);
      this.defaultAccountSid = first.sid;
    } else {
      this.state = new SandboxState(stateOptions);
      const account = this.state.createAccount();
      this.defaultAccountSid = account.sid;
      if ((options.seed ?? 'demo') === 'demo') {
        seedDemoNumbers(this.state, account);
        seedDemoCompliance(this.state, account);
      }
    }
    this.persisting = Boolean(options.statePath);
    this.save();
    this.server = createServer(this.application());
    // Longer than any client's idle keep-alive, so the client, not the sandbox, closes idle
    // sockets (no race where a request goes out on a socket the sandbox is closing).
    this.server.keepAliveTimeout = 65_000;
  }

  static async start(options: TwilioSandboxOptions = {}): Promise<TwilioSandbox> {
    const sandbox = new TwilioSandbox(options);
    await new Promise<void>((resolve, reject) => {
      sandbox.server.once('error', reject);
      sandbox.server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
        sandbox.server.off('error', reject);
        resolve();
      });
    });
    return sandbox;
  }

  /** The origin to use as the Twilio API base URL, e.g. http://127.0.0.1:41234. */
  get url(): string {
    const address = this.server.address() as AddressInfo | null;
    if (!address) throw new Error('The Twilio sandbox is not listening');
    let host = address.address;
    if (host === '0.0.0.0') host = '127.0.0.1';
    else if (host === '::') host = '[::1]';
    else if (host.includes(':')) host = `[${host}]`;
    return `http://${host}:${address.port}`;
  }

  /** The default account, the one the demo seed fills. */
  get accountSid(): string {
    return this.defaultAccountSid;
  }

  /** The default account's current auth token (setAuthToken changes it). */
  get authToken(): string {
    return this.state.requireAccount(this.defaultAccountSid).authToken;
  }

  get requests(): readonly SandboxRequestLog[] {
    return this.log.requests;
  }

  get invalidRequests(): readonly SandboxInvalidRequest[] {
    return this.log.invalidRequests;
  }

  countOf(operation: SandboxOperation, status?: number): number {
    return this.log.countOf(operation, status);
  }

  /** Clears faults, latency overrides and logs; accounts and numbers stay as they are. */
  reset(): void {
    this.faultQueue.reset();
    this.log.clear();
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  createAccount(friendlyName?: string): { accountSid: string; authToken: string } {
    const account = this.state.createAccount(friendlyName);
    return { accountSid: account.sid, authToken: account.authToken };
  }

  /** Simulates a rotated (or revoked) token: the old one gets 401 from now on. */
  setAuthToken(accountSid: string, authToken: string): void {
    this.state.setAuthToken(accountSid, authToken);
  }

  ownedNumbers(accountSid: string = this.defaultAccountSid): SandboxNumber[] {
    return this.state.requireAccount(accountSid).numbers.map((n) => this.state.snapshotOf(n));
  }

  ownNumber(
    input: {
      phoneNumber: string;
      friendlyName?: string;
      voiceUrl?: string | null;
      smsUrl?: string | null;
    },
    accountSid: string = this.defaultAccountSid,
  ): SandboxNumber {
    for (const url of [input.voiceUrl, input.smsUrl]) {
      if (url !== undefined && url !== null && !isHttpUrl(url)) {
        throw new Error(`${url} is not an absolute http or https URL`);
      }
    }
    const record = this.state.own(this.state.requireAccount(accountSid), input);
    return this.state.snapshotOf(record);
  }

  /** Many numbers at once (100,000 in well under a second), outside the searchable inventory. */
  seedOwnedNumbers(
    count: number,
    options: { accountSid?: string; areaCodes?: string[] } = {},
  ): void {
    const account = this.state.requireAccount(options.accountSid ?? this.defaultAccountSid);
    this.state.seed(account, count, options.areaCodes ?? DEFAULT_SEED_AREA_CODES);
  }

  /**
   * Rings one of an account's numbers as Twilio does: POSTs the voice webhook, form-encoded and
   * signed (X-Twilio-Signature) with the account's token, to the number's voice URL. For trying
   * what a number does when called, without a phone. The TwiML answered is then followed as
   * Twilio would (Say, Dial, Record, Connect/Stream, Hangup, and the action requests their end
   * makes); `dropStream` drops an agent's stream at once so the `<Connect action>` is exercised.
   */
  async placeCall(
    input: {
      to: string;
      from?: string;
      accountSid?: string;
    } & SandboxCallControls,
  ): Promise<{
    url: string;
    status: number;
    contentType: string | null;
    body: string;
    /** What the caller met, following the TwiML and the action requests it names. */
    steps: SandboxCallStep[];
  }> {
    const account = this.state.requireAccount(input.accountSid ?? this.defaultAccountSid);
    const number = this.ownedNumbers(account.sid).find((n) => n.phoneNumber === input.to);
    if (!number) throw new Error(`${input.to} is not a number of ${account.sid}`);
    if (!number.voiceUrl)
      throw new Error(`${input.to} has no voice URL: Twilio would play its default message`);
    this.callCounter++;
    const params: Record<string, string> = {
      AccountSid: account.sid,
      ApiVersion: '2010-04-01',
      CallSid: `CA${createHash('sha256').update(`${account.sid}:call:${this.callCounter}`).digest('hex').slice(0, 32)}`,
      CallStatus: 'ringing',
      Called: number.phoneNumber,
      Caller: input.from ?? '+15005550006',
      Direction: 'inbound',
      From: input.from ?? '+15005550006',
      To: number.phoneNumber,
    };
    // Twilio signs the URL it calls and, for a POST, the posted parameters; a GET carries them in the URL.
    const get = number.voiceMethod === 'GET';
    const query = new URLSearchParams(params).toString();
    const url = get
      ? `${number.voiceUrl}${number.voiceUrl.includes('?') ? '&' : '?'}${query}`
      : number.voiceUrl;
    const signature = twilio.getExpectedTwilioSignature(account.authToken, url, get ? {} : params);
    const response = await fetch(url, {
      method: get ? 'GET' : 'POST',
      headers: get
        ? { 'X-Twilio-Signature': signature }
        : { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Twilio-Signature': signature },
      ...(get ? {} : { body: query }),
    });
    const body = await response.text();
    const contentType = response.headers.get('content-type');
    const follower = new SandboxCallFollower(account.authToken, params, input);
    if (response.ok && (contentType ?? '').includes('xml')) await follower.follow(body);
    return { url, status: response.status, contentType, body, steps: follower.steps };
  }

  /** What a search in the (NANP) area code would offer now, in its order. */
  availableNumbers(areaCode: string): string[] {
    if (!isAreaCode(areaCode)) throw new Error(`${areaCode} is not a US area code`);
    return this.state.available(areaCode);
  }

  /**
   * What a search of the country and type (and area code, in the US and Canada) goes through
   * now, in its order, before any other filter: each number with what Twilio says of it.
   */
  numbersForSale(query: {
    country: string;
    type: SandboxNumberType;
    areaCode?: string;
  }): SandboxOffer[] {
    return this.state.forSale(query.country, query.type, query.areaCode ?? null);
  }

  /** An Address of the account (as created in Twilio's console), for numbers that need one. */
  createAddress(
    input: { isoCountry: string; customerName?: string },
    accountSid: string = this.defaultAccountSid,
  ): SandboxAddress {
    return { ...this.state.addAddress(this.state.requireAccount(accountSid), input) };
  }

  /** A regulatory Bundle of the account for numbers of a country and type; approved unless told. */
  createBundle(
    input: { isoCountry: string; numberType: SandboxNumberType; status?: SandboxBundle['status'] },
    accountSid: string = this.defaultAccountSid,
  ): SandboxBundle {
    return { ...this.state.addBundle(this.state.requireAccount(accountSid), input) };
  }

  addresses(accountSid: string = this.defaultAccountSid): SandboxAddress[] {
    return this.state.requireAccount(accountSid).addresses.map((a) => ({ ...a }));
  }

  bundles(accountSid: string = this.defaultAccountSid): SandboxBundle[] {
    return this.state.requireAccount(accountSid).bundles.map((b) => ({ ...b }));
  }

  /** Control endpoints under /__sandbox, then Twilio's resources, form-encoded as Twilio reads them. */
  private application(): express.Express {
    const app = express();
    app.enable('case sensitive routing');
    app.disable('x-powered-by');
    app.disable('etag');
    app.use('/__sandbox', controlRouter(this));
    app.use(urlencoded({ extended: false, limit: MAX_BODY }));
    app.use(this.twilioRouter());
    app.use((error: unknown, req: Request, res: Response, next: NextFunction) => {
      const refused = refusal(error, req);
      if (refused) {
        this.handle(req, res, { kind: 'refused', error: refused }).catch(next);
        return;
      }
      console.error('Twilio sandbox: unexpected failure', error);
      if (res.headersSent) return;
      const body = errorBody(500, SandboxErrorCode.InternalServerError, 'Internal Server Error');
      this.send(req, res, { kind: 'respond', status: 500, body, headers: {} });
    });
    return app;
  }

  private twilioRouter(): Router {
    // Twilio's paths are case-sensitive and have no trailing slash.
    const router = Router({ caseSensitive: true, strict: true });
    for (const { path, methods } of ROUTES) {
      const route = router.route(path);
      const allowed = Object.keys(methods) as HttpMethod[];
      const notAllowed = (req: Request, res: Response, next: NextFunction) => {
        const message = `Method ${req.method} not allowed (allowed: ${allowed.join(', ')})`;
        const error = new InvalidRequestError(SandboxErrorCode.MethodNotAllowed, message, 405);
        this.handle(req, res, { kind: 'refused', error }).catch(next);
      };
      // Express would answer HEAD with the GET handler; Twilio's operations do not include it.
      route.head(notAllowed);
      for (const method of allowed) {
        const operation = methods[method]!;
        route[lowerCase(method)]((req: Request, res: Response, next: NextFunction) => {
          const params = req.params as unknown as RouteParams;
          this.handle(req, res, { kind: 'operation', operation, params }).catch(next);
        });
      }
      route.all(notAllowed);
    }
    router.use((req: Request, res: Response, next: NextFunction) => {
      this.handle(req, res, { kind: 'refused', error: notFoundRequest(req) }).catch(next);
    });
    return router;
  }

  private async handle(req: Request, res: Response, routed: Routed): Promise<void> {
    const url = requestUrl(req);
    const entry: SandboxRequestLog = {
      method: req.method,
      path: url.pathname,
      query: url.search.slice(1),
      form: null,
      operation: routed.kind === 'operation' ? routed.operation : null,
      status: null,
      account: null,
      fault: null,
    };
    this.log.requests.push(entry);
    const latency = this.faultQueue.latencyFor(entry.operation);
    if (latency > 0) await this.sleep(latency);

    let outcome: Outcome;
    try {
      outcome = await this.answer(req, url, routed, entry);
    } catch (error) {
      if (!(error instanceof TwilioError)) throw error;
      outcome = this.errorOutcome(error, entry);
    }
    if (outcome.kind === 'drop') {
      req.socket.destroy();
      return;
    }
    entry.status = outcome.status;
    this.send(req, res, outcome);
  }

  /** Auth, then the request's shape, then faults around the operation itself. */
  private async answer(
    req: Request,
    url: URL,
    routed: Routed,
    entry: SandboxRequestLog,
  ): Promise<Outcome> {
    if (routed.kind === 'refused') throw routed.error;
    const path = url.pathname;
    const missing = `The requested resource ${path} was not found`;
    const account = this.authenticate(req.headers.authorization);
    if (!account) throw authenticate();
    entry.account = account.sid;

    const { operation, params } = routed;
    const malformedSid =
      !ACCOUNT_SID_PATTERN.test(params.accountSid) ||
      (params.sid !== undefined && !NUMBER_SID_PATTERN.test(params.sid));
    if (malformedSid) throw new InvalidRequestError(SandboxErrorCode.NotFound, missing, 404);
    // Twilio answers another account's URL as if it did not exist, never "forbidden".
    if (params.accountSid !== account.sid) {
      throw new TwilioError(404, SandboxErrorCode.NotFound, missing);
    }

    let form: [string, string][] | null = null;
    if (entry.method === 'POST') {
      // The form parser leaves any other body alone; Twilio refuses it.
      if (req.body === undefined && hasContent(req)) {
        const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
        throw new InvalidRequestError(
          SandboxErrorCode.InvalidParameter,
          `Content-Type must be application/x-www-form-urlencoded, got ${type || 'none'}`,
        );
      }
      form = formEntries(req.body as FormBody | undefined);
      entry.form = Object.fromEntries(form);
    }
    const validated = validateParameters(operation, url.searchParams, form);
    const apply = prepareOperation(this.state, account, {
      operation,
      params,
      pathname: path,
      rawQuery: url.searchParams,
      ...validated,
    });

    const fault = this.faultQueue.take(operation);
    entry.fault = fault?.kind ?? null;
    if (fault?.phase === 'before') {
      const early = await this.applyFault(fault);
      if (early) return early;
    }
    let outcome: Outcome;
    try {
      const result = apply();
      outcome = { kind: 'respond', status: result.status, body: result.body, headers: {} };
    } catch (error) {
      if (!(error instanceof TwilioError)) throw error;
      outcome = this.errorOutcome(error, entry);
    }
    if (fault?.phase === 'after') {
      const late = await this.applyFault(fault);
      if (late) return late;
    }
    return outcome;
  }

  /** A fault's own answer, or null when the request goes on (after a delay). */
  private async applyFault(fault: Fault): Promise<Outcome | null> {
    switch (fault.kind) {
      case 'fail':
        return {
          kind: 'respond',
          status: fault.status,
          body: errorBody(fault.status, fault.code, fault.message),
          headers:
            fault.retryAfterSeconds === null
              ? {}
              : { 'Retry-After': String(fault.retryAfterSeconds) },
        };
      case 'drop':
        return { kind: 'drop' };
      case 'delay':
        await this.sleep(fault.ms);
        return null;
    }
  }

  private errorOutcome(error: TwilioError, entry: SandboxRequestLog): Outcome {
    if (error instanceof InvalidRequestError) {
      this.log.invalidRequests.push({
        operation: entry.operation ?? 'unknown',
        problem: error.message,
        path: entry.path,
        method: entry.method,
        status: error.status,
        code: error.code,
      });
    }
    const headers: Record<string, string> =
      error.status === 401 ? { 'WWW-Authenticate': 'Basic realm="Twilio API"' } : {};
    return { kind: 'respond', status: error.status, body: error.toBody(), headers };
  }

  private authenticate(header: string | undefined): AccountRecord | null {
    const match = /^Basic\s+(\S+)$/i.exec(header ?? '');
    if (!match) return null;
    const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return null;
    return this.state.authenticate(decoded.slice(0, colon), decoded.slice(colon + 1));
  }

  private send(req: Request, res: Response, outcome: Outcome): void {
    // The client may have given up (a timeout under a delay fault): nothing to answer.
    if (outcome.kind === 'drop' || res.destroyed || req.socket.destroyed) return;
    const requestId = createHash('sha256')
      .update(`request:${this.requestCounter++}`)
      .digest('hex')
      .slice(0, 32);
    res.status(outcome.status).set({ ...outcome.headers, 'Twilio-Request-Id': `RQ${requestId}` });
    if (outcome.status === 204) res.end();
    else res.json(outcome.body);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }

  private save(): void {
    const path = this.options.statePath;
    if (!this.persisting || !path) return;
    // Write then rename, so a crash never leaves half a file behind.
    mkdirSync(dirname(path), { recursive: true });
    const temporary = `${path}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(this.state.toSnapshot()));
    renameSync(temporary, path);
  }
}

/** A form body as the parser gives it: a repeated name holds all its values. */
type FormBody = Record<string, string | string[]>;

function formEntries(body: FormBody | undefined): [string, string][] {
  return Object.entries(body ?? {}).flatMap(([name, value]) =>
    (Array.isArray(value) ? value : [value]).map((one): [string, string] => [name, one]),
  );
}

function hasContent(req: Request): boolean {
  return (
    req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length']) > 0
  );
}

function lowerCase(method: HttpMethod): 'get' | 'post' | 'delete' {
  return method.toLowerCase() as 'get' | 'post' | 'delete';
}

function requestUrl(req: Request): URL {
  return new URL(req.originalUrl, 'http://sandbox.invalid');
}

function notFoundRequest(req: Request): InvalidRequestError {
  const message = `The requested resource ${requestUrl(req).pathname} was not found`;
  return new InvalidRequestError(SandboxErrorCode.NotFound, message, 404);
}

/**
 * The Twilio error for a request Express could not take: a path segment that is not valid
 * percent-encoding is no resource (404); a body too large, in an unknown charset or with too many
 * parameters is refused with its status. null for anything else (a fault of the sandbox).
 */
function refusal(error: unknown, req: Request): InvalidRequestError | null {
  if (error instanceof URIError) return notFoundRequest(req);
  const { status, type } = error as { status?: unknown; type?: unknown };
  if (typeof type !== 'string' || typeof status !== 'number' || status < 400 || status >= 500) {
    return null;
  }
  const message = error instanceof Error ? error.message : String(error);
  return new InvalidRequestError(SandboxErrorCode.InvalidParameter, message, status);
}
