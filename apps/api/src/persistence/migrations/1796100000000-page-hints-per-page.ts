import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The import's page hints as one row per page read, holding the sids it listed, instead of one
 * row per number: recording a page of 1,000 numbers was 1,000 upserts into a primary key on every
 * listing, for a look-up that only replicas other than the listing's own make. A look-up now
 * reads the account's rows (one per page) and unnests their sids; hints are caches, so the rows
 * of the old table are dropped, not moved.
 */
export class PageHintsPerPage1796100000000 implements MigrationInterface {
  name = 'PageHintsPerPage1796100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE twilio_page_hint_number`);
    await queryRunner.query(`TRUNCATE twilio_page_hint`);
    await queryRunner.query(`ALTER TABLE twilio_page_hint ADD COLUMN sids TEXT[] NOT NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`TRUNCATE twilio_page_hint`);
    await queryRunner.query(`ALTER TABLE twilio_page_hint DROP COLUMN sids`);
    await queryRunner.query(`
      CREATE UNLOGGED TABLE twilio_page_hint_number (
        account_sid TEXT NOT NULL,
        sid TEXT NOT NULL,
        listing BIGINT NOT NULL,
        position INTEGER NOT NULL,
        CONSTRAINT twilio_page_hint_number_pkey PRIMARY KEY (account_sid, sid)
      )`);
  }
}
