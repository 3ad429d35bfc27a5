import { getCountryCallingCode, isSupportedCountry } from 'libphonenumber-js';
import { StringValueObject } from '../shared/string-value-object';
import { InvalidCountryCode } from './available-numbers.errors';

/** Where Twilio's geographic search (near a number, in a region or postal code) applies. */
const GEOGRAPHIC_SEARCH_COUNTRIES: ReadonlySet<string> = new Set(['US', 'CA']);

/**
 * An ISO 3166-1 alpha-2 country code (`US`, `GB`), upper case, of a country or territory that has
 * phone numbers (libphonenumber's regions: every country Twilio could sell numbers in). Lower case
 * input is accepted and normalised.
 */
export class CountryCode extends StringValueObject {
  private constructor(value: string) {
    super(value);
  }

  static parse(value: string): CountryCode {
    const upper = typeof value === 'string' ? value.toUpperCase() : '';
    if (!/^[A-Z]{2}$/.test(upper) || !isSupportedCountry(upper)) {
      throw new InvalidCountryCode(String(value));
    }
    return new CountryCode(upper);
  }

  /** In the North American Numbering Plan (+1): numbers have 3-digit area codes. */
  get isNanp(): boolean {
    return this.callingCode === '1';
  }

  /** Twilio searches near a number, in a region or in a postal code only in the US and Canada. */
  get hasGeographicSearch(): boolean {
    return GEOGRAPHIC_SEARCH_COUNTRIES.has(this.value);
  }

  get callingCode(): string {
    // parse() checked the country is one libphonenumber knows.
    return getCountryCallingCode(this.value as Parameters<typeof getCountryCallingCode>[0]);
  }
}
