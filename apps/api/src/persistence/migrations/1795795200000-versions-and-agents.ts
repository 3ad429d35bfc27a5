import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * phone_number.version, the optimistic-concurrency token every change of a number is saved
 * against; the leases that keep changes of one number at Twilio apart; and the organizations'
 * agents, with PostgreSQL itself keeping a number's agent one of its own organization's (a
 * foreign key on the pair).
 */
export class VersionsAndAgents1795795200000 implements MigrationInterface {
  name = 'VersionsAndAgents1795795200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE phone_number ADD COLUMN version INTEGER NOT NULL DEFAULT 1`,
    );
    await queryRunner.query(`
      CREATE TABLE phone_number_provider_lease (
        phone_number_id UUID NOT NULL,
        holder UUID NOT NULL,
        expires_at TIMESTAMPTZ NOT NULL,
        CONSTRAINT phone_number_provider_lease_pkey PRIMARY KEY (phone_number_id),
        CONSTRAINT phone_number_provider_lease_phone_number_id_fkey FOREIGN KEY (phone_number_id)
          REFERENCES phone_number (id) ON DELETE CASCADE
      )`);
    await queryRunner.query(`
      CREATE TABLE agent (
        id UUID NOT NULL,
        organization_id UUID NOT NULL,
        name TEXT NOT NULL,
        created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
        CONSTRAINT agent_pkey PRIMARY KEY (id),
        CONSTRAINT agent_organization_id_id_key UNIQUE (organization_id, id),
        CONSTRAINT agent_organization_id_fkey FOREIGN KEY (organization_id)
          REFERENCES organization (id) ON DELETE CASCADE
      )`);
    // NOT VALID: numbers assigned before agents were known here keep their agent_id (their
    // agents lived elsewhere); every assignment from now on is checked.
    await queryRunner.query(`
      ALTER TABLE phone_number ADD CONSTRAINT phone_number_agent_fkey
        FOREIGN KEY (organization_id, agent_id) REFERENCES agent (organization_id, id) NOT VALID`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE phone_number DROP CONSTRAINT phone_number_agent_fkey`);
    await queryRunner.query(`DROP TABLE agent`);
    await queryRunner.query(`DROP TABLE phone_number_provider_lease`);
    await queryRunner.query(`ALTER TABLE phone_number DROP COLUMN version`);
  }
}
