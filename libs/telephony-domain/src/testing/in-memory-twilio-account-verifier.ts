import {
  TelephonyProviderAuthenticationFailed,
  TelephonyProviderError,
  TelephonyProviderUnavailable,
} from '../ports/telephony-provider.errors';
import {
  EnteredTwilioCredentials,
  TwilioAccountDescription,
  TwilioAccountStatus,
  TwilioAccountVerifier,
} from '../ports/twilio-account-verifier.port';
import { TwilioAccountConnection } from '../twilio-account/twilio-account-connection';
import { aTwilioAccountSid, aTwilioAuthToken } from './twilio-account.builder';

interface Account {
  authToken: string;
  friendlyName: string | null;
  status: TwilioAccountStatus;
}

/** Opens what a store sealed: InMemoryTwilioAccountConnections, or the app's own store. */
export interface SealedTokenOpener {
  open(connection: TwilioAccountConnection): string;
}

/**
 * Twilio's Accounts resource in memory: the accounts it knows, their tokens and statuses. It
 * refuses what Twilio refuses (401, code 20003) and opens a stored connection's token with the
 * store that sealed it.
 */
export class InMemoryTwilioAccountVerifier extends TwilioAccountVerifier {
  private readonly accounts = new Map<string, Account>();
  private readonly failures: TelephonyProviderError[] = [];
  /** The account sids asked about, in order. */
  readonly asked: string[] = [];

  constructor(private readonly opener: SealedTokenOpener) {
    super();
  }

  /** An account at Twilio, active unless told otherwise. */
  createAccount(
    friendlyName: string | null = 'Acme Twilio',
    status: TwilioAccountStatus = 'active',
  ): { accountSid: string; authToken: string } {
    const account = { accountSid: aTwilioAccountSid(), authToken: aTwilioAuthToken() };
    this.accounts.set(account.accountSid, { authToken: account.authToken, friendlyName, status });
    return account;
  }

  /** A rotated (or revoked) token: the old one is refused from now on. */
  setAuthToken(accountSid: string, authToken: string): void {
    this.account(accountSid).authToken = authToken;
  }

  rename(accountSid: string, friendlyName: string | null): void {
    this.account(accountSid).friendlyName = friendlyName;
  }

  setStatus(accountSid: string, status: TwilioAccountStatus): void {
    this.account(accountSid).status = status;
  }

  /** The next call fails with this error (by default: Twilio could not be reached). */
  failNext(
    error: TelephonyProviderError = new TelephonyProviderUnavailable(
      { operation: 'fetchAccount', providerStatus: null, providerCode: null },
      'Twilio could not be reached',
    ),
  ): void {
    this.failures.push(error);
  }

  async describe(
    credentials: EnteredTwilioCredentials | TwilioAccountConnection,
  ): Promise<TwilioAccountDescription> {
    this.asked.push(credentials.accountSid.value);
    const failure = this.failures.shift();
    if (failure) throw failure;
    const authToken =
      'sealedAuthToken' in credentials
        ? this.opener.open(credentials)
        : credentials.authToken.reveal();
    const account = this.accounts.get(credentials.accountSid.value);
    if (!account || account.authToken !== authToken) {
      throw new TelephonyProviderAuthenticationFailed({
        operation: 'fetchAccount',
        providerStatus: 401,
        providerCode: 20003,
      });
    }
    return { status: account.status, friendlyName: account.friendlyName };
  }

  private account(accountSid: string): Account {
    const account = this.accounts.get(accountSid);
    if (!account) throw new Error(`No account ${accountSid} at this fake Twilio`);
    return account;
  }
}
