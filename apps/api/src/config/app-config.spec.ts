import { ConfigurationError, loadConfig } from './app-config';

const SID = 'AC' + '0123456789abcdef'.repeat(2);

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigurationError) return error.problems;
    throw error;
  }
  throw new Error('the configuration was accepted');
}

describe('loadConfig', () => {
  it('runs on embedded defaults when nothing is set', () => {
    expect(loadConfig({}, '/srv/app')).toEqual({
      nodeEnv: 'development',
      port: 3000,
      host: '127.0.0.1',
      databaseUrl: null,
      databasePoolSize: 10,
      twilio: null,
      twilioApiBaseUrl: 'https://api.twilio.com',
      twilioTimeoutMs: 10_000,
      twilioRetryAttempts: 3,
      reconcileIntervalMs: 30_000,
      purchaseSettleMs: 600_000,
      publicBaseUrl: null,
      jwtSecret: null,
      credentialsEncryptionKey: null,
      dataDir: '/srv/app/.data',
      logLevel: 'info',
      corsOrigins: [],
      metricsPort: 9464,
      metricsHost: '127.0.0.1',
      metricsToken: null,
      rateLimits: { searchPerMinute: 60, buyPerMinute: 10 },
      redisUrl: null,
      shutdownTimeoutMs: 10_000,
      webhooks: {
        timeoutMs: 10_000,
        pollIntervalMs: 1_000,
        retryBaseMs: 10_000,
        retryMaxDelayMs: 3_600_000,
        retryForMs: 86_400_000,
        disableAfterMs: 432_000_000,
      },
      driftCheckIntervalMs: 300_000,
    });
  });

  it('treats a blank variable as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: '  ' })).toMatchObject({
      port: 3000,
      databaseUrl: null,
    });
  });

  it('reads every variable', () => {
    const config = loadConfig(
      {
        NODE_ENV: 'production',
        PORT: '8080',
        DATABASE_URL: 'postgres://u:p@db:5432/loquent',
        DATABASE_POOL_SIZE: '20',
        TWILIO_ACCOUNT_SID: SID,
        TWILIO_AUTH_TOKEN: 'token',
        TWILIO_API_BASE_URL: 'http://twilio-mock:4010/',
        PUBLIC_BASE_URL: 'https://api.loquent.ai/telephony/',
        AUTH_JWT_SECRET: 's'.repeat(32),
        CREDENTIALS_ENCRYPTION_KEY: 'ab'.repeat(32),
        LOG_LEVEL: 'debug',
        CORS_ORIGINS: 'https://app.loquent.ai, https://admin.loquent.ai',
        METRICS_PORT: '9100',
        METRICS_HOST: '0.0.0.0',
        METRICS_TOKEN: 'm'.repeat(20),
        RATE_LIMIT_SEARCH_PER_MINUTE: '5',
        RATE_LIMIT_BUY_PER_MINUTE: '2',
        REDIS_URL: 'redis://cache:6379/0',
        SHUTDOWN_TIMEOUT_MS: '3000',
        WEBHOOK_TIMEOUT_MS: '5000',
        WEBHOOK_POLL_INTERVAL_MS: '750',
        WEBHOOK_RETRY_BASE_MS: '1000',
        WEBHOOK_RETRY_MAX_DELAY_MS: '60000',
        WEBHOOK_RETRY_FOR_MS: '3600000',
        WEBHOOK_DISABLE_AFTER_MS: '86400000',
        DRIFT_CHECK_INTERVAL_MS: '60000',
      },
      '/srv/app',
    );

    expect(config).toMatchObject({
      nodeEnv: 'production',
      port: 8080,
      host: '0.0.0.0',
      databaseUrl: 'postgres://u:p@db:5432/loquent',
      databasePoolSize: 20,
      twilio: { accountSid: SID, authToken: 'token' },
      twilioApiBaseUrl: 'http://twilio-mock:4010',
      publicBaseUrl: 'https://api.loquent.ai/telephony',
      jwtSecret: 's'.repeat(32),
      credentialsEncryptionKey: Buffer.from('ab'.repeat(32), 'hex'),
      logLevel: 'debug',
      corsOrigins: ['https://app.loquent.ai', 'https://admin.loquent.ai'],
      metricsPort: 9100,
      metricsHost: '0.0.0.0',
      metricsToken: 'm'.repeat(20),
      rateLimits: { searchPerMinute: 5, buyPerMinute: 2 },
      redisUrl: 'redis://cache:6379/0',
      shutdownTimeoutMs: 3000,
      webhooks: {
        timeoutMs: 5000,
        pollIntervalMs: 750,
        retryBaseMs: 1000,
        retryMaxDelayMs: 60_000,
        retryForMs: 3_600_000,
        disableAfterMs: 86_400_000,
      },
      driftCheckIntervalMs: 60_000,
    });
  });

  it('names every problem at once, with what was given (except secrets)', () => {
    const problems = problemsOf({
      PORT: 'eighty',
      DATABASE_URL: 'mysql://user:hunter2@db',
      TWILIO_ACCOUNT_SID: 'nope',
      TWILIO_API_BASE_URL: 'api.twilio.com',
      AUTH_JWT_SECRET: 'short-secret',
      LOG_LEVEL: 'loud',
    });

    const text = problems.join('\n');
    for (const name of [
      'PORT',
      'DATABASE_URL',
      'TWILIO_ACCOUNT_SID',
      'TWILIO_AUTH_TOKEN',
      'TWILIO_API_BASE_URL',
      'AUTH_JWT_SECRET',
      'LOG_LEVEL',
    ]) {
      expect(text).toContain(name);
    }
    expect(text).toContain('"nope"');
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('short-secret');
  });

  it('refuses to run production on the embedded database, the sandbox or a generated secret', () => {
    expect(problemsOf({ NODE_ENV: 'production' })).toEqual([
      expect.stringContaining(
        'NODE_ENV=production needs DATABASE_URL, TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, AUTH_JWT_SECRET, CREDENTIALS_ENCRYPTION_KEY',
      ),
    ]);
  });

  it('serves metrics on a port of their own, never the API port', () => {
    expect(problemsOf({ METRICS_PORT: '3000' })).toEqual([
      "METRICS_PORT must differ from PORT (both 3000): /metrics is not served on the API's port",
    ]);
    expect(problemsOf({ PORT: '8080', METRICS_PORT: '8080' })).toHaveLength(1);
    expect(problemsOf({ METRICS_PORT: '70000', METRICS_HOST: 'http://prometheus' })).toEqual([
      'METRICS_PORT must not be greater than 65535 (got "70000")',
      'METRICS_HOST must be an IP address (0.0.0.0 for every interface) or a host name (got "http://prometheus")',
    ]);
    for (const host of ['0.0.0.0', '::', '::1', 'localhost', 'metrics.internal']) {
      expect(loadConfig({ METRICS_HOST: host }).metricsHost).toBe(host);
    }
    expect(loadConfig({ PORT: '0', METRICS_PORT: '0' })).toMatchObject({ port: 0, metricsPort: 0 });
  });

  it('refuses an encryption key that is not 32 bytes', () => {
    expect(problemsOf({ CREDENTIALS_ENCRYPTION_KEY: 'abcd' })).toEqual([
      'CREDENTIALS_ENCRYPTION_KEY must be 32 bytes: 64 hex digits or base64',
    ]);
  });
});
