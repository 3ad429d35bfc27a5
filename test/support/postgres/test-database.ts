import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../../apps/api/src/persistence/data-source';
import { withDatabase } from './global-setup';

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/**
 * A fresh, migrated database for one suite, cloned from the run's template: suites never see
 * each other's rows and can run in parallel.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = process.env.LOQUENT_TEST_PG_ADMIN_URL;
  const template = process.env.LOQUENT_TEST_PG_TEMPLATE;
  if (!adminUrl || !template) throw new Error('The PostgreSQL global setup of Jest did not run');
  const name = `loquent_test_${randomBytes(6).toString('hex')}`;
  await withAdmin(adminUrl, async (admin) => {
    for (let attempt = 1; ; attempt++) {
      try {
        await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
        return;
      } catch (error) {
        // Two suites cloning the template at the same instant: the second one waits its turn.
        if ((error as { code?: string }).code !== '55006' || attempt >= 20) throw error;
        await new Promise((r) => setTimeout(r, 50 * attempt));
      }
    }
  });
  return {
    name,
    url: withDatabase(adminUrl, name),
    drop: async () => {
      await withAdmin(adminUrl, (admin) =>
        admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
      );
    },
  };
}

/** A suite's database with a TypeORM DataSource on it, dropped by `close()`. */
export async function openTestDataSource(
  poolSize = 5,
): Promise<{ database: TestDatabase; dataSource: DataSource; close(): Promise<void> }> {
  const database = await createTestDatabase();
  const dataSource = new DataSource(dataSourceOptions(database.url, poolSize));
  await dataSource.initialize();
  return {
    database,
    dataSource,
    close: async () => {
      await dataSource.destroy();
      await database.drop();
    },
  };
}

async function withAdmin<T>(adminUrl: string, work: (admin: Client) => Promise<T>): Promise<T> {
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}
