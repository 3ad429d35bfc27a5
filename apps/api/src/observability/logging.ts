import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from 'nestjs-pino';
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
const JWT = /eyJ[\w-]{4,}\.[\w-]{4,}\.[\w-]{4,}/g;

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
 * Structured JSON logs (pino): one line per request with its id, which every line logged while
 * serving it carries too; secrets redacted by path, and bearer tokens (JWTs) scrubbed from text.
 */
export function loggingOptions(config: RuntimeConfig): Params {
  const verbose = config.logLevel === 'debug' || config.logLevel === 'trace';
  return {
    pinoHttp: {
      level: config.logLevel,
      genReqId: (request: IncomingMessage, response: ServerResponse) => {
        const given = request.headers['x-request-id'];
        const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
        response.setHeader('X-Request-Id', id);
        return id;
      },
      customLogLevel: (_request, response, error) =>
        error || response.statusCode >= 500
          ? 'error'
          : response.statusCode >= 400
            ? 'warn'
            : 'info',
      // Metrics are scraped every few seconds: their requests would drown the rest.
      autoLogging: { ignore: (request) => request.url === '/metrics' },
      serializers: {
        req: (request: {
          id: string;
          method: string;
          url: string;
          headers: Record<string, unknown>;
        }) => ({
          id: request.id,
          method: request.method,
          url: request.url,
          userAgent: request.headers['user-agent'],
        }),
        res: (response: { statusCode: number }) => ({ statusCode: response.statusCode }),
      },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      hooks: {
        logMethod(args, method, level) {
          if (!verbose && level <= INFO && QUIET_CONTEXTS.has(contextOf(args[0]))) return;
          method.apply(this, args.map(scrubText) as Parameters<typeof method>);
        },
      },
      formatters: { level: (label) => ({ level: label }) },
      // Lines logged while serving a request carry its id, not the whole request again.
      quietReqLogger: true,
      // A person at a terminal reads lines, not JSON; machines (and production) always get JSON.
      ...(prettyPrint(config)
        ? { transport: { target: 'pino-pretty', options: { singleLine: true } } }
        : {}),
    },
  };
}

function scrubText(value: unknown): unknown {
  return typeof value === 'string' ? value.replace(JWT, '[redacted jwt]') : value;
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
