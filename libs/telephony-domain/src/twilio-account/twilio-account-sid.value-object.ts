import { StringValueObject } from '../shared/string-value-object';
import { InvalidTwilioAccountSid } from './twilio-account.errors';

const AC_SID = /^AC[0-9a-fA-F]{32}$/;

/** The sid of a Twilio account: `AC` followed by 32 hex digits. */
export class TwilioAccountSid extends StringValueObject {
  private constructor(value: string) {
    super(value);
  }

  static parse(value: string): TwilioAccountSid {
    if (!AC_SID.test(value)) throw new InvalidTwilioAccountSid(value);
    return new TwilioAccountSid(value);
  }

  /** For a sid from outside that may be anything (a webhook's AccountSid): null when it is not one. */
  static tryParse(value: string | undefined): TwilioAccountSid | null {
    return value !== undefined && AC_SID.test(value) ? new TwilioAccountSid(value) : null;
  }
}
