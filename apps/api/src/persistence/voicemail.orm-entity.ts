import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, Unique } from 'typeorm';
import { PhoneNumberOrmEntity } from './phone-number.orm-entity';

/** A voicemail left on a number: where Twilio keeps the recording, who called, how long. */
@Entity({ name: 'voicemail' })
@Unique('voicemail_recording_sid_key', ['recordingSid'])
@Index('voicemail_phone_number_received_idx', ['phoneNumberId', 'receivedAt', 'id'])
export class VoicemailOrmEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'voicemail_pkey' })
  id!: string;

  @Column('uuid', { name: 'organization_id' })
  organizationId!: string;

  @Column('uuid', { name: 'phone_number_id' })
  phoneNumberId!: string;

  @ManyToOne(() => PhoneNumberOrmEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'phone_number_id',
    foreignKeyConstraintName: 'voicemail_phone_number_id_fkey',
  })
  phoneNumber?: PhoneNumberOrmEntity;

  @Column('text', { name: 'recording_sid' })
  recordingSid!: string;

  @Column('text', { name: 'call_sid' })
  callSid!: string;

  @Column('text')
  caller!: string;

  @Column('integer', { name: 'duration_s' })
  durationSeconds!: number;

  @Column('text', { name: 'recording_url' })
  recordingUrl!: string;

  @Column('timestamptz', { name: 'received_at' })
  receivedAt!: Date;
}
