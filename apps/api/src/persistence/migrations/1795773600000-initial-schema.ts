import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * organization, the seed's phone_number (its columns and types unchanged) with what the
 * aggregate needs, analyzer and the phone-number/analyzer link. A Twilio number belongs to at most
 * one organization: number and twilio_sid are unique across all of them.
 */
export class InitialSchema1795773600000 implements MigrationInterface {
  name = 'InitialSchema1795773600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE organization (
        id UUID NOT NULL,
        name TEXT NOT NULL,
        created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
        CONSTRAINT organization_pkey PRIMARY KEY (id)
      )`);
    await queryRunner.query(`
      CREATE TABLE phone_number (
        id UUID NOT NULL,
        organization_id UUID NOT NULL,
        number TEXT NOT NULL,
        twilio_sid TEXT NOT NULL,
        friendly_name TEXT,
        agent_id UUID,
        previous_voice_url TEXT,
        voice_url_status TEXT NOT NULL DEFAULT 'not_configured',
        voice_url_configured_at TIMESTAMPTZ,
        source TEXT NOT NULL,
        created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
        updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
        CONSTRAINT phone_number_pkey PRIMARY KEY (id),
        CONSTRAINT phone_number_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES organization (id),
        CONSTRAINT phone_number_number_key UNIQUE (number),
        CONSTRAINT phone_number_twilio_sid_key UNIQUE (twilio_sid),
        CONSTRAINT phone_number_voice_url_status_check
          CHECK (voice_url_status IN ('not_configured', 'configured', 'failed')),
        CONSTRAINT phone_number_source_check CHECK (source IN ('purchased', 'imported'))
      )`);
    // Serves an organization's list in E.164 order, the keyset of GET /api/phones.
    await queryRunner.query(
      `CREATE INDEX phone_number_organization_number_idx ON phone_number (organization_id, number)`,
    );
    await queryRunner.query(`
      CREATE TABLE analyzer (
        id UUID NOT NULL,
        organization_id UUID NOT NULL,
        name TEXT NOT NULL,
        is_default BOOLEAN NOT NULL DEFAULT false,
        created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
        CONSTRAINT analyzer_pkey PRIMARY KEY (id),
        CONSTRAINT analyzer_organization_id_fkey FOREIGN KEY (organization_id)
          REFERENCES organization (id) ON DELETE CASCADE
      )`);
    await queryRunner.query(
      `CREATE INDEX analyzer_organization_default_idx ON analyzer (organization_id) WHERE is_default`,
    );
    await queryRunner.query(`
      CREATE TABLE phone_number_analyzer (
        phone_number_id UUID NOT NULL,
        analyzer_id UUID NOT NULL,
        CONSTRAINT phone_number_analyzer_pkey PRIMARY KEY (phone_number_id, analyzer_id),
        CONSTRAINT phone_number_analyzer_phone_number_id_fkey FOREIGN KEY (phone_number_id)
          REFERENCES phone_number (id) ON DELETE CASCADE,
        CONSTRAINT phone_number_analyzer_analyzer_id_fkey FOREIGN KEY (analyzer_id)
          REFERENCES analyzer (id) ON DELETE CASCADE
      )`);
    await queryRunner.query(
      `CREATE INDEX phone_number_analyzer_analyzer_idx ON phone_number_analyzer (analyzer_id)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE phone_number_analyzer`);
    await queryRunner.query(`DROP TABLE analyzer`);
    await queryRunner.query(`DROP TABLE phone_number`);
    await queryRunner.query(`DROP TABLE organization`);
  }
}
