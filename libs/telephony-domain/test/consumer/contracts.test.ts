// A project that installed @loquent/telephony-domain runs the package's contract suites on
// node:test (with the `expect` library): no Jest, no Jest types.
import { afterEach, beforeEach, describe, it } from 'node:test';
import { expect } from 'expect';
import {
  describePhoneNumberRepositoryContract,
  describePurchaseIntentsContract,
  InMemoryPhoneNumberRepository,
  InMemoryPurchaseIntents,
} from '@loquent/telephony-domain/testing';

const test = { describe, it, beforeEach, afterEach, expect };
const organizations = [
  '11111111-1111-4111-8111-111111111111',
  '33333333-3333-4333-8333-333333333333',
] as const;

describePhoneNumberRepositoryContract(test, 'InMemoryPhoneNumberRepository', async () => ({
  repository: new InMemoryPhoneNumberRepository(),
  organizations,
  analyzerIds: ['44444444-4444-4444-8444-444444444444'],
  agentId: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
}));

describePurchaseIntentsContract(test, 'InMemoryPurchaseIntents', async () => ({
  intents: new InMemoryPurchaseIntents(),
  organizations,
}));
