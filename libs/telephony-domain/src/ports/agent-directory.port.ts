/** An AI agent that can answer an organization's calls. */
export interface Agent {
  id: string;
  organizationId: string;
  name: string;
}

/** The organizations' agents (another part of Loquent creates them; numbers only point at them). */
export abstract class AgentDirectory {
  /** Whether this agent is one of the organization's. Another organization's agent is not. */
  abstract isOrganizationAgent(organizationId: string, agentId: string): Promise<boolean>;

  /** The organization's agents, by name. */
  abstract listForOrganization(organizationId: string): Promise<Agent[]>;
}
