import { StringValueObject } from '../shared/string-value-object';
import { InvalidAreaCode } from './phone-number.errors';

const NANP_AREA_CODE = /^[2-9]\d{2}$/;

/** A US (NANP) area code: exactly three digits, the first 2-9. */
export class AreaCode extends StringValueObject {
  private constructor(value: string) {
    super(value);
  }

  static parse(value: string): AreaCode {
    if (!NANP_AREA_CODE.test(value)) throw new InvalidAreaCode(value);
    return new AreaCode(value);
  }
}
