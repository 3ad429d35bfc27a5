import { DataSource, DataSourceOptions } from 'typeorm';
import { AgentOrmEntity } from './agent.orm-entity';
import { AnalyzerOrmEntity } from './analyzer.orm-entity';
import { IdempotencyKeyOrmEntity } from './idempotency-key.orm-entity';
import { InitialSchema1795773600000 } from './migrations/1795773600000-initial-schema';
import { PurchaseIntentsAndIdempotency1795780800000 } from './migrations/1795780800000-purchase-intents-and-idempotency';
import { OrganizationOrmEntity } from './organization.orm-entity';
import { PhoneNumberAnalyzerOrmEntity } from './phone-number-analyzer.orm-entity';
import { PhoneNumberProviderLeaseOrmEntity } from './phone-number-provider-lease.orm-entity';
import { PhoneNumberOrmEntity } from './phone-number.orm-entity';
import { PurchaseIntentOrmEntity } from './purchase-intent.orm-entity';
import { TwilioAccountConnectionOrmEntity } from './twilio-account-connection.orm-entity';
import { TwilioAccountConnections1795788000000 } from './migrations/1795788000000-twilio-account-connections';
import { VersionsAndAgents1795795200000 } from './migrations/1795795200000-versions-and-agents';
import { CallHandling1795900000000 } from './migrations/1795900000000-call-handling';
import { OrganizationCallHandlingOrmEntity } from './organization-call-handling.orm-entity';
import { VoicemailOrmEntity } from './voicemail.orm-entity';
import { SharedRateLimitsAndPageHints1796000000000 } from './migrations/1796000000000-shared-rate-limits-and-page-hints';
import { PhoneNumberEventsAndWebhooks1795800000000 } from './migrations/1795800000000-phone-number-events-and-webhooks';
import { UnqueuedWebhookDeliveries1796300000000 } from './migrations/1796300000000-unqueued-webhook-deliveries';
import { PageHintsPerPage1796100000000 } from './migrations/1796100000000-page-hints-per-page';
import { LighterEventInserts1796400000000 } from './migrations/1796400000000-lighter-event-inserts';
import { ListingPageCopies1796500000000 } from './migrations/1796500000000-listing-page-copies';

export const ENTITIES = [
  OrganizationOrmEntity,
  PhoneNumberOrmEntity,
  AnalyzerOrmEntity,
  PhoneNumberAnalyzerOrmEntity,
  PurchaseIntentOrmEntity,
  IdempotencyKeyOrmEntity,
  TwilioAccountConnectionOrmEntity,
  AgentOrmEntity,
  PhoneNumberProviderLeaseOrmEntity,
  OrganizationCallHandlingOrmEntity,
  VoicemailOrmEntity,
];

export const MIGRATIONS = [
  InitialSchema1795773600000,
  PurchaseIntentsAndIdempotency1795780800000,
  TwilioAccountConnections1795788000000,
  VersionsAndAgents1795795200000,
  CallHandling1795900000000,
  SharedRateLimitsAndPageHints1796000000000,
  PhoneNumberEventsAndWebhooks1795800000000,
  UnqueuedWebhookDeliveries1796300000000,
  PageHintsPerPage1796100000000,
  LighterEventInserts1796400000000,
  ListingPageCopies1796500000000,
];

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
