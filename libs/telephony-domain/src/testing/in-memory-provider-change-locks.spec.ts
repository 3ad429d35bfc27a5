import { InMemoryProviderChangeLocks } from './in-memory-provider-change-locks';
import { describeProviderChangeLocksContract } from './provider-change-locks.contract';
import { sequentialUuid } from './simple-adapters';

describeProviderChangeLocksContract(
  { describe, it, beforeEach, afterEach, expect },
  'InMemoryProviderChangeLocks',
  async () => ({
    locks: new InMemoryProviderChangeLocks(),
    phoneNumberIds: async (count) => Array.from({ length: count }, (_, i) => sequentialUuid(i + 1)),
  }),
);
