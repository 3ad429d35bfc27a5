// @loquent/twilio-sandbox: a stateful stand-in for Twilio's 2010 REST API, for the embedded
// default, the tests and the bench. Everything others may use is exported here.

export { TwilioSandbox } from './twilio-sandbox';
export type { TwilioSandboxOptions } from './twilio-sandbox';
export type {
  DelayOptions,
  DropOptions,
  FailOptions,
  FaultPhase,
  SandboxFaultControls,
} from './sandbox-faults';
export type { SandboxCallControls, SandboxCallStep, SandboxDialStatus } from './sandbox-call';
export type { SandboxInvalidRequest, SandboxRequestLog } from './sandbox-log';
export type { SandboxOperation } from './sandbox-routes';
export type { SandboxNumber } from './sandbox-state';
export type {
  AddressRecord as SandboxAddress,
  BundleRecord as SandboxBundle,
} from './sandbox-state';
export type {
  AddressRequirement as SandboxAddressRequirement,
  NumberType as SandboxNumberType,
  Offer as SandboxOffer,
} from './sandbox-catalogue';
export { SandboxErrorCode } from './sandbox-errors';
export { MagicNumber } from './sandbox-inventory';
export { SANDBOX_OPERATIONS } from './sandbox-routes';
