import { InMemoryPhoneNumberRepository } from './in-memory-phone-number.repository';
import { describePurchasePreconditionsContract } from './purchase-preconditions.contract';
import { InMemoryPurchasePreconditions } from './simple-adapters';

describePurchasePreconditionsContract(
  { describe, it, beforeEach, afterEach, expect },
  'InMemoryPurchasePreconditions',
  async () => {
    const repository = new InMemoryPhoneNumberRepository();
    const preconditions = new InMemoryPurchasePreconditions(repository);
    return {
      preconditions,
      organizations: [
        '11111111-1111-4111-8111-111111111111',
        '33333333-3333-4333-8333-333333333333',
      ],
      register: (phoneNumber) => repository.save(phoneNumber),
      setDefaultAnalyzers: async (organizationId, analyzerIds) =>
        void preconditions.setDefaultAnalyzers(organizationId, analyzerIds),
    };
  },
);
