import { ConfigurationError, loadConfig } from './app-config';

const SID = 'AC' + '0123456789abcdef'.repeat(2);

describe('loadConfig', () => {
  it('runs on embedded defaults when nothing is set', () => {
    const config = loadConfig({}, '/srv/app');

    expect(config).toEqual({
      nodeEnv: 'development',
      port: 3000,
      host: '0.0.0.0',
      databaseUrl: null,
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
    });
  });

  it('reads every variable', () => {
    const config = loadConfig(
      {
        NODE_ENV: 'production',
        PORT: '8080',
        DATABASE_URL: 'postgres://u:p@db:5432/loquent',
        TWILIO_ACCOUNT_SID: SID,
        TWILIO_AUTH_TOKEN: 'token',
        TWILIO_API_BASE_URL: 'http://twilio-mock:4010/',
        PUBLIC_BASE_URL: 'https://api.loquent.ai/telephony/',
        AUTH_JWT_SECRET: 's'.repeat(32),
        CREDENTIALS_ENCRYPTION_KEY: 'ab'.repeat(32),
      },
      '/srv/app',
    );

    expect(config).toMatchObject({
      nodeEnv: 'production',
      port: 8080,
      databaseUrl: 'postgres://u:p@db:5432/loquent',
      twilio: { accountSid: SID, authToken: 'token' },
      twilioApiBaseUrl: 'http://twilio-mock:4010',
      publicBaseUrl: 'https://api.loquent.ai/telephony',
      jwtSecret: 's'.repeat(32),
    });
  });

  it('names every problem at once', () => {
    const attempt = () =>
      loadConfig({
        PORT: 'eighty',
        DATABASE_URL: 'mysql://db',
        TWILIO_ACCOUNT_SID: 'nope',
        TWILIO_API_BASE_URL: 'api.twilio.com',
        AUTH_JWT_SECRET: 'short',
      });

    expect(attempt).toThrow(ConfigurationError);
    try {
      attempt();
    } catch (error) {
      const { problems } = error as ConfigurationError;
      expect(problems).toHaveLength(6);
      for (const name of [
        'PORT',
        'DATABASE_URL',
        'TWILIO_ACCOUNT_SID',
        'TWILIO_AUTH_TOKEN',
        'TWILIO_API_BASE_URL',
        'AUTH_JWT_SECRET',
      ]) {
        expect(problems.join('\n')).toContain(name);
      }
    }
  });

  it('refuses to run production on the embedded database, the sandbox or a generated secret', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(
      /NODE_ENV=production needs DATABASE_URL, TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, AUTH_JWT_SECRET, CREDENTIALS_ENCRYPTION_KEY/,
    );
  });
});
