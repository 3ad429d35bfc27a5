import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
} from 'typeorm';
import { OrganizationOrmEntity } from './organization.orm-entity';

/** A call analyzer of an organization; the default ones are attached to every number it buys. */
@Entity({ name: 'analyzer' })
@Index('analyzer_organization_default_idx', ['organizationId'], { where: 'is_default' })
export class AnalyzerOrmEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'analyzer_pkey' })
  id!: string;

  @Column('uuid', { name: 'organization_id' })
  organizationId!: string;

  @ManyToOne(() => OrganizationOrmEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'organization_id',
    foreignKeyConstraintName: 'analyzer_organization_id_fkey',
  })
  organization?: OrganizationOrmEntity;

  @Column('text')
  name!: string;

  @Column('boolean', { name: 'is_default', default: false })
  isDefault!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
