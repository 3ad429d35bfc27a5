import { resolve } from 'node:path';
import { DEFAULT_WEBHOOK_SETTINGS, type WebhookSettings } from './runtime-config';
import { parseEncryptionKey } from '../twilio-accounts/credentials-cipher';
import { DEFAULT_METRICS_PORT, DEFAULT_PORT, validateEnvironment } from './environment';

export { ConfigurationError } from './environment';

/** Configuration read from the environment, before anything embedded is started. */
export interface AppConfig {
  nodeEnv: 'development' | 'production' | 'test';
  port: number;
  host: string;
  /** PostgreSQL URL; null runs the embedded PostgreSQL. */
  databaseUrl: string | null;
  databasePoolSize: number;
  /** The platform's Twilio account; null runs the built-in Twilio sandbox. */
  twilio: { accountSid: string; authToken: string } | null;
  twilioApiBaseUrl: string;
  twilioTimeoutMs: number;
  /** Attempts of a Twilio call that is safe to repeat (never a purchase). */
  twilioRetryAttempts: number;
  /** How often purchases left open (a crash, an unknown outcome) are reconciled. */
  reconcileIntervalMs: number;
  /** How long a purchase missing from the account may still land before it counts as not made. */
  purchaseSettleMs: number;
  /** Public origin of this API; null means http://localhost:PORT. */
  publicBaseUrl: string | null;
  /** Twilio's VoiceFallbackUrl for Loquent's numbers (TwiML hosted apart from the API); absent: left alone. */
  voiceFallbackUrl?: string;
  /** HS256 secret for bearer tokens; null generates one under dataDir. */
  jwtSecret: string | null;
  /** AES-256 key for secrets at rest (organizations' Twilio tokens); null generates one. */
  credentialsEncryptionKey: Buffer | null;
  /** Where embedded state is kept (embedded PostgreSQL, generated secrets). */
  dataDir: string;
  logLevel: string;
  corsOrigins: string[];
  /** Where GET /metrics is served: a port of its own, on loopback unless METRICS_HOST says. */
  metricsPort: number;
  metricsHost: string;
  /** When set, GET /metrics needs `Authorization: Bearer <token>`. */
  metricsToken: string | null;
  rateLimits: { searchPerMinute: number; buyPerMinute: number };
  /** Redis for the rate limit counters shared by replicas; null counts them in PostgreSQL. */
  redisUrl: string | null;
  /** How long a shutdown waits for requests in flight. */
  shutdownTimeoutMs: number;
  webhooks: WebhookSettings;
  driftCheckIntervalMs: number;
}

/** Reads and checks the environment; every problem is reported at once (ConfigurationError). */
export function loadConfig(env: NodeJS.ProcessEnv, cwd = process.cwd()): AppConfig {
  const e = validateEnvironment(env);
  const nodeEnv = e.NODE_ENV ?? 'development';
  return {
    nodeEnv,
    port: e.PORT ?? DEFAULT_PORT,
    // Outside production only this machine may call: the embedded setup hands out a demo token.
    host: e.HOST ?? (nodeEnv === 'production' ? '0.0.0.0' : '127.0.0.1'),
    databaseUrl: e.DATABASE_URL ?? null,
    databasePoolSize: e.DATABASE_POOL_SIZE ?? 10,
    twilio:
      e.TWILIO_ACCOUNT_SID && e.TWILIO_AUTH_TOKEN
        ? { accountSid: e.TWILIO_ACCOUNT_SID, authToken: e.TWILIO_AUTH_TOKEN }
        : null,
    twilioApiBaseUrl: (e.TWILIO_API_BASE_URL ?? 'https://api.twilio.com').replace(/\/+$/, ''),
    twilioTimeoutMs: e.TWILIO_TIMEOUT_MS ?? 10_000,
    twilioRetryAttempts: e.TWILIO_RETRY_ATTEMPTS ?? 3,
    reconcileIntervalMs: e.PURCHASE_RECONCILE_INTERVAL_MS ?? 30_000,
    purchaseSettleMs: e.PURCHASE_SETTLE_MS ?? 600_000,
    // A path is allowed: behind a proxy the API may live under a prefix.
    publicBaseUrl: e.PUBLIC_BASE_URL?.replace(/\/+$/, '') ?? null,
    ...(e.VOICE_FALLBACK_URL ? { voiceFallbackUrl: e.VOICE_FALLBACK_URL } : {}),
    jwtSecret: e.AUTH_JWT_SECRET ?? null,
    credentialsEncryptionKey: e.CREDENTIALS_ENCRYPTION_KEY
      ? parseEncryptionKey(e.CREDENTIALS_ENCRYPTION_KEY)
      : null,
    dataDir: resolve(cwd, e.LOQUENT_DATA_DIR ?? '.data'),
    logLevel: e.LOG_LEVEL ?? (nodeEnv === 'test' ? 'warn' : 'info'),
    corsOrigins: (e.CORS_ORIGINS ?? '')
      .split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
    metricsPort: e.METRICS_PORT ?? DEFAULT_METRICS_PORT,
    metricsHost: e.METRICS_HOST ?? '127.0.0.1',
    metricsToken: e.METRICS_TOKEN ?? null,
    rateLimits: {
      searchPerMinute: e.RATE_LIMIT_SEARCH_PER_MINUTE ?? 60,
      buyPerMinute: e.RATE_LIMIT_BUY_PER_MINUTE ?? 10,
    },
    redisUrl: e.REDIS_URL ?? null,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS ?? 10_000,
    webhooks: {
      timeoutMs: e.WEBHOOK_TIMEOUT_MS ?? DEFAULT_WEBHOOK_SETTINGS.timeoutMs,
      pollIntervalMs: e.WEBHOOK_POLL_INTERVAL_MS ?? DEFAULT_WEBHOOK_SETTINGS.pollIntervalMs,
      retryBaseMs: e.WEBHOOK_RETRY_BASE_MS ?? DEFAULT_WEBHOOK_SETTINGS.retryBaseMs,
      retryMaxDelayMs: e.WEBHOOK_RETRY_MAX_DELAY_MS ?? DEFAULT_WEBHOOK_SETTINGS.retryMaxDelayMs,
      retryForMs: e.WEBHOOK_RETRY_FOR_MS ?? DEFAULT_WEBHOOK_SETTINGS.retryForMs,
      disableAfterMs: e.WEBHOOK_DISABLE_AFTER_MS ?? DEFAULT_WEBHOOK_SETTINGS.disableAfterMs,
    },
    driftCheckIntervalMs: e.DRIFT_CHECK_INTERVAL_MS ?? 300_000,
  };
}
