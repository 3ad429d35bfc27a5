import { join } from 'node:path';
import type { TwilioSandbox } from '@loquent/twilio-sandbox';
import { AppConfig } from '../config/app-config';
import { RuntimeConfig } from '../config/runtime-config';
import { EmbeddedDatabase, openEmbeddedDatabase } from './embedded-database';
import { persistentSecret } from './secrets';

/** The parts this process started and must stop when it ends. */
export interface StartedServices {
  database: EmbeddedDatabase | null;
  sandbox: TwilioSandbox | null;
  stop(): Promise<void>;
}

/**
 * Turns the configuration into a running setup: what the environment names is used as is; what it
 * leaves out (outside production) is started here: the embedded PostgreSQL, the Twilio sandbox, a
 * generated token secret. The application then runs the same code paths either way.
 */
export async function prepareRuntime(
  config: AppConfig,
  log: (line: string) => void = () => undefined,
): Promise<{ runtime: RuntimeConfig; services: StartedServices }> {
  const database = config.databaseUrl
    ? null
    : await openEmbeddedDatabase(config.dataDir, { mode: 'serve', log });
  let sandbox: TwilioSandbox | null = null;
  try {
    sandbox = config.twilio
      ? null
      : await startSandbox(join(config.dataDir, 'twilio-sandbox.json'));
    const jwtSecret =
      config.jwtSecret ?? (await persistentSecret(join(config.dataDir, 'jwt-secret')));
    const credentialsEncryptionKey =
      config.credentialsEncryptionKey ??
      Buffer.from(await persistentSecret(join(config.dataDir, 'credentials-key')), 'base64url');
    const runtime: RuntimeConfig = {
      nodeEnv: config.nodeEnv,
      port: config.port,
      host: config.host,
      database: {
        url: config.databaseUrl ?? database!.url,
        mode: database ? 'embedded' : 'external',
        poolSize: config.databasePoolSize,
      },
      twilio: sandbox
        ? {
            accountSid: sandbox.accountSid,
            authToken: sandbox.authToken,
            apiBaseUrl: sandbox.url,
            timeoutMs: config.twilioTimeoutMs,
            retryAttempts: config.twilioRetryAttempts,
            mode: 'sandbox',
          }
        : {
            accountSid: config.twilio!.accountSid,
            authToken: config.twilio!.authToken,
            apiBaseUrl: config.twilioApiBaseUrl,
            timeoutMs: config.twilioTimeoutMs,
            retryAttempts: config.twilioRetryAttempts,
            mode: 'account',
          },
      reconcileIntervalMs: config.reconcileIntervalMs,
      purchaseSettleMs: config.purchaseSettleMs,
      publicBaseUrl: config.publicBaseUrl ?? `http://localhost:${config.port}`,
      ...(config.voiceFallbackUrl ? { voiceFallbackUrl: config.voiceFallbackUrl } : {}),
      auth: { jwtSecret },
      credentialsEncryptionKey,
      demoOrganization: sandbox !== null,
      logLevel: config.logLevel,
      corsOrigins: config.corsOrigins,
      metricsPort: config.metricsPort,
      metricsHost: config.metricsHost,
      metricsToken: config.metricsToken,
      rateLimits: config.rateLimits,
      redisUrl: config.redisUrl,
      shutdownTimeoutMs: config.shutdownTimeoutMs,
      webhooks: config.webhooks,
      driftCheckIntervalMs: config.driftCheckIntervalMs,
    };
    const services: StartedServices = {
      database,
      sandbox,
      stop: async () => {
        await sandbox?.stop();
        await database?.stop();
      },
    };
    return { runtime, services };
  } catch (error) {
    await sandbox?.stop().catch(() => undefined);
    await database?.stop().catch(() => undefined);
    throw error;
  }
}

/** Loaded only when used: a process with a Twilio account (production) never loads the sandbox. */
async function startSandbox(statePath: string): Promise<TwilioSandbox> {
  const { TwilioSandbox } = await import('@loquent/twilio-sandbox');
  return TwilioSandbox.start({ port: 0, statePath });
}
