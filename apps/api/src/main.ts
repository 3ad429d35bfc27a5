import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createApp } from './app.factory';
import { prepareRuntime } from './bootstrap/runtime';
import { ConfigurationError, loadConfig } from './config/app-config';
import { DemoOrganization } from './organizations/demo-organization';

async function main(): Promise<void> {
  const startedAt = Date.now();
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigurationError) {
      console.error(error.message);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  const logger = new Logger('Loquent');
  const { runtime, services } = await prepareRuntime(config, (line) => logger.log(line));

  let app;
  try {
    // Warnings and errors only: the lines that matter at start-up are printed below.
    app = await createApp(runtime, { logger: ['error', 'warn'] });
    await app.listen(runtime.port, runtime.host);
  } catch (error) {
    await app?.close().catch(() => undefined);
    await services.stop();
    throw error;
  }

  let stopping = false;
  const shutdown = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal}: finishing requests in flight and stopping`);
    await app.close();
    await services.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  const base = runtime.publicBaseUrl;
  const lines = [
    '',
    `Loquent telephony API listening on ${base} (started in ${((Date.now() - startedAt) / 1000).toFixed(1)} s)`,
    `  API docs:  ${base}/docs   (OpenAPI JSON: ${base}/docs-json)`,
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
      `  Demo organization ${demo.organizationId}, with a default analyzer. A token with every permission (30 days):`,
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
