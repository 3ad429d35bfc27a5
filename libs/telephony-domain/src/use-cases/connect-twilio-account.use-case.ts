import { Clock } from '../ports/clock.port';
import {
  TelephonyProviderAuthenticationFailed,
  TelephonyProviderError,
} from '../ports/telephony-provider.errors';
import { TwilioAccountConnections } from '../ports/twilio-account-connections.port';
import { TwilioAccountVerifier } from '../ports/twilio-account-verifier.port';
import { TwilioAccountState } from '../twilio-account/twilio-account-connection';
import { TwilioAccountSid } from '../twilio-account/twilio-account-sid.value-object';
import { TwilioAuthToken } from '../twilio-account/twilio-auth-token.value-object';
import {
  InvalidTwilioAccountSid,
  InvalidTwilioAuthToken,
  TwilioAccountNotActive,
  TwilioCredentialsRefused,
} from '../twilio-account/twilio-account.errors';

export interface ConnectTwilioAccountCommand {
  organizationId: string;
  accountSid: string;
  authToken: string;
}

export type ConnectTwilioAccountError =
  | InvalidTwilioAccountSid
  | InvalidTwilioAuthToken
  | TwilioCredentialsRefused
  | TwilioAccountNotActive
  | TelephonyProviderError;

/**
 * Connects an organization's own Twilio account, replacing any it had. The credentials are asked
 * of Twilio first: only an active account they open is kept, and a refusal keeps nothing (the
 * organization stays on the account it had).
 */
export class ConnectTwilioAccount {
  constructor(
    private readonly connections: TwilioAccountConnections,
    private readonly verifier: TwilioAccountVerifier,
    private readonly clock: Clock,
  ) {}

  async execute(command: ConnectTwilioAccountCommand): Promise<TwilioAccountState> {
    const accountSid = TwilioAccountSid.parse(command.accountSid);
    const authToken = TwilioAuthToken.parse(command.authToken);

    const account = await this.verifier
      .describe({ accountSid, authToken })
      .catch((error: unknown) => {
        // Here a refusal is the user's typo, not a broken connection: say so, and keep nothing.
        if (error instanceof TelephonyProviderAuthenticationFailed) {
          throw new TwilioCredentialsRefused(accountSid.value, error.params, error);
        }
        throw error;
      });
    if (account.status !== 'active') {
      throw new TwilioAccountNotActive(accountSid.value, account.status);
    }

    const connection = await this.connections.save({
      organizationId: command.organizationId,
      accountSid,
      authToken,
      friendlyName: account.friendlyName,
      connectedAt: this.clock.now(),
    });
    return {
      connected: true,
      accountSid: connection.accountSid,
      friendlyName: connection.friendlyName,
      working: true,
      problem: null,
    };
  }
}
