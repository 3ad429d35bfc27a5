import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * purchase_intent: a purchase is recorded before Twilio is called, at most one open per number,
 * so a number is never bought twice and a purchase interrupted by a crash can be finished.
 * idempotency_key: the first response to a request with an Idempotency-Key, per organization.
 */
export class PurchaseIntentsAndIdempotency1795780800000 implements MigrationInterface {
  name = 'PurchaseIntentsAndIdempotency1795780800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE purchase_intent (
        id UUID NOT NULL,
        organization_id UUID NOT NULL,
        number TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'open',
        twilio_sid TEXT,
        failure_reason TEXT,
        created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
        updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
        CONSTRAINT purchase_intent_pkey PRIMARY KEY (id),
        CONSTRAINT purchase_intent_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES organization (id),
        CONSTRAINT purchase_intent_status_check CHECK (status IN ('open', 'completed', 'failed'))
      )`);
    // The rule that keeps two buyers, in any process, from buying the same number.
    await queryRunner.query(
      `CREATE UNIQUE INDEX purchase_intent_open_number_key ON purchase_intent (number) WHERE status = 'open'`,
    );
    await queryRunner.query(
      `CREATE INDEX purchase_intent_open_created_idx ON purchase_intent (created_at) WHERE status = 'open'`,
    );
    await queryRunner.query(`
      CREATE TABLE idempotency_key (
        organization_id UUID NOT NULL,
        key TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        state TEXT NOT NULL,
        response_status INTEGER,
        response_content_type TEXT,
        response_body JSON,
        locked_until TIMESTAMPTZ,
        created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
        expires_at TIMESTAMPTZ NOT NULL,
        CONSTRAINT idempotency_key_pkey PRIMARY KEY (organization_id, key),
        CONSTRAINT idempotency_key_organization_id_fkey FOREIGN KEY (organization_id)
          REFERENCES organization (id) ON DELETE CASCADE,
        CONSTRAINT idempotency_key_state_check CHECK (state IN ('in_flight', 'completed'))
      )`);
    await queryRunner.query(
      `CREATE INDEX idempotency_key_expires_idx ON idempotency_key (expires_at)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE idempotency_key`);
    await queryRunner.query(`DROP TABLE purchase_intent`);
  }
}
