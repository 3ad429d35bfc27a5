import { Agent, AgentDirectory } from '../ports/agent-directory.port';

/** AgentDirectory in memory: agents are added by the test. */
export class InMemoryAgentDirectory extends AgentDirectory {
  private readonly agents = new Map<string, Agent>();

  add(agent: Agent): this {
    this.agents.set(agent.id, { ...agent });
    return this;
  }

  async isOrganizationAgent(organizationId: string, agentId: string): Promise<boolean> {
    return this.agents.get(agentId)?.organizationId === organizationId;
  }

  async listForOrganization(organizationId: string): Promise<Agent[]> {
    return [...this.agents.values()]
      .filter((agent) => agent.organizationId === organizationId)
      .sort((a, b) => compare(a.name, b.name) || compare(a.id, b.id))
      .map((agent) => ({ ...agent }));
  }
}

/** By UTF-16 code unit, as PostgreSQL's "C" collation orders them. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
