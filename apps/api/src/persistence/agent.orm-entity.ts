import {
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  Unique,
} from 'typeorm';
import { OrganizationOrmEntity } from './organization.orm-entity';

/** An AI agent of an organization; a number's agent_id names one of its own organization's. */
@Entity({ name: 'agent' })
@Unique('agent_organization_id_id_key', ['organizationId', 'id'])
export class AgentOrmEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'agent_pkey' })
  id!: string;

  @Column('uuid', { name: 'organization_id' })
  organizationId!: string;

  @ManyToOne(() => OrganizationOrmEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'organization_id',
    foreignKeyConstraintName: 'agent_organization_id_fkey',
  })
  organization?: OrganizationOrmEntity;

  @Column('text')
  name!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
