/**
 * Everything the application needs, resolved: the embedded PostgreSQL and Twilio sandbox are
 * already running when it is built, and their addresses stand here like any others.
 */
export interface RuntimeConfig {
  nodeEnv: 'development' | 'production' | 'test';
  port: number;
  host: string;
  database: {
    url: string;
    mode: 'external' | 'embedded';
    poolSize: number;
  };
  twilio: {
    accountSid: string;
    authToken: string;
    apiBaseUrl: string;
    timeoutMs: number;
    /** Attempts of a call that is safe to repeat; 1 turns retries off. */
    retryAttempts: number;
    mode: 'account' | 'sandbox';
  };
  /** How often open purchases are reconciled (also once at start-up). */
  reconcileIntervalMs: number;
  /** How long a purchase with no answer may take to show in the account. */
  purchaseSettleMs: number;
  /** Public origin (and optional prefix) of this API, without a trailing slash. */
  publicBaseUrl: string;
  /**
   * Twilio's VoiceFallbackUrl that configuring a number sets (POST), remembering the one that was
   * there; absent: numbers' fallback URLs are left alone.
   */
  voiceFallbackUrl?: string;
  auth: { jwtSecret: string };
  /** AES-256 key sealing organizations' Twilio auth tokens in the database. */
  credentialsEncryptionKey: Buffer;
  /** Create the demo organization and its token (the embedded setup only). */
  demoOrganization: boolean;
  logLevel: string;
  /** Origins allowed by CORS; empty, none. */
  corsOrigins: string[];
  /** GET /metrics is served here, never on the API's port (0: any free port). */
  metricsPort: number;
  metricsHost: string;
  /** When set, GET /metrics needs this bearer token. */
  metricsToken: string | null;
  /** Requests per minute and organization. */
  rateLimits: { searchPerMinute: number; buyPerMinute: number };
  /** Where the rate limit counters are shared (REDIS_URL); unset counts them in PostgreSQL. */
  redisUrl?: string | null;
  shutdownTimeoutMs: number;
  /** Delivery of numbers' events to organizations' webhook endpoints. */
  webhooks: WebhookSettings;
  /** How often the drift check compares every number with its Twilio account. */
  driftCheckIntervalMs: number;
}

export interface WebhookSettings {
  /** How long one delivery attempt may take, connection and answer. */
  timeoutMs: number;
  /** How often idle workers look for deliveries that are due. */
  pollIntervalMs: number;
  /** The first retry's delay; each next one doubles, with jitter, up to retryMaxDelayMs. */
  retryBaseMs: number;
  retryMaxDelayMs: number;
  /** How long an event is retried before its delivery counts as failed. */
  retryForMs: number;
  /** An endpoint failing without a success for this long is disabled. */
  disableAfterMs: number;
}

export const DEFAULT_WEBHOOK_SETTINGS: WebhookSettings = {
  timeoutMs: 10_000,
  pollIntervalMs: 1_000,
  retryBaseMs: 10_000,
  retryMaxDelayMs: 3_600_000,
  retryForMs: 86_400_000,
  disableAfterMs: 5 * 86_400_000,
};

export const RUNTIME_CONFIG = Symbol('RUNTIME_CONFIG');
