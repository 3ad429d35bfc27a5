import { StringValueObject } from '../shared/string-value-object';
import { InvalidBundleSid } from './available-numbers.errors';

const BU_SID = /^BU[0-9a-fA-F]{32}$/;

/**
 * The sid of a Twilio regulatory Bundle (`BU` + 32 hex digits): the end user's identity documents
 * that most numbers outside the US and Canada need to be bought.
 */
export class BundleSid extends StringValueObject {
  private constructor(value: string) {
    super(value);
  }

  static parse(value: string): BundleSid {
    if (typeof value !== 'string' || !BU_SID.test(value)) {
      throw new InvalidBundleSid(String(value));
    }
    return new BundleSid(value);
  }

  static parseOptional(value: string | null | undefined): BundleSid | null {
    return value === null || value === undefined ? null : BundleSid.parse(value);
  }
}
