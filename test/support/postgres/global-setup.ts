import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions, runMigrations } from '../../../apps/api/src/persistence/data-source';
import { startTestPostgresServer, TestPostgresServer } from './postgres-server';
import { findTestRedis } from '../redis/test-redis';

declare global {
  var __LOQUENT_TEST_POSTGRES__: { server: TestPostgresServer; template: string } | undefined;
}

/**
 * Once per test run: one PostgreSQL server, migrated once into a template database that every
 * suite clones (see test-database.ts). The migrations, not `synchronize`, build the schema.
 */
export default async function globalSetup(): Promise<void> {
  const started = Date.now();
  // Suites that run the API as a child process run what `npm start` runs: dist/, built here once
  // (incrementally) so that no two workers build at the same time.
  if (!process.env.LOQUENT_TEST_SKIP_BUILD) {
    execFileSync('npm', ['run', 'build', '--silent'], {
      cwd: join(__dirname, '..', '..', '..'),
      stdio: 'inherit',
    });
  }
  const server = await startTestPostgresServer();
  const template = `loquent_template_${randomBytes(4).toString('hex')}`;

  const admin = new Client({ connectionString: server.adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${template}`);
  const version = (await admin.query<{ server_version: string }>('SHOW server_version')).rows[0]!
    .server_version;
  await admin.end();

  const dataSource = new DataSource(dataSourceOptions(withDatabase(server.adminUrl, template), 2));
  await dataSource.initialize();
  await runMigrations(dataSource);
  await dataSource.destroy();

  process.env.LOQUENT_TEST_REDIS_URL = (await findTestRedis()) ?? '';
  process.env.LOQUENT_TEST_PG_ADMIN_URL = server.adminUrl;
  process.env.LOQUENT_TEST_PG_TEMPLATE = template;
  globalThis.__LOQUENT_TEST_POSTGRES__ = { server, template };
  console.log(
    `\nPostgreSQL ${version} from ${server.kind}, migrated in ${Date.now() - started} ms`,
  );
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
