import { InMemoryPhoneNumberRepository } from './in-memory-phone-number.repository';
import { InMemoryUnitOfWork } from './in-memory-unit-of-work';
import { describeUnitOfWorkContract } from './unit-of-work.contract';

describeUnitOfWorkContract(
  { describe, it, beforeEach, afterEach, expect },
  'InMemoryUnitOfWork',
  async () => {
    const repository = new InMemoryPhoneNumberRepository();
    const unitOfWork = new InMemoryUnitOfWork(repository);
    return {
      unitOfWork,
      repository,
      organization: '11111111-1111-4111-8111-111111111111',
      dispatched: () => unitOfWork.dispatched,
    };
  },
);
