import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { StringValueObject } from '../shared/string-value-object';
import { InvalidPhoneNumber } from './phone-number.errors';

const E164_SHAPE = /^\+[1-9]\d{1,14}$/;
/**
 * +1 and ten digits: every such number has a possible length for NANP in libphonenumber's
 * metadata (the spec checks it against the library), so the library is not consulted for them.
 * They are most numbers Loquent sees, in pages of a thousand.
 */
const NANP_SHAPE = /^\+1\d{10}$/;

/**
 * A phone number in E.164 form (`+15551234567`): a `+`, at most 15 digits, a first digit other
 * than 0, and a length that is possible for its country calling code. Only the length is checked
 * against libphonenumber's metadata, never the number ranges: Twilio, not the metadata, knows
 * what it sells (new area codes and test numbers such as +15005550006 must pass).
 */
export class E164Number extends StringValueObject {
  private constructor(value: string) {
    super(value);
  }

  static parse(value: string): E164Number {
    if (NANP_SHAPE.test(value)) return new E164Number(value);
    if (!E164_SHAPE.test(value)) {
      throw new InvalidPhoneNumber(
        value,
        'is not in E.164 form: a + then up to 15 digits, the first not 0',
      );
    }
    const parsed = parsePhoneNumberFromString(value);
    if (!parsed) {
      throw new InvalidPhoneNumber(value, 'does not start with a known country calling code');
    }
    if (!parsed.isPossible()) {
      throw new InvalidPhoneNumber(
        value,
        `does not have a possible length for country code +${parsed.countryCallingCode}`,
      );
    }
    return new E164Number(value);
  }

  get countryCallingCode(): string {
    if (NANP_SHAPE.test(this.value)) return '1';
    // parse() guaranteed the parse succeeds.
    return parsePhoneNumberFromString(this.value)!.countryCallingCode;
  }
}
