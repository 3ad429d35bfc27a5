import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The outbox of numbers' events (written in the transaction of the change that made them; no
 * foreign key to phone_number, so the record of a removed number stays), the organizations'
 * webhook endpoints with every delivery attempt, and what the scheduled drift check last found of
 * each number (so it records a drift once per change of state, not at every run).
 */
export class PhoneNumberEventsAndWebhooks1795800000000 implements MigrationInterface {
  name = 'PhoneNumberEventsAndWebhooks1795800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE phone_number_events (
        seq BIGSERIAL NOT NULL,
        id UUID NOT NULL,
        organization_id UUID NOT NULL,
        phone_number_id UUID NOT NULL,
        type TEXT NOT NULL,
        occurred_at TIMESTAMPTZ NOT NULL,
        actor TEXT NOT NULL,
        request_id TEXT,
        data JSONB NOT NULL,
        CONSTRAINT phone_number_events_pkey PRIMARY KEY (id),
        CONSTRAINT phone_number_events_seq_key UNIQUE (seq),
        CONSTRAINT phone_number_events_organization_id_fkey FOREIGN KEY (organization_id)
          REFERENCES organization (id) ON DELETE CASCADE
      )`);
    await queryRunner.query(
      `CREATE INDEX phone_number_events_organization_seq_idx ON phone_number_events (organization_id, seq)`,
    );
    await queryRunner.query(
      `CREATE INDEX phone_number_events_phone_number_seq_idx ON phone_number_events (phone_number_id, seq)`,
    );
    await queryRunner.query(`
      CREATE TABLE webhook_endpoints (
        id UUID NOT NULL,
        organization_id UUID NOT NULL,
        url TEXT NOT NULL,
        event_types TEXT[],
        sealed_secret TEXT NOT NULL,
        created_at TIMESTAMPTZ NOT NULL,
        failing_since TIMESTAMPTZ,
        disabled_at TIMESTAMPTZ,
        disabled_reason TEXT,
        CONSTRAINT webhook_endpoints_pkey PRIMARY KEY (id),
        CONSTRAINT webhook_endpoints_organization_id_fkey FOREIGN KEY (organization_id)
          REFERENCES organization (id) ON DELETE CASCADE
      )`);
    await queryRunner.query(
      `CREATE INDEX webhook_endpoints_organization_idx ON webhook_endpoints (organization_id, created_at, id)`,
    );
    await queryRunner.query(`
      CREATE TABLE webhook_deliveries (
        id UUID NOT NULL,
        endpoint_id UUID NOT NULL,
        event_id UUID NOT NULL,
        status TEXT NOT NULL DEFAULT 'pending',
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at TIMESTAMPTZ,
        created_at TIMESTAMPTZ NOT NULL,
        delivered_at TIMESTAMPTZ,
        CONSTRAINT webhook_deliveries_pkey PRIMARY KEY (id),
        CONSTRAINT webhook_deliveries_endpoint_event_key UNIQUE (endpoint_id, event_id),
        CONSTRAINT webhook_deliveries_status_check
          CHECK (status IN ('pending', 'delivered', 'failed', 'cancelled')),
        CONSTRAINT webhook_deliveries_endpoint_id_fkey FOREIGN KEY (endpoint_id)
          REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
        CONSTRAINT webhook_deliveries_event_id_fkey FOREIGN KEY (event_id)
          REFERENCES phone_number_events (id) ON DELETE CASCADE
      )`);
    await queryRunner.query(`
      CREATE TABLE webhook_delivery_attempts (
        seq BIGSERIAL NOT NULL,
        delivery_id UUID NOT NULL,
        attempted_at TIMESTAMPTZ NOT NULL,
        response_status INTEGER,
        error TEXT,
        response_body TEXT,
        duration_ms INTEGER NOT NULL,
        next_attempt_at TIMESTAMPTZ,
        CONSTRAINT webhook_delivery_attempts_pkey PRIMARY KEY (seq),
        CONSTRAINT webhook_delivery_attempts_delivery_id_fkey FOREIGN KEY (delivery_id)
          REFERENCES webhook_deliveries (id) ON DELETE CASCADE
      )`);
    await queryRunner.query(
      `CREATE INDEX webhook_delivery_attempts_delivery_idx ON webhook_delivery_attempts (delivery_id, seq)`,
    );
    await queryRunner.query(`
      CREATE TABLE phone_number_drift_state (
        phone_number_id UUID NOT NULL,
        state TEXT NOT NULL,
        voice_url TEXT,
        checked_at TIMESTAMPTZ NOT NULL,
        CONSTRAINT phone_number_drift_state_pkey PRIMARY KEY (phone_number_id),
        CONSTRAINT phone_number_drift_state_state_check
          CHECK (state IN ('in_sync', 'drifted', 'missing')),
        CONSTRAINT phone_number_drift_state_phone_number_id_fkey FOREIGN KEY (phone_number_id)
          REFERENCES phone_number (id) ON DELETE CASCADE
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE phone_number_drift_state`);
    await queryRunner.query(`DROP TABLE webhook_delivery_attempts`);
    await queryRunner.query(`DROP TABLE webhook_deliveries`);
    await queryRunner.query(`DROP TABLE webhook_endpoints`);
    await queryRunner.query(`DROP TABLE phone_number_events`);
  }
}
