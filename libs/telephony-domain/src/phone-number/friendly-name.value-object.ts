import { StringValueObject } from '../shared/string-value-object';
import { InvalidFriendlyName } from './phone-number.errors';

/** Twilio keeps at most 64 characters of a number's friendly name. */
export const FRIENDLY_NAME_MAX_LENGTH = 64;

/**
 * C0 controls (NUL, tab, newline, ...), DEL and C1 controls, and the line and paragraph
 * separators: none belongs in a one-line label, and PostgreSQL cannot store NUL at all.
 */
const CONTROL = '\\u0000-\\u001f\\u007f-\\u009f\\u2028\\u2029';
/**
 * Bidirectional formatting: embeddings and overrides (U+202A-202E), isolates (U+2066-2069) and
 * the invisible marks (U+200E, U+200F, U+061C). They reorder what is shown around them, so a name
 * could display as something it is not ("Trojan Source").
 */
const BIDI = '\\u061c\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069';
/** A surrogate half with no partner. */
const LONE_SURROGATE =
  '[\\ud800-\\udbff](?![\\udc00-\\udfff])|(?<![\\ud800-\\udbff])[\\udc00-\\udfff]';

const PROBLEMS: readonly [FriendlyNameProblem, RegExp][] = [
  ['lone_surrogate', new RegExp(LONE_SURROGATE)],
  ['control_character', new RegExp(`[${CONTROL}]`)],
  ['bidi_control', new RegExp(`[${BIDI}]`)],
];
const REFUSED = new RegExp(`${LONE_SURROGATE}|[${CONTROL}${BIDI}]`, 'g');
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

export type FriendlyNameProblem = InvalidFriendlyName['params']['problem'];

/**
 * The label of a number, as people see it in Loquent and in Twilio's console: NFC-normalised (so
 * "é" typed either way is one name), trimmed, at most 64 characters; no control characters, no
 * lone surrogates and no bidirectional formatting characters. Blank means no name.
 */
export class FriendlyName extends StringValueObject {
  private constructor(value: string) {
    super(value);
  }

  /** A name someone typed: refused with InvalidFriendlyName unless it follows the rule. */
  static parse(value: string): FriendlyName | null {
    const problem = problemOf(value);
    if (problem) throw new InvalidFriendlyName(value, problem, FRIENDLY_NAME_MAX_LENGTH);
    const normalised = value.normalize('NFC').trim();
    if (normalised === '') return null;
    if (codePoints(normalised) > FRIENDLY_NAME_MAX_LENGTH) {
      throw new InvalidFriendlyName(value, 'too_long', FRIENDLY_NAME_MAX_LENGTH);
    }
    return new FriendlyName(normalised);
  }

  /** The same rule, where null and undefined mean no name. */
  static parseOptional(value: string | null | undefined): FriendlyName | null {
    return value === null || value === undefined ? null : FriendlyName.parse(value);
  }

  /**
   * What can be kept of a name nobody checked with this rule (Twilio's, or one stored before the
   * rule): refused characters dropped, normalised, cut to 64 characters. Never throws, so a number
   * with an odd name in Twilio can still be imported.
   */
  static salvage(value: string | null | undefined): FriendlyName | null {
    if (value === null || value === undefined) return null;
    // Printable ASCII (most names, a thousand to a page): nothing to drop, NFC already, and one
    // code unit per character.
    if (PRINTABLE_ASCII.test(value)) {
      const kept = value.trim().slice(0, FRIENDLY_NAME_MAX_LENGTH).trim();
      return kept === '' ? null : new FriendlyName(kept);
    }
    const cleaned = value.replace(REFUSED, '').normalize('NFC').trim();
    const kept = [...cleaned].slice(0, FRIENDLY_NAME_MAX_LENGTH).join('').trim();
    return kept === '' ? null : new FriendlyName(kept);
  }

  /** Equal names, either or both of them absent. */
  static same(a: FriendlyName | null, b: FriendlyName | null): boolean {
    return a === null ? b === null : a.equals(b);
  }
}

function problemOf(value: string): FriendlyNameProblem | null {
  return PROBLEMS.find(([, pattern]) => pattern.test(value))?.[0] ?? null;
}

/**
 * The free-text rule of friendly names, for other text people type (messages read to callers):
 * which character class it breaks, or null. Length limits are each text's own.
 */
export function freeTextProblem(value: string): Exclude<FriendlyNameProblem, 'too_long'> | null {
  return problemOf(value) as Exclude<FriendlyNameProblem, 'too_long'> | null;
}

export function codePoints(value: string): number {
  let count = 0;
  for (const _ of value) count++;
  return count;
}
