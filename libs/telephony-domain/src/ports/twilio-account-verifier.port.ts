import { TwilioAccountConnection } from '../twilio-account/twilio-account-connection';
import { TwilioAccountSid } from '../twilio-account/twilio-account-sid.value-object';
import { TwilioAuthToken } from '../twilio-account/twilio-auth-token.value-object';

/** Twilio's account statuses. */
export type TwilioAccountStatus = 'active' | 'suspended' | 'closed';

export interface TwilioAccountDescription {
  readonly status: TwilioAccountStatus;
  readonly friendlyName: string | null;
}

/** Credentials as the user just entered them, before anything is stored. */
export interface EnteredTwilioCredentials {
  readonly accountSid: TwilioAccountSid;
  readonly authToken: TwilioAuthToken;
}

/** Asks Twilio about an account with its credentials: those just entered, or a stored connection's. */
export abstract class TwilioAccountVerifier {
  /**
   * What Twilio says of the account. Throws TelephonyProviderAuthenticationFailed when Twilio does
   * not let these credentials into this account, and the other TelephonyProviderErrors when it
   * cannot answer.
   */
  abstract describe(
    credentials: EnteredTwilioCredentials | TwilioAccountConnection,
  ): Promise<TwilioAccountDescription>;
}
