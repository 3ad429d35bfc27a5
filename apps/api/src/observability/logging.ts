import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from 'nestjs-pino';
import type { Options } from 'pino-http';
import { destination, stdSerializers } from 'pino';
import type { RuntimeConfig } from '../config/runtime-config';

const REQUEST_ID = /^[\w.:-]{1,128}$/;
const INFO = 30;
/** Nest's start-up chatter (one line per module and route): shown at debug level only. */
const QUIET_CONTEXTS = new Set([
  'NestFactory',
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'NestApplication',
]);
/** Three base64url segments, the first a JSON header (`{"` is `eyJ`): a JWT, signed or not. */
const JWT = /eyJ[\w-]+\.[\w-]+\.[\w-]*/g;
const AUTHORIZATION = /\b(Bearer|Basic|Token)\s+[\w.~+/=-]+/gi;
/** `name=value` in a URL's query, a form, or free text (`password=...`). */
const PAIR = /(^|[?&;\s])([^\s=&?#;]+)=([^\s&#;]*)/g;
/** A parameter or field named like a credential. */
const CREDENTIAL_NAME =
  /token|secret|passw(?:or)?d|pwd|signature|credential|api[-_]?key|access[-_]?key|private[-_]?key|auth|jwt|session|cookie|^sig$|^key$|^code$/i;
/**
 * What a text redactText changes always holds: the start of a JWT, an Authorization scheme, or a
 * part of a credential's name (CREDENTIAL_NAME), unless the name is percent-encoded.
 */
const MAYBE_SECRET =
  /%|eyJ|bearer|basic|token|secret|passw|pwd|signature|credential|key|auth|jwt|session|cookie|sig|code/i;
const CENSOR = '[redacted]';
const LOG_BUFFER_BYTES = 4096;
const LOG_FLUSH_MS = 250;
/** How deep a logged object is searched for secrets; log entries are shallow. */
const REDACT_DEPTH = 8;

/** Where a secret could sit in a log object; pino replaces it whatever the value. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-twilio-signature"]',
  'res.headers["set-cookie"]',
  'authToken',
  'auth_token',
  '*.authToken',
  '*.auth_token',
  'password',
  '*.password',
  'token',
  '*.token',
  'secret',
  '*.secret',
];

/**
 * Structured JSON logs (pino): one line per request with its id (requestLogging), which every
 * line logged while serving it carries too. Secrets are kept out wherever they sit: fields named
 * like credentials (by path, and at any depth of a logged object), query parameters named like
 * them in URLs and text, and anything shaped like a JWT or an Authorization value in any string:
 * the URL, the User-Agent, a message, an error's message and stack.
 */
/** The caller's X-Request-Id when it is a plain token and no secret, otherwise a new one. */
export function requestId(given: string | string[] | undefined): string {
  return typeof given === 'string' && REQUEST_ID.test(given) && redactText(given) === given
    ? given
    : randomUUID();
}

export function loggingOptions(config: RuntimeConfig): Params {
  const verbose = config.logLevel === 'debug' || config.logLevel === 'trace';
  const pretty = prettyPrint(config);
  const options: Options = {
    level: config.logLevel,
    // The serializers below take the request and response themselves: pino-http's wrapping would
    // first copy every header of each request into an object only to have it dropped here.
    wrapSerializers: false,
    serializers: {
      req: (request: IncomingMessage & { id?: unknown; originalUrl?: string }) => ({
        id: request.id,
        method: request.method,
        url: redactText(request.originalUrl ?? request.url ?? ''),
        userAgent: redact(request.headers['user-agent']),
      }),
      res: (response: ServerResponse) => ({ statusCode: response.statusCode }),
      // Pino's own serialization of the error (message, stack and any other property), censored.
      err: (error: Error) => redact({ ...stdSerializers.err(error) }),
    },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    hooks: {
      logMethod(args, method, level) {
        if (!verbose && level <= INFO && QUIET_CONTEXTS.has(contextOf(args[0]))) return;
        method.apply(this, args.map((arg) => redact(arg)) as Parameters<typeof method>);
      },
    },
    formatters: { level: (label) => ({ level: label }) },
  };
  // pino-http builds the logger; requestLogging, not its middleware, logs each request.
  const routes = { forRoutes: [] };
  // A person at a terminal reads lines, not JSON; machines (and production) always get JSON.
  if (pretty) {
    return {
      ...routes,
      pinoHttp: {
        ...options,
        transport: { target: 'pino-pretty', options: { singleLine: true } },
      },
    };
  }
  // Lines are gathered and written a few kilobytes at a time (at the latest every 250 ms), off the
  // request's path: one write per request cost about a twentieth of a light request's CPU. Pino
  // writes what is left when the process exits, however it exits short of SIGKILL.
  return {
    ...routes,
    pinoHttp: [
      options,
      destination({
        dest: 1,
        sync: false,
        minLength: LOG_BUFFER_BYTES,
        periodicFlush: LOG_FLUSH_MS,
      }),
    ],
  };
}

/** A text with every JWT, Authorization value and credential-named parameter censored. */
export function redactText(text: string): string {
  // Most texts (a message, a path and its paging parameters) hold none of it.
  if (!MAYBE_SECRET.test(text)) return text;
  return text
    .replace(PAIR, (pair, before: string, name: string) =>
      CREDENTIAL_NAME.test(safeDecode(name)) ? `${before}${name}=${CENSOR}` : pair,
    )
    .replace(JWT, '[redacted jwt]')
    .replace(AUTHORIZATION, `$1 ${CENSOR}`);
}

/**
 * A value about to be logged, with secrets censored: strings through redactText; plain objects,
 * arrays and errors (message and stack too, their class kept) copied with credential-named fields
 * censored. Anything else (a request, a response) is left to its serializer.
 */
export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object' || depth >= REDACT_DEPTH) return value;
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  const prototype: unknown = Object.getPrototypeOf(value);
  const isError = value instanceof Error;
  if (!isError && prototype !== Object.prototype && prototype !== null) return value;
  // An error's message and stack are its own but not enumerable.
  const keys = isError ? Object.getOwnPropertyNames(value) : Object.keys(value);
  const copy = (isError ? Object.create(prototype as object) : {}) as Record<string, unknown>;
  for (const key of keys) {
    const item = (value as Record<string, unknown>)[key];
    copy[key] =
      CREDENTIAL_NAME.test(key) && item !== null && item !== undefined
        ? CENSOR
        : redact(item, depth + 1);
  }
  return copy;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function prettyPrint(config: RuntimeConfig): boolean {
  if (config.nodeEnv === 'production' || !process.stdout.isTTY) return false;
  try {
    require.resolve('pino-pretty');
    return true;
  } catch {
    return false;
  }
}

function contextOf(value: unknown): string {
  const context =
    value && typeof value === 'object' ? (value as { context?: unknown }).context : undefined;
  return typeof context === 'string' ? context : '';
}
