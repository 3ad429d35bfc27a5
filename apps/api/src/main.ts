import 'reflect-metadata';
import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import { INestApplication, Logger } from '@nestjs/common';
import { createApp } from './app.factory';
import { startedAt, stopWithLauncher } from './bootstrap/launcher';
import { prepareRuntime } from './bootstrap/runtime';
import { AppConfig, ConfigurationError, loadConfig } from './config/app-config';
import { MetricsServer } from './observability/metrics-server';
import { DemoOrganization } from './organizations/demo-organization';

async function main(): Promise<void> {
  // A .env file, if there is one; variables already set win over it.
  if (existsSync('.env')) process.loadEnvFile('.env');
  let config: AppConfig;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigurationError) {
      console.error(error.message);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  const { runtime, services } = await prepareRuntime(config, (line) => console.log(line));

  let app: INestApplication;
  try {
    app = await createApp(runtime);
    await app.listen(runtime.port, runtime.host);
  } catch (error) {
    await services.stop();
    throw error;
  }
  const logger = new Logger('Loquent');

  let stopping = false;
  const shutdown = async (reason: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.log({ msg: 'stopping: finishing requests in flight', reason });
    // Nest stops accepting connections, waits for the requests in flight, then closes the pool;
    // requests still running after the timeout are cut.
    const server = app.getHttpServer() as Server;
    const timer = setTimeout(() => server.closeAllConnections(), runtime.shutdownTimeoutMs);
    await app.close();
    clearTimeout(timer);
    await services.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  stopWithLauncher(() => void shutdown('npm exited'));

  const base = runtime.publicBaseUrl;
  const metricsUrl = app.get(MetricsServer).url;
  logger.log({
    msg: 'listening',
    url: base,
    metrics: metricsUrl,
    database: runtime.database.mode,
    twilio: runtime.twilio.mode,
  });
  if (config.nodeEnv === 'production') return;

  // On a developer's machine, a few lines to get going.
  const lines = [
    '',
    `Loquent telephony API listening on ${base} (started in ${((Date.now() - startedAt()) / 1000).toFixed(1)} s)`,
    `  API docs:  ${base}/docs   (OpenAPI JSON: ${base}/docs-json)`,
    `  Settings:  ${base}/settings/telephony`,
    `  Metrics:   ${metricsUrl}`,
    `  Database:  ${
      services.database
        ? `embedded PostgreSQL, data in ${services.database.dataDir}`
        : 'PostgreSQL from DATABASE_URL'
    }`,
    `  Twilio:    ${
      services.sandbox
        ? `built-in sandbox at ${services.sandbox.url} (account ${services.sandbox.accountSid}; no real numbers are bought)`
        : `account ${runtime.twilio.accountSid} via ${runtime.twilio.apiBaseUrl}`
    }`,
  ];
  const demo = app.get(DemoOrganization).access();
  if (demo) {
    lines.push(
      `  Demo organization ${demo.organizationId}, with a default analyzer and an agent (${demo.agentId}). A token with every permission (30 days):`,
      '',
      `export TOKEN=${demo.token}`,
      '',
      `  Try:  curl -s -X POST ${base}/api/twilio/search-available-numbers -H "Authorization: Bearer $TOKEN" \\`,
      `          -H 'Content-Type: application/json' -d '{"area_code":"415"}'`,
    );
  }
  lines.push(
    `  Tokens:    npm run cli -- token:create --org <organization id> [--permissions A,B]`,
    `  Stop with Ctrl+C.`,
    '',
  );
  console.log(lines.join('\n'));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
