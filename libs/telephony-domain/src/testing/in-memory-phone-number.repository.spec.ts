import { InMemoryPhoneNumberRepository } from './in-memory-phone-number.repository';
import { describePhoneNumberRepositoryContract } from './phone-number-repository.contract';

describePhoneNumberRepositoryContract(
  { describe, it, beforeEach, afterEach, expect },
  'InMemoryPhoneNumberRepository',
  async () => ({
    repository: new InMemoryPhoneNumberRepository(),
    organizations: ['11111111-1111-4111-8111-111111111111', '33333333-3333-4333-8333-333333333333'],
    analyzerIds: ['44444444-4444-4444-8444-444444444444'],
    agentId: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
  }),
);
