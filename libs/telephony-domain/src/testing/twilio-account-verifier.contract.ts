import {
  TelephonyProviderAuthenticationFailed,
  TelephonyProviderUnavailable,
} from '../ports/telephony-provider.errors';
import {
  EnteredTwilioCredentials,
  TwilioAccountVerifier,
} from '../ports/twilio-account-verifier.port';
import { TwilioAccountConnection } from '../twilio-account/twilio-account-connection';
import { TwilioAccountSid } from '../twilio-account/twilio-account-sid.value-object';
import { TwilioAuthToken } from '../twilio-account/twilio-auth-token.value-object';
import { ContractTestFunctions } from './contract-test';
import { aTwilioAccountSid, aTwilioAuthToken } from './twilio-account.builder';

export interface TwilioAccountVerifierContractContext {
  verifier: TwilioAccountVerifier;
  /** An active account at Twilio (or its stand-in) and its name there. */
  account: { accountSid: string; authToken: string; friendlyName: string };
  /** The connection the app would store for these credentials, sealed as it seals them. */
  stored(credentials: EnteredTwilioCredentials): Promise<TwilioAccountConnection>;
  /** Changes the account's token at Twilio: the old one stops working. */
  rotateToken(accountSid: string): Promise<void>;
  /** Twilio fails the next call on its side (a 5xx, or no answer). */
  failNextCall(): Promise<void>;
}

/**
 * The behaviour every TwilioAccountVerifier adapter must have: the in-memory fake and the adapter
 * over Twilio's API (run on the sandbox) answer alike.
 */
export function describeTwilioAccountVerifierContract(
  test: ContractTestFunctions,
  adapterName: string,
  setUp: () => Promise<TwilioAccountVerifierContractContext>,
): void {
  const { describe, it, beforeEach, expect } = test;
  describe(`${adapterName} honours the TwilioAccountVerifier contract`, () => {
    let context: TwilioAccountVerifierContractContext;
    let credentials: EnteredTwilioCredentials;

    beforeEach(async () => {
      context = await setUp();
      credentials = {
        accountSid: TwilioAccountSid.parse(context.account.accountSid),
        authToken: TwilioAuthToken.parse(context.account.authToken),
      };
    });

    const refused = {
      code: 'telephony_provider_authentication_failed',
      params: { operation: 'fetchAccount', providerStatus: 401, providerCode: 20003 },
    };

    it('describes an account that its credentials open: active, with its name', async () => {
      await expect(context.verifier.describe(credentials)).resolves.toEqual({
        status: 'active',
        friendlyName: context.account.friendlyName,
      });
    });

    it("describes a stored connection's account, opening its sealed token", async () => {
      const connection = await context.stored(credentials);

      await expect(context.verifier.describe(connection)).resolves.toEqual({
        status: 'active',
        friendlyName: context.account.friendlyName,
      });
    });

    it('refuses a token that is not the account’s as an authentication failure', async () => {
      const wrong = { ...credentials, authToken: TwilioAuthToken.parse(aTwilioAuthToken()) };

      const failure = context.verifier.describe(wrong);

      await expect(failure).rejects.toBeInstanceOf(TelephonyProviderAuthenticationFailed);
      await expect(failure).rejects.toMatchObject(refused);
    });

    it('refuses an account sid that the token does not open', async () => {
      const other = { ...credentials, accountSid: TwilioAccountSid.parse(aTwilioAccountSid()) };

      await expect(context.verifier.describe(other)).rejects.toMatchObject(refused);
    });

    it('refuses a stored connection once its token was changed at Twilio', async () => {
      const connection = await context.stored(credentials);
      await context.rotateToken(context.account.accountSid);

      await expect(context.verifier.describe(connection)).rejects.toMatchObject(refused);
    });

    it('reports a Twilio that fails on its side as unavailable', async () => {
      await context.failNextCall();

      await expect(context.verifier.describe(credentials)).rejects.toBeInstanceOf(
        TelephonyProviderUnavailable,
      );
    });
  });
}
