import { StringValueObject } from '../shared/string-value-object';
import { InvalidNumberPattern } from './available-numbers.errors';

const PATTERN = /^[0-9A-Za-z*]{2,15}$/;

/**
 * Twilio's `Contains` pattern for a number search: digits, letters (standing for their keypad
 * digits: "STORM" is 78676) and `*` for any one digit; at least two characters.
 */
export class NumberPattern extends StringValueObject {
  private constructor(value: string) {
    super(value);
  }

  static parse(value: string): NumberPattern {
    if (typeof value !== 'string' || !PATTERN.test(value)) {
      throw new InvalidNumberPattern(String(value));
    }
    return new NumberPattern(value);
  }
}
