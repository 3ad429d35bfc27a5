import { TwilioAccountSid } from './twilio-account-sid.value-object';
import { TwilioAuthToken } from './twilio-auth-token.value-object';

/**
 * An organization's own Twilio account, as stored: from then on the organization is served from
 * that account alone. The auth token is sealed by the store that keeps it; the domain only hands
 * the sealed text on to the adapters that open it, and never sees the token again.
 */
export interface TwilioAccountConnection {
  readonly organizationId: string;
  readonly accountSid: TwilioAccountSid;
  /** The account's name at Twilio when it was connected. */
  readonly friendlyName: string | null;
  /** Opaque: the token as its store sealed it (encrypted, bound to this organization and account). */
  readonly sealedAuthToken: string;
  readonly connectedAt: Date;
}

/** What connecting hands to the store: the token still in clear, for the store to seal. */
export interface NewTwilioAccountConnection {
  readonly organizationId: string;
  readonly accountSid: TwilioAccountSid;
  readonly authToken: TwilioAuthToken;
  readonly friendlyName: string | null;
  readonly connectedAt: Date;
}

/** Why a connected account does not work now: a domain error's code and message. */
export interface TwilioAccountProblem {
  readonly code: string;
  readonly detail: string;
  /** Twilio's own error code, when Twilio gave one. */
  readonly providerCode: number | null;
}

/** Whether an organization has its own account and, if so, whether Twilio accepts it now. */
export type TwilioAccountState =
  | { readonly connected: false }
  | {
      readonly connected: true;
      readonly accountSid: TwilioAccountSid;
      readonly friendlyName: string | null;
      readonly working: true;
      readonly problem: null;
    }
  | {
      readonly connected: true;
      readonly accountSid: TwilioAccountSid;
      readonly friendlyName: string | null;
      readonly working: false;
      readonly problem: TwilioAccountProblem;
    };
