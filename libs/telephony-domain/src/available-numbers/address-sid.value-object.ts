import { StringValueObject } from '../shared/string-value-object';
import { InvalidAddressSid } from './available-numbers.errors';

const AD_SID = /^AD[0-9a-fA-F]{32}$/;

/** The sid of a Twilio Address (`AD` + 32 hex digits), which some numbers need to be bought. */
export class AddressSid extends StringValueObject {
  private constructor(value: string) {
    super(value);
  }

  static parse(value: string): AddressSid {
    if (typeof value !== 'string' || !AD_SID.test(value)) {
      throw new InvalidAddressSid(String(value));
    }
    return new AddressSid(value);
  }

  static parseOptional(value: string | null | undefined): AddressSid | null {
    return value === null || value === undefined ? null : AddressSid.parse(value);
  }
}
