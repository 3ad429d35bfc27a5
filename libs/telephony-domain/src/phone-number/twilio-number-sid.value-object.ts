import { StringValueObject } from '../shared/string-value-object';
import { InvalidTwilioNumberSid } from './phone-number.errors';

const PN_SID = /^PN[0-9a-fA-F]{32}$/;

/** The sid of a Twilio IncomingPhoneNumber: `PN` followed by 32 hex digits. */
export class TwilioNumberSid extends StringValueObject {
  private constructor(value: string) {
    super(value);
  }

  static parse(value: string): TwilioNumberSid {
    if (!PN_SID.test(value)) throw new InvalidTwilioNumberSid(value);
    return new TwilioNumberSid(value);
  }
}
