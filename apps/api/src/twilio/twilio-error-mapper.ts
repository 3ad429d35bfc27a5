import {
  DomainError,
  TelephonyProviderAuthenticationFailed,
  TelephonyProviderFailure,
  TelephonyProviderRateLimited,
  TelephonyProviderRejected,
  TelephonyProviderUnavailable,
} from '@loquent/telephony-domain';
import { TwilioApiError, TwilioTransportError } from './twilio-http.errors';

/** Twilio error codes the adapter acts on (https://www.twilio.com/docs/api/errors). */
export const TwilioErrorCode = {
  AuthenticationFailed: 20003,
  NotFound: 20404,
  TooManyRequests: 20429,
  InvalidPhoneNumber: 21421,
  NumberNotAvailable: 21422,
  NoNumbersInAreaCode: 21452,
  /** "PhoneNumber Requires an Address" (legacy: an address on file). */
  AddressRequiredOnFile: 21613,
  /** "Phone Number Requires a Local Address". */
  LocalAddressRequired: 21615,
  /** "Phone Number Requires an Address": no AddressSid, or none satisfying the requirement. */
  AddressRequired: 21631,
  /** A regulated number bought without a BundleSid valid for it. */
  BundleRequired: 21649,
  /** The BundleSid given is not approved for the number. */
  BundleNotApproved: 21651,
} as const;

/** Twilio's refusals of a purchase for its address, and for its regulatory bundle. */
export const ADDRESS_REFUSALS = [
  TwilioErrorCode.AddressRequiredOnFile,
  TwilioErrorCode.LocalAddressRequired,
  TwilioErrorCode.AddressRequired,
];
export const BUNDLE_REFUSALS = [TwilioErrorCode.BundleRequired, TwilioErrorCode.BundleNotApproved];

/** The failures every operation shares; anything specific is handled by the operation first. */
export function toProviderError(operation: string, error: unknown): Error {
  if (error instanceof DomainError) return error;
  if (error instanceof TwilioTransportError) {
    return new TelephonyProviderUnavailable(
      { operation, providerStatus: null, providerCode: null },
      `Twilio ${error.kind === 'timeout' ? 'did not answer in time' : 'could not be reached'}`,
      error,
    );
  }
  if (error instanceof TwilioApiError) {
    const failure: TelephonyProviderFailure = {
      operation,
      providerStatus: error.status,
      providerCode: error.code,
    };
    if (error.status === 429 || error.code === TwilioErrorCode.TooManyRequests) {
      return new TelephonyProviderRateLimited({
        ...failure,
        retryAfterSeconds: error.retryAfterSeconds,
      });
    }
    if (error.status === 401 || error.code === TwilioErrorCode.AuthenticationFailed) {
      return new TelephonyProviderAuthenticationFailed(failure);
    }
    if (error.status >= 500) {
      return new TelephonyProviderUnavailable(failure, `Twilio failed (${error.status})`, error);
    }
    return new TelephonyProviderRejected({ ...failure, providerMessage: error.twilioMessage });
  }
  return error instanceof Error ? error : new Error(String(error));
}

export function isTwilioError(error: unknown, ...codes: number[]): error is TwilioApiError {
  return error instanceof TwilioApiError && error.code !== null && codes.includes(error.code);
}

export function isTwilioNotFound(error: unknown): error is TwilioApiError {
  return (
    error instanceof TwilioApiError &&
    (error.status === 404 || error.code === TwilioErrorCode.NotFound)
  );
}
