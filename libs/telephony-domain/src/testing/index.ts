// @loquent/telephony-domain/testing: in-memory adapters, builders and the contract suites every
// adapter of a port must pass. For tests only; the application never needs it.

export type {
  ContractExpect,
  ContractExpectation,
  ContractMatchers,
  ContractTestFunctions,
} from './contract-test';
export * from './in-memory-phone-number.repository';
export * from './in-memory-purchase-intents';
export * from './in-memory-telephony-provider';
export * from './in-memory-twilio-account-connections';
export * from './in-memory-twilio-account-verifier';
export * from './phone-number-repository.contract';
export * from './phone-number.builder';
export * from './purchase-intents.contract';
export * from './purchase-preconditions.contract';
export * from './simple-adapters';
export * from './twilio-account-connections.contract';
export * from './twilio-account-verifier.contract';
export * from './twilio-account.builder';
export * from './telephony-provider.contract';
export * from './agent-directory.contract';
export * from './in-memory-agent-directory';
export * from './in-memory-provider-change-locks';
export * from './in-memory-unit-of-work';
export * from './provider-change-locks.contract';
export * from './unit-of-work.contract';
export * from './in-memory-organization-call-handlings';
