import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A number's change, its events and their webhook deliveries are written in one statement, and
 * the deliveries' jobs are queued right after it commits. The sweep that queues what a crash in
 * between left unqueued looks for deliveries still waiting for their first attempt: few rows, found
 * by this index whatever the size of the table.
 */
export class UnqueuedWebhookDeliveries1796300000000 implements MigrationInterface {
  name = 'UnqueuedWebhookDeliveries1796300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX webhook_deliveries_first_attempt_idx ON webhook_deliveries (created_at)
        WHERE status = 'pending' AND attempts = 0`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX webhook_deliveries_first_attempt_idx`);
  }
}
