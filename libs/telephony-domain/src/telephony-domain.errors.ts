import { InvalidCallHandling } from './call-handling/call-handling.errors';
import {
  InvalidAddressSid,
  InvalidBundleSid,
  InvalidCountryCode,
  InvalidNumberPattern,
  InvalidSearchCriteria,
} from './available-numbers/available-numbers.errors';
import {
  AgentNotFound,
  ConcurrentUpdate,
  InvalidAgentId,
  InvalidAreaCode,
  InvalidFriendlyName,
  InvalidImportSelection,
  InvalidPageRequest,
  InvalidPhoneNumber,
  InvalidTwilioNumberSid,
  InvalidVoiceUrl,
  NumberAlreadyRegistered,
  NumberNotInProviderAccount,
  PhoneNumberNotFound,
  PurchasedNumberNotSaved,
  PurchaseInProgress,
} from './phone-number/phone-number.errors';
import {
  AddressRequired,
  BundleRequired,
  NumberNotAvailable,
  TelephonyProviderAuthenticationFailed,
  TelephonyProviderRateLimited,
  TelephonyProviderRejected,
  TelephonyProviderUnavailable,
} from './ports/telephony-provider.errors';
import { DomainError } from './shared/domain-error';
import {
  InvalidTwilioAccountSid,
  InvalidTwilioAuthToken,
  TwilioAccountNotActive,
  TwilioCredentialsRefused,
} from './twilio-account/twilio-account.errors';

/** Every error the library throws on purpose: map it exhaustively with `switch (error.code)`. */
export type TelephonyDomainError =
  | InvalidPhoneNumber
  | InvalidAreaCode
  | InvalidTwilioNumberSid
  | InvalidVoiceUrl
  | InvalidFriendlyName
  | InvalidAgentId
  | InvalidImportSelection
  | InvalidPageRequest
  | PhoneNumberNotFound
  | NumberAlreadyRegistered
  | NumberNotInProviderAccount
  | PurchasedNumberNotSaved
  | PurchaseInProgress
  | AgentNotFound
  | ConcurrentUpdate
  | NumberNotAvailable
  | TelephonyProviderUnavailable
  | TelephonyProviderRateLimited
  | TelephonyProviderAuthenticationFailed
  | TelephonyProviderRejected
  | InvalidTwilioAccountSid
  | InvalidTwilioAuthToken
  | TwilioCredentialsRefused
  | TwilioAccountNotActive
  | InvalidCountryCode
  | InvalidNumberPattern
  | InvalidAddressSid
  | InvalidBundleSid
  | InvalidSearchCriteria
  | AddressRequired
  | BundleRequired
  | InvalidCallHandling;

export function isTelephonyDomainError(error: unknown): error is TelephonyDomainError {
  return error instanceof DomainError;
}
