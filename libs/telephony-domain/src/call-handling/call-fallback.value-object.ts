import { E164Number } from '../phone-number/e164-number.value-object';
import { InvalidCallHandling } from './call-handling.errors';
import { CallMessage } from './call-message.value-object';

export const CALL_FALLBACK_ACTIONS = ['dial', 'say', 'voicemail'] as const;
export type CallFallbackAction = (typeof CALL_FALLBACK_ACTIONS)[number];

/** Twilio's <Dial timeout> is 5 to 600 seconds; 30 is Twilio's own default. */
export const DIAL_TIMEOUT = { min: 5, max: 600, default: 30 } as const;
/** Twilio's <Record maxLength> allows up to 4 hours; a voicemail is far shorter. */
export const VOICEMAIL_MAX_LENGTH = { min: 1, max: 600, default: 120 } as const;

/** The stored and transported form of a fallback. */
export type CallFallbackPrimitives =
  | { action: 'dial'; number: string; timeoutSeconds: number }
  | { action: 'say'; message: string }
  | { action: 'voicemail'; greeting: string | null; maxLengthSeconds: number };

/** A fallback as someone gave it, before it is checked (the API's snake_case fields). */
export type CallFallbackInput = Record<string, unknown>;

/**
 * What a call gets when no agent takes it: forwarded to a person (`dial`), a message and a
 * hang-up (`say`), or a voicemail. Immutable; equal when their primitives are.
 */
export class CallFallback {
  private constructor(private readonly primitives: CallFallbackPrimitives) {}

  /** Checks input named from `field` (`fallback`, `default_fallback`); InvalidCallHandling names the part. */
  static parse(input: unknown, field: string): CallFallback {
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      throw new InvalidCallHandling(field, input, 'must be an object or null');
    }
    const given = input as CallFallbackInput;
    const allowed: Record<CallFallbackAction, readonly string[]> = {
      dial: ['action', 'number', 'timeout_s'],
      say: ['action', 'message'],
      voicemail: ['action', 'greeting', 'max_length_s'],
    };
    const action = given.action;
    if (
      typeof action !== 'string' ||
      !(CALL_FALLBACK_ACTIONS as readonly string[]).includes(action)
    ) {
      throw new InvalidCallHandling(
        `${field}.action`,
        action,
        `must be one of ${CALL_FALLBACK_ACTIONS.join(', ')}`,
      );
    }
    const kind = action as CallFallbackAction;
    const unknown = Object.keys(given).find((key) => !allowed[kind].includes(key));
    if (unknown) {
      throw new InvalidCallHandling(
        `${field}.${unknown}`,
        given[unknown],
        `is not a field of a ${kind} fallback`,
      );
    }
    switch (kind) {
      case 'dial': {
        if (typeof given.number !== 'string') {
          throw new InvalidCallHandling(`${field}.number`, given.number, 'must be an E.164 number');
        }
        let number: E164Number;
        try {
          number = E164Number.parse(given.number);
        } catch {
          throw new InvalidCallHandling(`${field}.number`, given.number, 'must be an E.164 number');
        }
        return new CallFallback({
          action: 'dial',
          number: number.value,
          timeoutSeconds: seconds(given.timeout_s, `${field}.timeout_s`, DIAL_TIMEOUT),
        });
      }
      case 'say':
        return new CallFallback({
          action: 'say',
          message: CallMessage.parse(given.message, `${field}.message`).value,
        });
      case 'voicemail':
        return new CallFallback({
          action: 'voicemail',
          greeting:
            given.greeting === undefined || given.greeting === null
              ? null
              : CallMessage.parse(given.greeting, `${field}.greeting`).value,
          maxLengthSeconds: seconds(
            given.max_length_s,
            `${field}.max_length_s`,
            VOICEMAIL_MAX_LENGTH,
          ),
        });
    }
  }

  /** The same check, where null and undefined mean none. */
  static parseOptional(input: unknown, field: string): CallFallback | null {
    return input === null || input === undefined ? null : CallFallback.parse(input, field);
  }

  /** Stored before: trusted to have passed the rule when it was written. */
  static fromPrimitives(primitives: CallFallbackPrimitives | null): CallFallback | null {
    return primitives ? new CallFallback(canonical(primitives)) : null;
  }

  toPrimitives(): CallFallbackPrimitives {
    return { ...this.primitives };
  }

  get action(): CallFallbackAction {
    return this.primitives.action;
  }

  /** The API's form: snake_case, every default spelled out. */
  toJSON(): Record<string, unknown> {
    const p = this.primitives;
    switch (p.action) {
      case 'dial':
        return { action: 'dial', number: p.number, timeout_s: p.timeoutSeconds };
      case 'say':
        return { action: 'say', message: p.message };
      case 'voicemail':
        return { action: 'voicemail', greeting: p.greeting, max_length_s: p.maxLengthSeconds };
    }
  }

  equals(other: CallFallback | null): boolean {
    return other !== null && JSON.stringify(other.primitives) === JSON.stringify(this.primitives);
  }

  static same(a: CallFallback | null, b: CallFallback | null): boolean {
    return a === null ? b === null : a.equals(b);
  }
}

/** One key order whatever the store gave back (jsonb keeps its own). */
function canonical(p: CallFallbackPrimitives): CallFallbackPrimitives {
  switch (p.action) {
    case 'dial':
      return { action: 'dial', number: p.number, timeoutSeconds: p.timeoutSeconds };
    case 'say':
      return { action: 'say', message: p.message };
    case 'voicemail':
      return { action: 'voicemail', greeting: p.greeting, maxLengthSeconds: p.maxLengthSeconds };
  }
}

function seconds(
  value: unknown,
  field: string,
  range: { min: number; max: number; default: number },
): number {
  if (value === undefined || value === null) return range.default;
  if (
    typeof value !== 'number' ||
    !Number.isInteger(value) ||
    value < range.min ||
    value > range.max
  ) {
    throw new InvalidCallHandling(
      field,
      value,
      `must be a whole number of seconds from ${range.min} to ${range.max}`,
    );
  }
  return value;
}
