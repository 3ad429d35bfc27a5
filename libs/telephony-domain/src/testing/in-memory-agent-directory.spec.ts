import { describeAgentDirectoryContract } from './agent-directory.contract';
import { InMemoryAgentDirectory } from './in-memory-agent-directory';

describeAgentDirectoryContract(
  { describe, it, beforeEach, afterEach, expect },
  'InMemoryAgentDirectory',
  async () => {
    const directory = new InMemoryAgentDirectory();
    return {
      directory,
      organizations: [
        '11111111-1111-4111-8111-111111111111',
        '33333333-3333-4333-8333-333333333333',
      ],
      addAgent: async (agent) => void directory.add(agent),
    };
  },
);
