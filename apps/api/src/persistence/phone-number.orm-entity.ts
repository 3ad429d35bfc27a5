import {
  Check,
  Column,
  Entity,
  ForeignKey,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  Unique,
} from 'typeorm';
import type {
  BusinessHoursPrimitives,
  CallFallbackPrimitives,
  PhoneNumberSource,
  VoiceUrlStatus,
} from '@loquent/telephony-domain';
import { AgentOrmEntity } from './agent.orm-entity';
import { OrganizationOrmEntity } from './organization.orm-entity';

/** The seed's phone_number table, its columns unchanged, plus what the aggregate needs. */
@Entity({ name: 'phone_number' })
@Unique('phone_number_number_key', ['number'])
@Unique('phone_number_twilio_sid_key', ['twilioSid'])
@Index('phone_number_organization_number_idx', ['organizationId', 'number'])
@Check(
  'phone_number_voice_url_status_check',
  `"voice_url_status" IN ('not_configured', 'configured', 'failed')`,
)
@Check('phone_number_source_check', `"source" IN ('purchased', 'imported')`)
@ForeignKey(() => AgentOrmEntity, ['organizationId', 'agentId'], ['organizationId', 'id'], {
  name: 'phone_number_agent_fkey',
})
export class PhoneNumberOrmEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'phone_number_pkey' })
  id!: string;

  @Column('uuid', { name: 'organization_id' })
  organizationId!: string;

  @ManyToOne(() => OrganizationOrmEntity)
  @JoinColumn({
    name: 'organization_id',
    foreignKeyConstraintName: 'phone_number_organization_id_fkey',
  })
  organization?: OrganizationOrmEntity;

  @Column('text')
  number!: string;

  @Column('text', { name: 'twilio_sid' })
  twilioSid!: string;

  @Column('text', { name: 'friendly_name', nullable: true })
  friendlyName!: string | null;

  @Column('uuid', { name: 'agent_id', nullable: true })
  agentId!: string | null;

  @Column('text', { name: 'previous_voice_url', nullable: true })
  previousVoiceUrl!: string | null;

  @Column('text', { name: 'voice_url_status', default: 'not_configured' })
  voiceUrlStatus!: VoiceUrlStatus;

  @Column('timestamptz', { name: 'voice_url_configured_at', nullable: true })
  voiceUrlConfiguredAt!: Date | null;

  @Column('text')
  source!: PhoneNumberSource;

  @Column('timestamptz', { name: 'created_at', default: () => 'now()' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' })
  updatedAt!: Date;

  @Column('jsonb', { nullable: true })
  fallback!: CallFallbackPrimitives | null;

  @Column('jsonb', { name: 'business_hours', nullable: true })
  businessHours!: BusinessHoursPrimitives | null;

  @Column('text', { name: 'previous_voice_fallback_url', nullable: true })
  previousVoiceFallbackUrl!: string | null;

  @Column('boolean', { name: 'voice_fallback_url_taken_over', default: false })
  voiceFallbackUrlTakenOver!: boolean;

  /** Moves on with every write; a write names the version it read (optimistic concurrency). */
  @Column('integer', { default: 1 })
  version!: number;
}
