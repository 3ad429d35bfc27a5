import { DomainError } from '../shared/domain-error';

/** What every provider failure carries: the operation, and the provider's own status and code. */
export interface TelephonyProviderFailure extends Readonly<Record<string, unknown>> {
  readonly operation: string;
  readonly providerStatus: number | null;
  readonly providerCode: number | null;
}

export abstract class TelephonyProviderError<
  Code extends string = string,
  Params extends TelephonyProviderFailure = TelephonyProviderFailure,
> extends DomainError<Code, Params> {}

/** The provider could not be reached, timed out, or failed on its side (5xx). */
export class TelephonyProviderUnavailable extends TelephonyProviderError<'telephony_provider_unavailable'> {
  readonly code = 'telephony_provider_unavailable';

  constructor(
    failure: TelephonyProviderFailure,
    message = 'The telephony provider is unavailable',
    cause?: unknown,
  ) {
    super(message, failure, { cause });
  }
}

export class TelephonyProviderRateLimited extends TelephonyProviderError<
  'telephony_provider_rate_limited',
  TelephonyProviderFailure & { retryAfterSeconds: number | null }
> {
  readonly code = 'telephony_provider_rate_limited';

  constructor(failure: TelephonyProviderFailure & { retryAfterSeconds: number | null }) {
    super('The telephony provider is rate limiting requests', failure);
  }
}

/** The credentials of the account in use were refused. */
export class TelephonyProviderAuthenticationFailed extends TelephonyProviderError<'telephony_provider_authentication_failed'> {
  readonly code = 'telephony_provider_authentication_failed';

  constructor(failure: TelephonyProviderFailure) {
    super('The telephony provider refused the account credentials', failure);
  }
}

/** The provider refused the request for a reason of its own (a 4xx not covered elsewhere). */
export class TelephonyProviderRejected extends TelephonyProviderError<
  'telephony_provider_rejected',
  TelephonyProviderFailure & { providerMessage: string }
> {
  readonly code = 'telephony_provider_rejected';

  constructor(failure: TelephonyProviderFailure & { providerMessage: string }) {
    super(`The telephony provider refused the request: ${failure.providerMessage}`, failure);
  }
}

/** The number cannot be bought: someone else holds it, or it was never for sale. */
export class NumberNotAvailable extends TelephonyProviderError<
  'number_not_available',
  TelephonyProviderFailure & { number: string }
> {
  readonly code = 'number_not_available';

  constructor(failure: TelephonyProviderFailure & { number: string }) {
    super(`${failure.number} is not available to buy`, failure);
  }
}

/**
 * The number needs an Address to be bought (any, local or foreign: see the number's
 * address_requirements) and none was given, or the one given does not satisfy it.
 */
export class AddressRequired extends TelephonyProviderError<
  'address_required',
  TelephonyProviderFailure & { number: string; addressSid: string | null; providerMessage: string }
> {
  readonly code = 'address_required';

  constructor(
    failure: TelephonyProviderFailure & {
      number: string;
      addressSid: string | null;
      providerMessage: string;
    },
  ) {
    super(
      failure.addressSid === null
        ? `${failure.number} needs an address to be bought: give an address_sid`
        : `${failure.number} cannot be bought with address ${failure.addressSid}: ${failure.providerMessage}`,
      failure,
    );
  }
}

/**
 * The number needs an approved regulatory Bundle for its country and type, and none was given, or
 * the one given is not approved or not for this number.
 */
export class BundleRequired extends TelephonyProviderError<
  'bundle_required',
  TelephonyProviderFailure & { number: string; bundleSid: string | null; providerMessage: string }
> {
  readonly code = 'bundle_required';

  constructor(
    failure: TelephonyProviderFailure & {
      number: string;
      bundleSid: string | null;
      providerMessage: string;
    },
  ) {
    super(
      failure.bundleSid === null
        ? `${failure.number} needs an approved regulatory bundle to be bought: give a bundle_sid`
        : `${failure.number} cannot be bought with bundle ${failure.bundleSid}: ${failure.providerMessage}`,
      failure,
    );
  }
}
