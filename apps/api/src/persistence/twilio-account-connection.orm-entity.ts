import { Column, Entity, Index, JoinColumn, OneToOne, PrimaryColumn } from 'typeorm';
import { OrganizationOrmEntity } from './organization.orm-entity';

@Entity({ name: 'twilio_account_connection' })
@Index('twilio_account_connection_account_sid_idx', ['accountSid'])
export class TwilioAccountConnectionOrmEntity {
  @PrimaryColumn('uuid', {
    name: 'organization_id',
    primaryKeyConstraintName: 'twilio_account_connection_pkey',
  })
  organizationId!: string;

  @OneToOne(() => OrganizationOrmEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'organization_id',
    foreignKeyConstraintName: 'twilio_account_connection_organization_id_fkey',
  })
  organization?: OrganizationOrmEntity;

  @Column('text', { name: 'account_sid' })
  accountSid!: string;

  /** AES-256-GCM, see CredentialsCipher; never the token in clear. */
  @Column('text', { name: 'auth_token_encrypted' })
  authTokenEncrypted!: string;

  @Column('text', { name: 'friendly_name', nullable: true })
  friendlyName!: string | null;

  @Column('timestamptz', { name: 'created_at', default: () => 'now()' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' })
  updatedAt!: Date;
}
