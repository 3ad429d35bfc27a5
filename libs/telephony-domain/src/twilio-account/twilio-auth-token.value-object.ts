import { InvalidTwilioAuthToken } from './twilio-account.errors';

const AUTH_TOKEN = /^[0-9a-fA-F]{32}$/;
const REDACTED = '[redacted]';

/**
 * A Twilio auth token as the user entered it, on its way to Twilio and to the store that seals it.
 * It renders as "[redacted]" everywhere (string, JSON, console and util.inspect), so a token that
 * ends up in a log line, an error or a response leaks nothing; the adapters that must send or seal
 * it read it with `reveal()`.
 */
export class TwilioAuthToken {
  readonly #value: string;

  private constructor(value: string) {
    this.#value = value;
  }

  static parse(value: string): TwilioAuthToken {
    if (!AUTH_TOKEN.test(value)) throw new InvalidTwilioAuthToken(value.length);
    return new TwilioAuthToken(value);
  }

  reveal(): string {
    return this.#value;
  }

  equals(other: unknown): boolean {
    return other instanceof TwilioAuthToken && other.#value === this.#value;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `TwilioAuthToken(${REDACTED})`;
  }
}
