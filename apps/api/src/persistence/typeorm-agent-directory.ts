import { Agent, AgentDirectory } from '@loquent/telephony-domain';
import { isUuid } from './uuid';
import { DataSource } from 'typeorm';

/** AgentDirectory on the agent table. */
export class TypeOrmAgentDirectory extends AgentDirectory {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async isOrganizationAgent(organizationId: string, agentId: string): Promise<boolean> {
    if (!isUuid(organizationId) || !isUuid(agentId)) return false;
    const [row]: { found: boolean }[] = await this.dataSource.query(
      'SELECT EXISTS (SELECT 1 FROM agent WHERE id = $1 AND organization_id = $2) AS found',
      [agentId, organizationId],
    );
    return row?.found === true;
  }

  async listForOrganization(organizationId: string): Promise<Agent[]> {
    if (!isUuid(organizationId)) return [];
    const rows: { id: string; organization_id: string; name: string }[] =
      await this.dataSource.query(
        // "C": the same order in every database, whatever its locale.
        `SELECT id, organization_id, name FROM agent WHERE organization_id = $1
         ORDER BY name COLLATE "C", id`,
        [organizationId],
      );
    return rows.map((row) => ({ id: row.id, organizationId: row.organization_id, name: row.name }));
  }
}
