import { Agent, AgentDirectory } from '../ports/agent-directory.port';

export interface ListAgentsQuery {
  organizationId: string;
}

/** The organization's agents, which its numbers may be assigned to. */
export class ListAgents {
  constructor(private readonly agents: AgentDirectory) {}

  execute(query: ListAgentsQuery): Promise<Agent[]> {
    return this.agents.listForOrganization(query.organizationId);
  }
}
