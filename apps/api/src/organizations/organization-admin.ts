import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { AgentOrmEntity } from '../persistence/agent.orm-entity';
import { AnalyzerOrmEntity } from '../persistence/analyzer.orm-entity';
import { OrganizationOrmEntity } from '../persistence/organization.orm-entity';

export interface OrganizationRecord {
  id: string;
  name: string;
}

export interface AnalyzerRecord {
  id: string;
  organizationId: string;
  name: string;
  isDefault: boolean;
}

export interface AgentRecord {
  id: string;
  organizationId: string;
  name: string;
}

/**
 * Organizations, their analyzers and their agents, administered from the CLI (another service owns
 * them in Loquent).
 */
export class OrganizationAdmin {
  constructor(private readonly manager: EntityManager) {}

  async createOrganization(name: string, id: string = randomUUID()): Promise<OrganizationRecord> {
    const trimmed = name.trim();
    if (!trimmed) throw new Error('An organization needs a name');
    await this.manager.getRepository(OrganizationOrmEntity).insert({ id, name: trimmed });
    return { id, name: trimmed };
  }

  async findOrganization(id: string): Promise<OrganizationRecord | null> {
    const found = await this.manager.getRepository(OrganizationOrmEntity).findOneBy({ id });
    return found ? { id: found.id, name: found.name } : null;
  }

  async createAnalyzer(
    organizationId: string,
    name: string,
    isDefault: boolean,
  ): Promise<AnalyzerRecord> {
    const record = { id: randomUUID(), organizationId, name: name.trim(), isDefault };
    if (!record.name) throw new Error('An analyzer needs a name');
    await this.manager.getRepository(AnalyzerOrmEntity).insert(record);
    return record;
  }

  /** An agent of the organization; with an id already taken, that agent is left as it is. */
  async createAgent(
    organizationId: string,
    name: string,
    id: string = randomUUID(),
  ): Promise<AgentRecord> {
    const record = { id, organizationId, name: name.trim() };
    if (!record.name) throw new Error('An agent needs a name');
    if ([...record.name].some(isControl)) {
      throw new Error('An agent name cannot contain control characters');
    }
    await this.manager
      .createQueryBuilder()
      .insert()
      .into(AgentOrmEntity)
      .values(record)
      .orIgnore()
      .execute();
    return record;
  }
}

/** C0, DEL and C1: PostgreSQL cannot store NUL, and none belongs in a name. */
function isControl(character: string): boolean {
  const code = character.codePointAt(0)!;
  return code < 0x20 || (code >= 0x7f && code < 0xa0);
}
