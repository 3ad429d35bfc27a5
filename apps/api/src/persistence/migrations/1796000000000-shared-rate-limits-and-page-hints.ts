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
    // A page a listing read, and where each number was seen (one row per number, so finding the
    // pages of 1,000 numbers is 1,000 index probes, whatever the size of the account).
    await queryRunner.query(`
      CREATE UNLOGGED TABLE twilio_page_hint (
        account_sid TEXT NOT NULL,
        listing BIGINT NOT NULL,
        position INTEGER NOT NULL,
        page_url TEXT,
        seen_at TIMESTAMPTZ NOT NULL DEFAULT now(),
        CONSTRAINT twilio_page_hint_pkey PRIMARY KEY (account_sid, listing, position)
      )`);
    await queryRunner.query(`
      CREATE UNLOGGED TABLE twilio_page_hint_number (
        account_sid TEXT NOT NULL,
        sid TEXT NOT NULL,
        listing BIGINT NOT NULL,
        position INTEGER NOT NULL,
        CONSTRAINT twilio_page_hint_number_pkey PRIMARY KEY (account_sid, sid)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE twilio_page_hint_number`);
    await queryRunner.query(`DROP TABLE twilio_page_hint`);
    await queryRunner.query(`DROP TABLE rate_limit_counter`);
  }
}
