import {
  NewTwilioAccountConnection,
  TwilioAccountConnection,
} from '../twilio-account/twilio-account-connection';
import { TwilioAccountSid } from '../twilio-account/twilio-account-sid.value-object';

/**
 * Organizations' own Twilio accounts, at most one per organization. The store seals the auth
 * token before it keeps it and hands back only the sealed text: the token in clear is never
 * stored, never returned.
 */
export abstract class TwilioAccountConnections {
  /** Keeps the organization's connection, replacing any it had; returns it as stored. */
  abstract save(connection: NewTwilioAccountConnection): Promise<TwilioAccountConnection>;

  /** The organization's connection; null when it has none (it uses the platform's account). */
  abstract find(organizationId: string): Promise<TwilioAccountConnection | null>;

  /**
   * The connection to this account (the latest, if several organizations connected it); what a
   * webhook names is the account, not the organization.
   */
  abstract findByAccountSid(accountSid: TwilioAccountSid): Promise<TwilioAccountConnection | null>;

  /** Forgets the organization's connection; true when it had one. */
  abstract remove(organizationId: string): Promise<boolean>;
}
