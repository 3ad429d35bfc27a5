import { TelephonyProviderError } from '../ports/telephony-provider.errors';
import { TwilioAccountConnections } from '../ports/twilio-account-connections.port';
import { TwilioAccountVerifier } from '../ports/twilio-account-verifier.port';
import { TwilioAccountState } from '../twilio-account/twilio-account-connection';
import { TwilioAccountNotActive } from '../twilio-account/twilio-account.errors';

export interface CheckTwilioAccountCommand {
  organizationId: string;
}

/**
 * Whether the organization has its own Twilio account and whether Twilio accepts it now, asked
 * now. A failing account is an answer (with the problem, as the calls made in that account would
 * fail), not an error: only a failure that is no provider's answer is thrown.
 */
export class CheckTwilioAccount {
  constructor(
    private readonly connections: TwilioAccountConnections,
    private readonly verifier: TwilioAccountVerifier,
  ) {}

  async execute(command: CheckTwilioAccountCommand): Promise<TwilioAccountState> {
    const connection = await this.connections.find(command.organizationId);
    if (!connection) return { connected: false };
    const { accountSid } = connection;

    let account;
    try {
      account = await this.verifier.describe(connection);
    } catch (error) {
      if (!(error instanceof TelephonyProviderError)) throw error;
      return {
        connected: true,
        accountSid,
        friendlyName: connection.friendlyName,
        working: false,
        problem: {
          code: error.code,
          detail: error.message,
          providerCode: error.params.providerCode,
        },
      };
    }
    const friendlyName = account.friendlyName ?? connection.friendlyName;
    if (account.status !== 'active') {
      const notActive = new TwilioAccountNotActive(accountSid.value, account.status);
      return {
        connected: true,
        accountSid,
        friendlyName,
        working: false,
        problem: { code: notActive.code, detail: notActive.message, providerCode: null },
      };
    }
    return { connected: true, accountSid, friendlyName, working: true, problem: null };
  }
}
