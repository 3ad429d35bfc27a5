import {
  TelephonyProviderRateLimited,
  TelephonyProviderUnavailable,
} from '../ports/telephony-provider.errors';
import { InMemoryTwilioAccountConnections } from '../testing/in-memory-twilio-account-connections';
import { InMemoryTwilioAccountVerifier } from '../testing/in-memory-twilio-account-verifier';
import { FixedClock } from '../testing/simple-adapters';
import { aTwilioAuthToken } from '../testing/twilio-account.builder';
import { TwilioAccountSid } from '../twilio-account/twilio-account-sid.value-object';
import { CheckTwilioAccount } from './check-twilio-account.use-case';
import { ConnectTwilioAccount } from './connect-twilio-account.use-case';

const ORG = '11111111-1111-4111-8111-111111111111';

async function connected(friendlyName: string | null = 'Acme Twilio') {
  const connections = new InMemoryTwilioAccountConnections();
  const twilio = new InMemoryTwilioAccountVerifier(connections);
  const account = twilio.createAccount(friendlyName);
  await new ConnectTwilioAccount(connections, twilio, new FixedClock()).execute({
    organizationId: ORG,
    ...account,
  });
  twilio.asked.length = 0;
  const check = new CheckTwilioAccount(connections, twilio);
  return {
    connections,
    twilio,
    account,
    check,
    accountSid: TwilioAccountSid.parse(account.accountSid),
  };
}

describe('CheckTwilioAccount', () => {
  it('says an organization without its own account is not connected, asking Twilio nothing', async () => {
    const connections = new InMemoryTwilioAccountConnections();
    const twilio = new InMemoryTwilioAccountVerifier(connections);

    await expect(
      new CheckTwilioAccount(connections, twilio).execute({ organizationId: ORG }),
    ).resolves.toEqual({ connected: false });
    expect(twilio.asked).toEqual([]);
  });

  it('says a connected account works when Twilio accepts its stored token now', async () => {
    const { twilio, check, accountSid } = await connected();

    await expect(check.execute({ organizationId: ORG })).resolves.toEqual({
      connected: true,
      accountSid,
      friendlyName: 'Acme Twilio',
      working: true,
      problem: null,
    });
    expect(twilio.asked).toEqual([accountSid.value]);
  });

  it('says it is failing, and why, once Twilio refuses the stored token', async () => {
    const { twilio, account, check, accountSid } = await connected();
    twilio.setAuthToken(account.accountSid, aTwilioAuthToken());

    await expect(check.execute({ organizationId: ORG })).resolves.toEqual({
      connected: true,
      accountSid,
      friendlyName: 'Acme Twilio',
      working: false,
      problem: {
        code: 'telephony_provider_authentication_failed',
        detail: 'The telephony provider refused the account credentials',
        providerCode: 20003,
      },
    });
  });

  it('says it is failing when Twilio has suspended the account', async () => {
    const { twilio, account, check } = await connected();
    twilio.setStatus(account.accountSid, 'suspended');

    await expect(check.execute({ organizationId: ORG })).resolves.toMatchObject({
      connected: true,
      working: false,
      problem: {
        code: 'twilio_account_not_active',
        detail: 'Twilio says this account is suspended',
        providerCode: null,
      },
    });
  });

  it('says it is failing while Twilio cannot answer, with what Twilio said', async () => {
    const { twilio, check } = await connected();
    twilio.failNext(
      new TelephonyProviderRateLimited({
        operation: 'fetchAccount',
        providerStatus: 429,
        providerCode: 20429,
        retryAfterSeconds: null,
      }),
    );
    twilio.failNext();

    await expect(check.execute({ organizationId: ORG })).resolves.toMatchObject({
      working: false,
      problem: { code: 'telephony_provider_rate_limited', providerCode: 20429 },
    });
    await expect(check.execute({ organizationId: ORG })).resolves.toMatchObject({
      working: false,
      problem: {
        code: new TelephonyProviderUnavailable({
          operation: 'fetchAccount',
          providerStatus: null,
          providerCode: null,
        }).code,
        providerCode: null,
      },
    });
    await expect(check.execute({ organizationId: ORG })).resolves.toMatchObject({
      working: true,
    });
  });

  it('gives the name Twilio has now, or the one it had when Twilio gives none', async () => {
    const { twilio, account, check } = await connected('Acme Twilio');

    twilio.rename(account.accountSid, 'Acme Telephony');
    await expect(check.execute({ organizationId: ORG })).resolves.toMatchObject({
      friendlyName: 'Acme Telephony',
    });
    twilio.rename(account.accountSid, null);
    await expect(check.execute({ organizationId: ORG })).resolves.toMatchObject({
      friendlyName: 'Acme Twilio',
    });
  });

  it('lets a failure that is no answer of Twilio through (the stored token cannot be opened)', async () => {
    const { connections, twilio } = await connected();
    const broken = new InMemoryTwilioAccountVerifier({
      open: () => {
        throw new Error('Sealed with another key');
      },
    });

    await expect(
      new CheckTwilioAccount(connections, broken).execute({ organizationId: ORG }),
    ).rejects.toThrow('Sealed with another key');
    expect(twilio.asked).toEqual([]);
  });
});
