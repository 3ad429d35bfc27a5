import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { OrganizationOrmEntity } from './organization.orm-entity';

@Entity({ name: 'idempotency_key' })
@Index('idempotency_key_expires_idx', ['expiresAt'])
@Check('idempotency_key_state_check', `"state" IN ('in_flight', 'completed')`)
export class IdempotencyKeyOrmEntity {
  @PrimaryColumn('uuid', {
    name: 'organization_id',
    primaryKeyConstraintName: 'idempotency_key_pkey',
  })
  organizationId!: string;

  @PrimaryColumn('text', { primaryKeyConstraintName: 'idempotency_key_pkey' })
  key!: string;

  @ManyToOne(() => OrganizationOrmEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'organization_id',
    foreignKeyConstraintName: 'idempotency_key_organization_id_fkey',
  })
  organization?: OrganizationOrmEntity;

  @Column('text')
  fingerprint!: string;

  @Column('text')
  state!: 'in_flight' | 'completed';

  @Column('integer', { name: 'response_status', nullable: true })
  responseStatus!: number | null;

  @Column('text', { name: 'response_content_type', nullable: true })
  responseContentType!: string | null;

  // json, not jsonb: the replay must keep the first response's key order.
  @Column('json', { name: 'response_body', nullable: true })
  responseBody!: unknown;

  @Column('timestamptz', { name: 'locked_until', nullable: true })
  lockedUntil!: Date | null;

  @Column('timestamptz', { name: 'created_at', default: () => 'now()' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'expires_at' })
  expiresAt!: Date;
}
