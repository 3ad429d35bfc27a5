import { resolve } from 'node:path';
import { parseEncryptionKey } from '../twilio-accounts/credentials-cipher';

/** Configuration read from the environment, before anything embedded is started. */
export interface AppConfig {
  nodeEnv: 'development' | 'production' | 'test';
  port: number;
  host: string;
  /** PostgreSQL URL; null runs the embedded PostgreSQL. */
  databaseUrl: string | null;
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
  /** HS256 secret for bearer tokens; null generates one under dataDir. */
  jwtSecret: string | null;
  /** AES-256 key for secrets at rest (organizations' Twilio tokens); null generates one. */
  credentialsEncryptionKey: Buffer | null;
  /** Where embedded state is kept (embedded PostgreSQL, generated secrets). */
  dataDir: string;
}

export class ConfigurationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigurationError';
  }
}

const TWILIO_ACCOUNT_SID = /^AC[0-9a-fA-F]{32}$/;

/** Reads and checks the environment; every problem is reported at once. */
export function loadConfig(env: NodeJS.ProcessEnv, cwd = process.cwd()): AppConfig {
  const problems: string[] = [];
  const text = (name: string): string | null => {
    const value = env[name]?.trim();
    return value ? value : null;
  };

  const nodeEnvRaw = text('NODE_ENV') ?? 'development';
  const nodeEnv = (['development', 'production', 'test'] as const).find((v) => v === nodeEnvRaw);
  if (!nodeEnv)
    problems.push(`NODE_ENV must be development, production or test (got "${nodeEnvRaw}")`);

  const port = integer('PORT', text('PORT'), 3000, 0, 65535, problems);
  const twilioTimeoutMs = integer(
    'TWILIO_TIMEOUT_MS',
    text('TWILIO_TIMEOUT_MS'),
    10_000,
    100,
    120_000,
    problems,
  );
  const twilioRetryAttempts = integer(
    'TWILIO_RETRY_ATTEMPTS',
    text('TWILIO_RETRY_ATTEMPTS'),
    3,
    1,
    10,
    problems,
  );
  const reconcileIntervalMs = integer(
    'PURCHASE_RECONCILE_INTERVAL_MS',
    text('PURCHASE_RECONCILE_INTERVAL_MS'),
    30_000,
    100,
    3_600_000,
    problems,
  );
  const purchaseSettleMs = integer(
    'PURCHASE_SETTLE_MS',
    text('PURCHASE_SETTLE_MS'),
    600_000,
    0,
    86_400_000,
    problems,
  );

  const databaseUrl = text('DATABASE_URL');
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push('DATABASE_URL must be a postgres:// or postgresql:// URL');
  }

  const accountSid = text('TWILIO_ACCOUNT_SID');
  const authToken = text('TWILIO_AUTH_TOKEN');
  if ((accountSid === null) !== (authToken === null)) {
    problems.push('TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN must be set together');
  }
  if (accountSid && !TWILIO_ACCOUNT_SID.test(accountSid)) {
    problems.push('TWILIO_ACCOUNT_SID must be AC followed by 32 hex digits');
  }

  const twilioApiBaseUrl = url(
    'TWILIO_API_BASE_URL',
    text('TWILIO_API_BASE_URL') ?? 'https://api.twilio.com',
    false,
    problems,
  );
  const publicBaseUrlRaw = text('PUBLIC_BASE_URL');
  // A path is allowed: behind a proxy the API may live under a prefix.
  const publicBaseUrl = publicBaseUrlRaw
    ? url('PUBLIC_BASE_URL', publicBaseUrlRaw, true, problems)
    : null;

  const encryptionKeyText = text('CREDENTIALS_ENCRYPTION_KEY');
  const credentialsEncryptionKey = encryptionKeyText ? parseEncryptionKey(encryptionKeyText) : null;
  if (encryptionKeyText && !credentialsEncryptionKey) {
    problems.push('CREDENTIALS_ENCRYPTION_KEY must be 32 bytes: 64 hex digits or base64');
  }

  const jwtSecret = text('AUTH_JWT_SECRET');
  if (jwtSecret && jwtSecret.length < 32)
    problems.push('AUTH_JWT_SECRET must be at least 32 characters');

  if (nodeEnv === 'production') {
    const missing = [
      databaseUrl ? null : 'DATABASE_URL',
      accountSid ? null : 'TWILIO_ACCOUNT_SID',
      authToken ? null : 'TWILIO_AUTH_TOKEN',
      jwtSecret ? null : 'AUTH_JWT_SECRET',
      encryptionKeyText ? null : 'CREDENTIALS_ENCRYPTION_KEY',
    ].filter((name): name is string => name !== null);
    if (missing.length > 0) {
      problems.push(
        `NODE_ENV=production needs ${missing.join(', ')}: production never runs on the embedded database, the Twilio sandbox or a generated secret`,
      );
    }
  }

  if (problems.length > 0) throw new ConfigurationError(problems);
  return {
    nodeEnv: nodeEnv!,
    port,
    host: text('HOST') ?? '0.0.0.0',
    databaseUrl,
    twilio: accountSid && authToken ? { accountSid, authToken } : null,
    twilioApiBaseUrl: twilioApiBaseUrl.replace(/\/+$/, ''),
    twilioTimeoutMs,
    twilioRetryAttempts,
    reconcileIntervalMs,
    purchaseSettleMs,
    publicBaseUrl: publicBaseUrl?.replace(/\/+$/, '') ?? null,
    jwtSecret,
    credentialsEncryptionKey,
    dataDir: resolve(cwd, text('LOQUENT_DATA_DIR') ?? '.data'),
  };
}

function integer(
  name: string,
  raw: string | null,
  fallback: number,
  min: number,
  max: number,
  problems: string[],
): number {
  if (raw === null) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    problems.push(`${name} must be an integer from ${min} to ${max} (got "${raw}")`);
    return fallback;
  }
  return value;
}

function url(name: string, raw: string, allowPath: boolean, problems: string[]): string {
  try {
    const parsed = new URL(raw);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error('not http');
    if ((!allowPath && parsed.pathname !== '/') || parsed.search || parsed.hash) {
      problems.push(
        `${name} must be an origin${allowPath ? '' : ' without a path'}, with no query or fragment (got "${raw}")`,
      );
    }
  } catch {
    problems.push(`${name} must be an absolute http(s) URL (got "${raw}")`);
  }
  return raw;
}
