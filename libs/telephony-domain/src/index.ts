// The public surface of @loquent/telephony-domain: nothing else is imported from outside.

export { AggregateRoot } from './shared/aggregate-root';
export { assertNever } from './shared/assert-never';
export { DomainError } from './shared/domain-error';
export { DomainEvent } from './shared/domain-event';
export { StringValueObject } from './shared/string-value-object';
export { isUuid } from './shared/uuid';

export { AreaCode } from './phone-number/area-code.value-object';
export { E164Number } from './phone-number/e164-number.value-object';
export { FRIENDLY_NAME_MAX_LENGTH, FriendlyName } from './phone-number/friendly-name.value-object';
export type { FriendlyNameProblem } from './phone-number/friendly-name.value-object';
export {
  PHONE_NUMBER_SOURCES,
  PhoneNumber,
  VOICE_URL_STATUSES,
} from './phone-number/phone-number.aggregate';
export type {
  PhoneNumberPrimitives,
  PhoneNumberSource,
  VoiceUrlStatus,
} from './phone-number/phone-number.aggregate';
export * from './phone-number/phone-number.errors';
export * from './phone-number/phone-number.events';
export { TwilioNumberSid } from './phone-number/twilio-number-sid.value-object';
export { VoiceUrl } from './phone-number/voice-url.value-object';

export { AgentDirectory } from './ports/agent-directory.port';
export type { Agent } from './ports/agent-directory.port';
export { Clock } from './ports/clock.port';
export { DefaultAnalyzers } from './ports/default-analyzers.port';
export { IdGenerator } from './ports/id-generator.port';
export { PhoneNumberRepository } from './ports/phone-number.repository.port';
export { ProviderChangeLocks } from './ports/provider-change-locks.port';
export { PurchaseIntents } from './ports/purchase-intents.port';
export type { HeldPurchaseIntent, PurchaseIntent } from './ports/purchase-intents.port';
export type {
  InsertManyResult,
  PhoneNumberListQuery,
  PhoneNumberSummary,
} from './ports/phone-number.repository.port';
export * from './ports/telephony-provider.errors';
export { TelephonyProvider } from './ports/telephony-provider.port';
export type {
  AvailableNumber,
  IncomingNumber,
  NumberCapabilities,
  PurchaseOptions,
} from './ports/telephony-provider.port';
export { UnitOfWork } from './ports/unit-of-work.port';
export type { UnitOfWorkPorts } from './ports/unit-of-work.port';
export { VoiceWebhookUrls } from './ports/voice-webhook-urls.port';

export * from './use-cases/buy-number.use-case';
export * from './use-cases/check-voice-urls.use-case';
export * from './use-cases/configure-voice-url.use-case';
export * from './use-cases/get-phone-number.use-case';
export * from './use-cases/import-numbers.use-case';
export * from './use-cases/list-agents.use-case';
export * from './use-cases/list-phone-numbers.use-case';
export * from './use-cases/list-unsynced-numbers.use-case';
export * from './use-cases/phone-number-changes';
export * from './use-cases/purchased-number-registration';
export * from './use-cases/reconcile-purchases.use-case';
export * from './use-cases/remove-phone-number.use-case';
export * from './use-cases/restore-voice-url.use-case';
export * from './use-cases/route-incoming-call.use-case';
export * from './use-cases/search-available-numbers.use-case';
export * from './use-cases/update-phone-number.use-case';
export * from './use-cases/voice-url-handback';

export * from './telephony-domain.errors';

// In-memory adapters, builders and contract suites, for this library's tests and other apps'.
export * from './testing/agent-directory.contract';
export * from './testing/in-memory-agent-directory';
export * from './testing/in-memory-phone-number.repository';
export * from './testing/in-memory-provider-change-locks';
export * from './testing/in-memory-purchase-intents';
export * from './testing/in-memory-telephony-provider';
export * from './testing/in-memory-unit-of-work';
export * from './testing/phone-number.builder';
export * from './testing/phone-number-repository.contract';
export * from './testing/provider-change-locks.contract';
export * from './testing/purchase-intents.contract';
export * from './testing/simple-adapters';
export * from './testing/unit-of-work.contract';
