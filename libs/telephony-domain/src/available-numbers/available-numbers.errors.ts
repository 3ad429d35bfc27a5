import { DomainError } from '../shared/domain-error';

export class InvalidCountryCode extends DomainError<'invalid_country_code', { value: string }> {
  readonly code = 'invalid_country_code';

  constructor(value: string) {
    super(`"${value}" is not an ISO 3166-1 alpha-2 country code, like US or GB`, { value });
  }
}

export class InvalidNumberPattern extends DomainError<'invalid_number_pattern', { value: string }> {
  readonly code = 'invalid_number_pattern';

  constructor(value: string) {
    super(
      `"${value}" is not a number pattern: 2 to 15 digits, letters (as on a keypad) or * (any digit)`,
      { value },
    );
  }
}

export class InvalidAddressSid extends DomainError<'invalid_address_sid', { value: string }> {
  readonly code = 'invalid_address_sid';

  constructor(value: string) {
    super(`"${value}" is not a Twilio Address sid: AD followed by 32 hex digits`, { value });
  }
}

export class InvalidBundleSid extends DomainError<'invalid_bundle_sid', { value: string }> {
  readonly code = 'invalid_bundle_sid';

  constructor(value: string) {
    super(`"${value}" is not a Twilio regulatory Bundle sid: BU followed by 32 hex digits`, {
      value,
    });
  }
}

/**
 * A search for numbers to buy that cannot be made: a criterion out of range, or one that does not
 * apply with the others (an area code outside NANP, a distance with no number to be near). `field`
 * names the criterion as the API spells it.
 */
export class InvalidSearchCriteria extends DomainError<
  'invalid_search_criteria',
  { field: string; value: unknown }
> {
  readonly code = 'invalid_search_criteria';

  constructor(field: string, value: unknown, reason: string, cause?: unknown) {
    super(`${field}: ${reason}`, { field, value }, { cause });
  }
}
