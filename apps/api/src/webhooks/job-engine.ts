import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { PgBoss, type Db } from 'pg-boss';
import type { EntityManager } from 'typeorm';
import { RUNTIME_CONFIG, type RuntimeConfig } from '../config/runtime-config';

/** Delivers one event to one endpoint (webhook_deliveries.id in the data). */
export const WEBHOOK_DELIVERY_QUEUE = 'webhook-delivery';
/** The scheduled drift check: one job queued and one running at most, across replicas. */
export const DRIFT_CHECK_QUEUE = 'drift-check';

/**
 * pg-boss on the API's own PostgreSQL, in a schema of its own (`pgboss`): the jobs that deliver
 * webhooks and run the drift check survive restarts and are shared by every replica (a job is
 * fetched by one worker, FOR UPDATE SKIP LOCKED). Its tables are pg-boss's to create and migrate.
 */
@Injectable()
export class JobEngine implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Jobs');
  readonly boss: PgBoss;

  constructor(@Inject(RUNTIME_CONFIG) private readonly config: RuntimeConfig) {
    this.boss = new PgBoss({
      connectionString: config.database.url,
      schema: 'pgboss',
      // The delivery workers' transactions, and pg-boss's own polling and upkeep besides.
      max: 8,
      application_name: 'loquent-jobs',
    });
    this.boss.on('error', (error) => this.logger.warn(`Job engine: ${String(error)}`));
  }

  async onModuleInit(): Promise<void> {
    await this.boss.start();
    const expireInSeconds = Math.ceil(this.config.webhooks.timeoutMs / 1000) + 20;
    await this.boss.createQueue(WEBHOOK_DELIVERY_QUEUE, {
      // A worker killed in the middle of an attempt: the attempt is made again once it expires.
      expireInSeconds,
      retryLimit: 20,
      retryDelay: 1,
      retryBackoff: true,
      deleteAfterSeconds: 86_400,
    });
    await this.boss.createQueue(DRIFT_CHECK_QUEUE, {
      policy: 'stately',
      expireInSeconds: 900,
      retryLimit: 1,
      deleteAfterSeconds: 3_600,
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.boss.stop({ graceful: true, timeout: this.config.shutdownTimeoutMs });
  }
}

/** The transaction of a TypeORM EntityManager as pg-boss's Db: its jobs commit with the change. */
export function transactionDb(manager: EntityManager): Db {
  return {
    executeSql: async (text: string, values?: unknown[]) => {
      const client = (await manager.queryRunner!.connect()) as {
        query(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
      };
      const result = await client.query(text, values);
      return { rows: result.rows };
    },
  };
}
