import { DataSource, DataSourceOptions } from 'typeorm';
import { AnalyzerOrmEntity } from './analyzer.orm-entity';
import { InitialSchema1795773600000 } from './migrations/1795773600000-initial-schema';
import { OrganizationOrmEntity } from './organization.orm-entity';
import { PhoneNumberAnalyzerOrmEntity } from './phone-number-analyzer.orm-entity';
import { PhoneNumberOrmEntity } from './phone-number.orm-entity';

export const ENTITIES = [
  OrganizationOrmEntity,
  PhoneNumberOrmEntity,
  AnalyzerOrmEntity,
  PhoneNumberAnalyzerOrmEntity,
];

export const MIGRATIONS = [InitialSchema1795773600000];

/** The one place TypeORM is configured: the app, the CLI and the tests all build on it. */
export function dataSourceOptions(url: string, poolSize = 10): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'typeorm_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    poolSize,
    extra: { connectionTimeoutMillis: 5_000 },
  };
}

/** Applies pending migrations; several processes may race here, PostgreSQL settles it. */
export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  const lock = await dataSource.createQueryRunner();
  try {
    await lock.connect();
    // Replicas starting together must not apply the same migration twice.
    await lock.query('SELECT pg_advisory_lock(hashtext($1))', ['loquent:migrations']);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((migration) => migration.name);
  } finally {
    await lock
      .query('SELECT pg_advisory_unlock(hashtext($1))', ['loquent:migrations'])
      .catch(() => undefined);
    await lock.release();
  }
}
