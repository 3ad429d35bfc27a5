import 'reflect-metadata';
import { plainToInstance, Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  validateSync,
  ValidationError,
} from 'class-validator';
import { parseEncryptionKey } from '../twilio-accounts/credentials-cipher';

const URL_OPTIONS = { protocols: ['http', 'https'], require_protocol: true, require_tld: false };

export const DEFAULT_PORT = 3000;
/** The port OpenTelemetry's Prometheus exporter uses by default: scrapers often expect it. */
export const DEFAULT_METRICS_PORT = 9464;

/**
 * Every environment variable the API reads, with its rules. (class-validator checks a property's
 * decorators from the bottom up, so the type check sits lowest.) @nestjs/config validates the
 * environment with it at start-up, and main.ts with it before anything is started.
 */
export class EnvironmentVariables {
  @IsOptional()
  @IsIn(['development', 'production', 'test'])
  NODE_ENV?: 'development' | 'production' | 'test';

  @IsOptional()
  @Type(() => Number)
  @Min(0)
  @Max(65535)
  @IsInt({ message: '$property must be a whole number' })
  PORT?: number;

  @IsOptional()
  @IsString()
  HOST?: string;

  @IsOptional()
  @Matches(/^postgres(ql)?:\/\//, {
    message: 'DATABASE_URL must be a postgres:// or postgresql:// URL',
  })
  DATABASE_URL?: string;

  @IsOptional()
  @Matches(/^rediss?:\/\//, { message: 'REDIS_URL must be a redis:// or rediss:// URL' })
  REDIS_URL?: string;

  @IsOptional()
  @Type(() => Number)
  @Min(1)
  @Max(200)
  @IsInt({ message: '$property must be a whole number' })
  DATABASE_POOL_SIZE?: number;

  @IsOptional()
  @Matches(/^AC[0-9a-fA-F]{32}$/, {
    message: 'TWILIO_ACCOUNT_SID must be AC followed by 32 hex digits',
  })
  TWILIO_ACCOUNT_SID?: string;

  @IsOptional()
  @IsString()
  TWILIO_AUTH_TOKEN?: string;

  @IsOptional()
  @IsUrl(URL_OPTIONS, { message: 'TWILIO_API_BASE_URL must be an absolute http(s) URL' })
  @Matches(/^https?:\/\/[^/?#]+\/?$/, {
    message: 'TWILIO_API_BASE_URL must be an origin, without a path',
  })
  TWILIO_API_BASE_URL?: string;

  @IsOptional()
  @Type(() => Number)
  @Min(100)
  @Max(120_000)
  @IsInt({ message: '$property must be a whole number' })
  TWILIO_TIMEOUT_MS?: number;

  @IsOptional()
  @Type(() => Number)
  @Min(1)
  @Max(10)
  @IsInt({ message: '$property must be a whole number' })
  TWILIO_RETRY_ATTEMPTS?: number;

  @IsOptional()
  @Type(() => Number)
  @Min(100)
  @Max(3_600_000)
  @IsInt({ message: '$property must be a whole number' })
  PURCHASE_RECONCILE_INTERVAL_MS?: number;

  @IsOptional()
  @Type(() => Number)
  @Min(0)
  @Max(86_400_000)
  @IsInt({ message: '$property must be a whole number' })
  PURCHASE_SETTLE_MS?: number;

  @IsOptional()
  @Type(() => Number)
  @Min(100)
  @Max(60000)
  @IsInt({ message: '$property must be a whole number' })
  WEBHOOK_TIMEOUT_MS?: number;

  @IsOptional()
  @Type(() => Number)
  @Min(500)
  @Max(60000)
  @IsInt({ message: '$property must be a whole number' })
  WEBHOOK_POLL_INTERVAL_MS?: number;

  @IsOptional()
  @Type(() => Number)
  @Min(100)
  @Max(3600000)
  @IsInt({ message: '$property must be a whole number' })
  WEBHOOK_RETRY_BASE_MS?: number;

  @IsOptional()
  @Type(() => Number)
  @Min(100)
  @Max(86400000)
  @IsInt({ message: '$property must be a whole number' })
  WEBHOOK_RETRY_MAX_DELAY_MS?: number;

  @IsOptional()
  @Type(() => Number)
  @Min(1000)
  @Max(604800000)
  @IsInt({ message: '$property must be a whole number' })
  WEBHOOK_RETRY_FOR_MS?: number;

  @IsOptional()
  @Type(() => Number)
  @Min(1000)
  @Max(2592000000)
  @IsInt({ message: '$property must be a whole number' })
  WEBHOOK_DISABLE_AFTER_MS?: number;

  @IsOptional()
  @Type(() => Number)
  @Min(1000)
  @Max(86400000)
  @IsInt({ message: '$property must be a whole number' })
  DRIFT_CHECK_INTERVAL_MS?: number;

  @IsOptional()
  @IsUrl(URL_OPTIONS, { message: 'PUBLIC_BASE_URL must be an absolute http(s) URL' })
  @Matches(/^[^?#]*$/, { message: 'PUBLIC_BASE_URL must have no query or fragment' })
  PUBLIC_BASE_URL?: string;

  @IsOptional()
  @IsUrl(URL_OPTIONS, { message: 'VOICE_FALLBACK_URL must be an absolute http(s) URL' })
  VOICE_FALLBACK_URL?: string;

  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'AUTH_JWT_SECRET must be at least 32 characters' })
  AUTH_JWT_SECRET?: string;

  @IsOptional()
  @IsString()
  CREDENTIALS_ENCRYPTION_KEY?: string;

  @IsOptional()
  @IsString()
  LOQUENT_DATA_DIR?: string;

  @IsOptional()
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL?: string;

  /** Comma-separated origins allowed by CORS; unset, no cross-origin browser access. */
  @IsOptional()
  @IsString()
  CORS_ORIGINS?: string;

  /** The port of GET /metrics, apart from the API's. */
  @IsOptional()
  @Type(() => Number)
  @Min(0)
  @Max(65535)
  @IsInt({ message: '$property must be a whole number' })
  METRICS_PORT?: number;

  /** The interface /metrics listens on; loopback unless a scraper elsewhere must reach it. */
  @IsOptional()
  @Matches(/^([0-9A-Fa-f:.]+|[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*)$/, {
    message: 'METRICS_HOST must be an IP address (0.0.0.0 for every interface) or a host name',
  })
  METRICS_HOST?: string;

  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'METRICS_TOKEN must be at least 16 characters' })
  @MaxLength(256)
  METRICS_TOKEN?: string;

  @IsOptional()
  @Type(() => Number)
  @Min(1)
  @Max(100_000)
  @IsInt({ message: '$property must be a whole number' })
  RATE_LIMIT_SEARCH_PER_MINUTE?: number;

  @IsOptional()
  @Type(() => Number)
  @Min(1)
  @Max(100_000)
  @IsInt({ message: '$property must be a whole number' })
  RATE_LIMIT_BUY_PER_MINUTE?: number;

  @IsOptional()
  @Type(() => Number)
  @Min(0)
  @Max(600_000)
  @IsInt({ message: '$property must be a whole number' })
  SHUTDOWN_TIMEOUT_MS?: number;
}

