import { InMemoryPurchaseIntents } from './in-memory-purchase-intents';
import { describePurchaseIntentsContract } from './purchase-intents.contract';

describePurchaseIntentsContract(
  { describe, it, beforeEach, afterEach, expect },
  'InMemoryPurchaseIntents',
  async () => ({
    intents: new InMemoryPurchaseIntents(),
    organizations: ['11111111-1111-4111-8111-111111111111', '33333333-3333-4333-8333-333333333333'],
  }),
);
