import { codePoints, freeTextProblem } from '../phone-number/friendly-name.value-object';
import { StringValueObject } from '../shared/string-value-object';
import { InvalidCallHandling } from './call-handling.errors';

/** What Twilio reads to a caller stays short: a minute of speech is well under this. */
export const CALL_MESSAGE_MAX_LENGTH = 1000;

const PROBLEMS = {
  control_character: 'cannot contain control characters (such as NUL, tab or a line break)',
  lone_surrogate: 'cannot contain unpaired UTF-16 surrogates',
  bidi_control: 'cannot contain bidirectional formatting characters',
} as const;

/**
 * A message read to a caller (`<Say>`): the free-text rule of friendly names (NFC, trimmed, no
 * control, lone-surrogate or bidirectional formatting characters), 1 to 1,000 characters.
 */
export class CallMessage extends StringValueObject {
  private constructor(value: string) {
    super(value);
  }

  static parse(value: unknown, field: string): CallMessage {
    if (typeof value !== 'string') throw new InvalidCallHandling(field, value, 'must be a string');
    const problem = freeTextProblem(value);
    if (problem) throw new InvalidCallHandling(field, value, PROBLEMS[problem]);
    const normalised = value.normalize('NFC').trim();
    if (normalised === '') throw new InvalidCallHandling(field, value, 'cannot be blank');
    if (codePoints(normalised) > CALL_MESSAGE_MAX_LENGTH) {
      throw new InvalidCallHandling(
        field,
        value,
        `has at most ${CALL_MESSAGE_MAX_LENGTH} characters`,
      );
    }
    return new CallMessage(normalised);
  }
}
