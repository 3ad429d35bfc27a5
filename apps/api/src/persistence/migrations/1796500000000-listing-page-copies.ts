import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A listing's page hint keeps a copy of the page's numbers (the five fields Loquent reads, as a
 * JSON array of arrays): an import of numbers picked from a listing at most a minute old reads
 * them from here, on whichever replica it lands, instead of fetching the same page from Twilio a
 * second time. NULL where no copy may stand in for the page (older rows; the account released a
 * number since). Both per-page columns are stored out of line uncompressed (EXTERNAL): rows live
 * ten minutes, and compressing a page's copy on every listing cost PostgreSQL 2.9 ms a page
 * against 1.5 ms stored as it is (PostgreSQL 15, 1,000 numbers).
 */
export class ListingPageCopies1796500000000 implements MigrationInterface {
  name = 'ListingPageCopies1796500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE twilio_page_hint ADD COLUMN numbers JSONB`);
    await queryRunner.query(`
      ALTER TABLE twilio_page_hint
        ALTER COLUMN numbers SET STORAGE EXTERNAL,
        ALTER COLUMN sids SET STORAGE EXTERNAL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE twilio_page_hint ALTER COLUMN sids SET STORAGE EXTENDED`);
    await queryRunner.query(`ALTER TABLE twilio_page_hint DROP COLUMN numbers`);
  }
}
