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
} as const;

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
