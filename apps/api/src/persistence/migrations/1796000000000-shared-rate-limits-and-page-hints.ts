import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What was per process and must hold across replicas on one PostgreSQL: the organizations' rate
 * limit counters (one row per throttler key and window) and the import's page hints (which page of
 * a Twilio account's listing held which numbers). Both are caches that may be lost in a crash, so
 * UNLOGGED: no WAL for every request counted or page read.
 */
export class SharedRateLimitsAndPageHints1796000000000 implements MigrationInterface {
  name = 'SharedRateLimitsAndPageHints1796000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE UNLOGGED TABLE rate_limit_counter (
        key TEXT NOT NULL,
        hits INTEGER NOT NULL,
        window_ends_at TIMESTAMPTZ NOT NULL,
        CONSTRAINT rate_limit_counter_pkey PRIMARY KEY (key)
      )`);
    await queryRunner.query(`
      CREATE UNLOGGED TABLE twilio_page_hint (
        account_sid TEXT NOT NULL,
        listing BIGINT NOT NULL,
        position INTEGER NOT NULL,
        page_url TEXT,
        sids TEXT[] NOT NULL,
        seen_at TIMESTAMPTZ NOT NULL DEFAULT now(),
        CONSTRAINT twilio_page_hint_pkey PRIMARY KEY (account_sid, listing, position)
      )`);
    await queryRunner.query(
      `CREATE INDEX twilio_page_hint_sids_idx ON twilio_page_hint USING GIN (sids)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE twilio_page_hint`);
    await queryRunner.query(`DROP TABLE rate_limit_counter`);
  }
}
