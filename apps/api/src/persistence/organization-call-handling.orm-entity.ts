import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { CallFallbackPrimitives } from '@loquent/telephony-domain';
import { OrganizationOrmEntity } from './organization.orm-entity';

/** An organization's default fallback and outage switch; no row: neither. */
@Entity({ name: 'organization_call_handling' })
export class OrganizationCallHandlingOrmEntity {
  @PrimaryColumn('uuid', {
    name: 'organization_id',
    primaryKeyConstraintName: 'organization_call_handling_pkey',
  })
  organizationId!: string;

  @ManyToOne(() => OrganizationOrmEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'organization_id',
    foreignKeyConstraintName: 'organization_call_handling_organization_id_fkey',
  })
  organization?: OrganizationOrmEntity;

  @Column('jsonb', { name: 'default_fallback', nullable: true })
  defaultFallback!: CallFallbackPrimitives | null;

  @Column('boolean', { default: false })
  outage!: boolean;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;
}
