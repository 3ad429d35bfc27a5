import {
  EnteredTwilioCredentials,
  TelephonyProviderAuthenticationFailed,
  TwilioAccountConnection,
  TwilioAccountDescription,
  TwilioAccountVerifier,
} from '@loquent/telephony-domain';
import { TwilioTokenVault } from '../twilio-accounts/twilio-token-vault';
import { createTwilioClient } from './twilio-clients';
import { toProviderError } from './twilio-error-mapper';
import { TwilioApiError } from './twilio-http.errors';
import type { TwilioHttpClientOptions } from './twilio-http-client';

/** Asks Twilio for the account itself (GET /2010-04-01/Accounts/{sid}.json) with its credentials. */
export class TwilioApiAccountVerifier extends TwilioAccountVerifier {
  constructor(
    private readonly options: TwilioHttpClientOptions,
    private readonly vault: TwilioTokenVault,
  ) {
    super();
  }

  async describe(
    credentials: EnteredTwilioCredentials | TwilioAccountConnection,
  ): Promise<TwilioAccountDescription> {
    const accountSid = credentials.accountSid.value;
    const authToken =
      'sealedAuthToken' in credentials
        ? this.vault.open(credentials)
        : credentials.authToken.reveal();
    const client = createTwilioClient(accountSid, authToken, this.options);
    try {
      const account = await client.api.v2010.accounts(accountSid).fetch();
      return { status: account.status, friendlyName: account.friendlyName || null };
    } catch (error) {
      // For the account resource itself, 403 and 404 say the same as 401: these credentials do
      // not open this account.
      if (error instanceof TwilioApiError && [401, 403, 404].includes(error.status)) {
        throw new TelephonyProviderAuthenticationFailed({
          operation: 'fetchAccount',
          providerStatus: error.status,
          providerCode: error.code,
        });
      }
      throw toProviderError('fetchAccount', error);
    }
  }
}
