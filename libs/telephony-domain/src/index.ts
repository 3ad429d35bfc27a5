// The public surface of @loquent/telephony-domain: nothing else is imported from outside.
// In-memory adapters, builders and contract suites are in @loquent/telephony-domain/testing.

export { AggregateRoot } from './shared/aggregate-root';
export { assertNever } from './shared/assert-never';
export { DomainError } from './shared/domain-error';
export { DomainEvent } from './shared/domain-event';

export { AddressSid } from './available-numbers/address-sid.value-object';
export {
  ADDRESS_REQUIREMENTS,
  AvailableNumberSearch,
  NUMBER_TYPES,
  SEARCH_DISTANCE_MAX_MILES,
  SEARCH_LIMIT_DEFAULT,
  SEARCH_LIMIT_MAX,
} from './available-numbers/available-number-search';
export type {
  AddressExclusion,
  AddressRequirement,
  AvailableNumberCriteria,
  NumberType,
  RequiredCapabilities,
} from './available-numbers/available-number-search';
export * from './available-numbers/available-numbers.errors';
export { BundleSid } from './available-numbers/bundle-sid.value-object';
export { CountryCode } from './available-numbers/country-code.value-object';
export { NumberPattern } from './available-numbers/number-pattern.value-object';

export {
  BUSINESS_HOURS_LIMITS,
  BusinessHours,
  localTime,
  WEEKDAYS,
} from './call-handling/business-hours.value-object';
export type {
  BusinessHoursPrimitives,
  Weekday,
  WeeklyRange,
} from './call-handling/business-hours.value-object';
export * from './call-handling/call-handling.errors';
export {
  CALL_FALLBACK_ACTIONS,
  CallFallback,
  DIAL_TIMEOUT,
  VOICEMAIL_MAX_LENGTH,
} from './call-handling/call-fallback.value-object';
export type {
  CallFallbackAction,
  CallFallbackPrimitives,
} from './call-handling/call-fallback.value-object';
export { CALL_MESSAGE_MAX_LENGTH, CallMessage } from './call-handling/call-message.value-object';
export { OrganizationCallHandling } from './call-handling/organization-call-handling';
export type { OrganizationCallHandlingPrimitives } from './call-handling/organization-call-handling';

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

export type {
  NewTwilioAccountConnection,
  TwilioAccountConnection,
  TwilioAccountProblem,
  TwilioAccountState,
} from './twilio-account/twilio-account-connection';
export * from './twilio-account/twilio-account.errors';
export { TwilioAccountSid } from './twilio-account/twilio-account-sid.value-object';
export { TwilioAuthToken } from './twilio-account/twilio-auth-token.value-object';

export { AgentDirectory } from './ports/agent-directory.port';
export type { Agent } from './ports/agent-directory.port';
export { Clock } from './ports/clock.port';
export { PurchasePreconditions } from './ports/purchase-preconditions.port';
export type { PurchasePreconditionsRead } from './ports/purchase-preconditions.port';
export { IdGenerator } from './ports/id-generator.port';
export { OrganizationCallHandlings } from './ports/organization-call-handlings.port';
export { Voicemails } from './ports/voicemails.port';
export type { Voicemail, VoicemailPageQuery } from './ports/voicemails.port';
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
  AvailableCountry,
  AvailableNumber,
  AvailableNumbersResult,
  IncomingNumber,
  NumberCapabilities,
  PurchaseOptions,
} from './ports/telephony-provider.port';
export { TwilioAccountConnections } from './ports/twilio-account-connections.port';
export { TwilioAccountVerifier } from './ports/twilio-account-verifier.port';
export type {
  EnteredTwilioCredentials,
  TwilioAccountDescription,
  TwilioAccountStatus,
} from './ports/twilio-account-verifier.port';
export { UnitOfWork } from './ports/unit-of-work.port';
export type { UnitOfWorkPorts } from './ports/unit-of-work.port';
export { VoiceWebhookUrls } from './ports/voice-webhook-urls.port';

export * from './use-cases/answer-call.use-case';
export * from './use-cases/buy-number.use-case';
export * from './use-cases/call-handling.use-cases';
export * from './use-cases/check-voice-urls.use-case';
export * from './use-cases/check-twilio-account.use-case';
export * from './use-cases/configure-voice-url.use-case';
export * from './use-cases/connect-twilio-account.use-case';
export * from './use-cases/disconnect-twilio-account.use-case';
export * from './use-cases/get-phone-number.use-case';
export * from './use-cases/import-numbers.use-case';
export * from './use-cases/list-agents.use-case';
export * from './use-cases/list-available-countries.use-case';
export * from './use-cases/list-phone-numbers.use-case';
export * from './use-cases/list-unsynced-numbers.use-case';
export * from './use-cases/phone-number-changes';
export * from './use-cases/reconcile-purchases.use-case';
export * from './use-cases/remove-phone-number.use-case';
export * from './use-cases/restore-voice-url.use-case';
export * from './use-cases/route-incoming-call.use-case';
export * from './use-cases/search-available-numbers.use-case';
export * from './use-cases/update-phone-number.use-case';
export * from './use-cases/voicemail.use-cases';

export * from './telephony-domain.errors';
