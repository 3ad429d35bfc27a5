import { Agent, AgentDirectory } from '../ports/agent-directory.port';
import { ContractTestFunctions } from './contract-test';

export interface AgentDirectoryContractContext {
  directory: AgentDirectory;
  /** Two organizations that exist wherever the directory keeps agents. */
  organizations: readonly [string, string];
  /** Adds an agent the way the adapter's owner creates them. */
  addAgent(agent: Agent): Promise<void>;
}

/** The behaviour every AgentDirectory must have; `setUp` hands over an empty directory. */
export function describeAgentDirectoryContract(
  test: ContractTestFunctions,
  adapterName: string,
  setUp: () => Promise<AgentDirectoryContractContext>,
): void {
  const { describe, it, beforeEach, expect } = test;
  describe(`${adapterName} honours the AgentDirectory contract`, () => {
    let context: AgentDirectoryContractContext;
    let orgA: string;
    let orgB: string;

    beforeEach(async () => {
      context = await setUp();
      [orgA, orgB] = context.organizations;
    });

    it("knows an organization's agents, and no other organization's", async () => {
      const agent = {
        id: 'a0000000-0000-4000-8000-000000000001',
        organizationId: orgA,
        name: 'Ava',
      };
      await context.addAgent(agent);

      await expect(context.directory.isOrganizationAgent(orgA, agent.id)).resolves.toBe(true);
      await expect(context.directory.isOrganizationAgent(orgB, agent.id)).resolves.toBe(false);
      await expect(
        context.directory.isOrganizationAgent(orgA, 'a0000000-0000-4000-8000-0000000000ff'),
      ).resolves.toBe(false);
    });

    it("lists an organization's agents by name, then id, and only its own", async () => {
      const agents = [
        { id: 'a0000000-0000-4000-8000-000000000003', organizationId: orgA, name: 'Zoe' },
        { id: 'a0000000-0000-4000-8000-000000000002', organizationId: orgA, name: 'Ava' },
        { id: 'a0000000-0000-4000-8000-000000000001', organizationId: orgA, name: 'Ava' },
        { id: 'a0000000-0000-4000-8000-000000000004', organizationId: orgB, name: 'Bob' },
      ];
      for (const agent of agents) await context.addAgent(agent);

      await expect(context.directory.listForOrganization(orgA)).resolves.toEqual([
        agents[2],
        agents[1],
        agents[0],
      ]);
      await expect(context.directory.listForOrganization(orgB)).resolves.toEqual([agents[3]]);
      await expect(
        context.directory.listForOrganization('a0000000-0000-4000-8000-0000000000ee'),
      ).resolves.toEqual([]);
    });
  });
}
