import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An organization's own Twilio account ("bring your own"): the auth token is stored encrypted
 * (AES-256-GCM), never in clear.
 */
export class TwilioAccountConnections1795788000000 implements MigrationInterface {
  name = 'TwilioAccountConnections1795788000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE twilio_account_connection (
        organization_id UUID NOT NULL,
        account_sid TEXT NOT NULL,
        auth_token_encrypted TEXT NOT NULL,
        friendly_name TEXT,
        created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
        updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
        CONSTRAINT twilio_account_connection_pkey PRIMARY KEY (organization_id),
        CONSTRAINT twilio_account_connection_organization_id_fkey FOREIGN KEY (organization_id)
          REFERENCES organization (id) ON DELETE CASCADE
      )`);
    // Webhooks name the account (AccountSid): its token verifies their signature.
    await queryRunner.query(
      `CREATE INDEX twilio_account_connection_account_sid_idx ON twilio_account_connection (account_sid)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE twilio_account_connection`);
  }
}
