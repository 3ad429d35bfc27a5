import { StringValueObject } from '../shared/string-value-object';
import { InvalidVoiceUrl } from './phone-number.errors';

// The WHATWG URL parser, a global of every runtime the library runs on (Node, browsers, Deno, Bun).
// Declared here because the library compiles against no runtime's types.
interface ParsedUrl {
  readonly protocol: string;
  readonly hostname: string;
}
declare const URL: new (input: string) => ParsedUrl;

/**
 * The URL Twilio requests when a call reaches a number: absolute, http or https. The text is kept
 * as given rather than normalised, so it compares equal to what Twilio stores and returns.
 */
export class VoiceUrl extends StringValueObject {
  private constructor(value: string) {
    super(value);
  }

  static parse(value: string): VoiceUrl {
    let url: ParsedUrl;
    try {
      url = new URL(value);
    } catch {
      throw new InvalidVoiceUrl(value);
    }
    if (
      (url.protocol !== 'http:' && url.protocol !== 'https:') ||
      url.hostname === '' ||
      value.trim() !== value
    ) {
      throw new InvalidVoiceUrl(value);
    }
    return new VoiceUrl(value);
  }

  /** A voice URL as a provider reports it, where an empty string means "none". */
  static parseOptional(value: string | null | undefined): VoiceUrl | null {
    return value === null || value === undefined || value === '' ? null : VoiceUrl.parse(value);
  }
}