export class ConfigurationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigurationError';
  }
}

/**
 * Validates the environment against EnvironmentVariables and the rules between variables; throws
 * one ConfigurationError naming every problem. The `validate` function of ConfigModule.
 */
export function validateEnvironment(raw: Record<string, unknown>): EnvironmentVariables {
  // Trimmed, and blank is unset: `PORT=` in an env file means "the default", not port 0.
  const cleaned = Object.fromEntries(
    Object.entries(raw).map(([name, value]) => {
      const text = typeof value === 'string' ? value.trim() : value;
      return [name, text === '' ? undefined : text];
    }),
  );
  const env = plainToInstance(EnvironmentVariables, cleaned);
  const problems = validateSync(env, { forbidUnknownValues: false, stopAtFirstError: true }).map(
    (error) => problem(error, cleaned[error.property]),
  );

  if ((env.TWILIO_ACCOUNT_SID === undefined) !== (env.TWILIO_AUTH_TOKEN === undefined)) {
    problems.push('TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN must be set together');
  }
  const apiPort = env.PORT ?? DEFAULT_PORT;
  if (env.METRICS_PORT !== undefined && env.METRICS_PORT !== 0 && env.METRICS_PORT === apiPort) {
    problems.push(
      `METRICS_PORT must differ from PORT (both ${apiPort}): /metrics is not served on the API's port`,
    );
  }
  if (
    env.CREDENTIALS_ENCRYPTION_KEY !== undefined &&
    !parseEncryptionKey(env.CREDENTIALS_ENCRYPTION_KEY)
  ) {
    problems.push('CREDENTIALS_ENCRYPTION_KEY must be 32 bytes: 64 hex digits or base64');
  }
  if (env.NODE_ENV === 'production') {
    const missing = (
      [
        'DATABASE_URL',
        'TWILIO_ACCOUNT_SID',
        'TWILIO_AUTH_TOKEN',
        'AUTH_JWT_SECRET',
        'CREDENTIALS_ENCRYPTION_KEY',
      ] as const
    ).filter((name) => env[name] === undefined);
    if (missing.length > 0) {
      problems.push(
        `NODE_ENV=production needs ${missing.join(', ')}: production never runs on the embedded database, ` +
          'the Twilio sandbox or a generated secret',
      );
    }
  }
  if (problems.length > 0) throw new ConfigurationError(problems);
  return env;
}

/** Never echoed back in an error: a configuration message ends up in logs. */
const SECRETS = new Set([
  'AUTH_JWT_SECRET',
  'TWILIO_AUTH_TOKEN',
  'CREDENTIALS_ENCRYPTION_KEY',
  'METRICS_TOKEN',
  'DATABASE_URL',
  'REDIS_URL',
]);

/** One line per variable: the first rule it breaks, and what was given (unless it is a secret). */
function problem(error: ValidationError, given: unknown): string {
  const message = Object.values(error.constraints ?? {})[0] ?? `${error.property} is not valid`;
  return SECRETS.has(error.property) || given === undefined
    ? message
    : `${message} (got "${String(given)}")`;
}
