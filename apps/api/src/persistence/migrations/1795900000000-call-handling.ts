import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * How calls the agent does not take are handled: a number's fallback and business hours, the
 * organization's default fallback and outage switch, the voicemails callers leave, and the
 * VoiceFallbackUrl a number had before Loquent set its own.
 */
export class CallHandling1795900000000 implements MigrationInterface {
  name = 'CallHandling1795900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE phone_number
        ADD COLUMN fallback JSONB,
        ADD COLUMN business_hours JSONB,
        ADD COLUMN previous_voice_fallback_url TEXT,
        ADD COLUMN voice_fallback_url_taken_over BOOLEAN NOT NULL DEFAULT false`);
    await queryRunner.query(`
      CREATE TABLE organization_call_handling (
        organization_id UUID NOT NULL,
        default_fallback JSONB,
        outage BOOLEAN NOT NULL DEFAULT false,
        updated_at TIMESTAMPTZ NOT NULL,
        CONSTRAINT organization_call_handling_pkey PRIMARY KEY (organization_id),
        CONSTRAINT organization_call_handling_organization_id_fkey FOREIGN KEY (organization_id)
          REFERENCES organization (id) ON DELETE CASCADE
      )`);
    await queryRunner.query(`
      CREATE TABLE voicemail (
        id UUID NOT NULL,
        organization_id UUID NOT NULL,
        phone_number_id UUID NOT NULL,
        recording_sid TEXT NOT NULL,
        call_sid TEXT NOT NULL,
        caller TEXT NOT NULL,
        duration_s INTEGER NOT NULL,
        recording_url TEXT NOT NULL,
        received_at TIMESTAMPTZ NOT NULL,
        CONSTRAINT voicemail_pkey PRIMARY KEY (id),
        CONSTRAINT voicemail_recording_sid_key UNIQUE (recording_sid),
        CONSTRAINT voicemail_phone_number_id_fkey FOREIGN KEY (phone_number_id)
          REFERENCES phone_number (id) ON DELETE CASCADE
      )`);
    await queryRunner.query(
      `CREATE INDEX voicemail_phone_number_received_idx ON voicemail (phone_number_id, received_at, id)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE voicemail`);
    await queryRunner.query(`DROP TABLE organization_call_handling`);
    await queryRunner.query(`
      ALTER TABLE phone_number
        DROP COLUMN voice_fallback_url_taken_over,
        DROP COLUMN previous_voice_fallback_url,
        DROP COLUMN business_hours,
        DROP COLUMN fallback`);
  }
}
