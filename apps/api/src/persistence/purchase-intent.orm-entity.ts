import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { OrganizationOrmEntity } from './organization.orm-entity';

export type PurchaseIntentStatus = 'open' | 'completed' | 'failed';

@Entity({ name: 'purchase_intent' })
@Index('purchase_intent_open_number_key', ['number'], { unique: true, where: `status = 'open'` })
@Index('purchase_intent_open_created_idx', ['createdAt'], { where: `status = 'open'` })
@Check('purchase_intent_status_check', `"status" IN ('open', 'completed', 'failed')`)
export class PurchaseIntentOrmEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'purchase_intent_pkey' })
  id!: string;

  @Column('uuid', { name: 'organization_id' })
  organizationId!: string;

  @ManyToOne(() => OrganizationOrmEntity)
  @JoinColumn({
    name: 'organization_id',
    foreignKeyConstraintName: 'purchase_intent_organization_id_fkey',
  })
  organization?: OrganizationOrmEntity;

  @Column('text')
  number!: string;

  @Column('text', { default: 'open' })
  status!: PurchaseIntentStatus;

  @Column('text', { name: 'twilio_sid', nullable: true })
  twilioSid!: string | null;

  @Column('text', { name: 'failure_reason', nullable: true })
  failureReason!: string | null;

  @Column('timestamptz', { name: 'created_at', default: () => 'now()' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' })
  updatedAt!: Date;
}
