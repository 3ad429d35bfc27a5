import {
  TelephonyProviderRateLimited,
  TelephonyProviderUnavailable,
} from '../ports/telephony-provider.errors';
import { InMemoryTwilioAccountConnections } from '../testing/in-memory-twilio-account-connections';
import { InMemoryTwilioAccountVerifier } from '../testing/in-memory-twilio-account-verifier';
import { FixedClock } from '../testing/simple-adapters';
import { aTwilioAuthToken } from '../testing/twilio-account.builder';
import { TwilioAccountSid } from '../twilio-account/twilio-account-sid.value-object';
import {
  InvalidTwilioAccountSid,
  InvalidTwilioAuthToken,
  TwilioAccountNotActive,
  TwilioCredentialsRefused,
} from '../twilio-account/twilio-account.errors';
import { ConnectTwilioAccount } from './connect-twilio-account.use-case';

const ORG = '11111111-1111-4111-8111-111111111111';

function setUp() {
  const connections = new InMemoryTwilioAccountConnections();
  const twilio = new InMemoryTwilioAccountVerifier(connections);
  const clock = new FixedClock(new Date('2026-03-01T10:00:00.000Z'));
  const connect = new ConnectTwilioAccount(connections, twilio, clock);
  return { connections, twilio, clock, connect };
}

describe('ConnectTwilioAccount', () => {
  it('keeps an active account that Twilio lets the credentials into, with its token sealed', async () => {
    const { connections, twilio, connect } = setUp();
    const account = twilio.createAccount('Acme Twilio');

    const state = await connect.execute({ organizationId: ORG, ...account });

    const accountSid = TwilioAccountSid.parse(account.accountSid);
    expect(state).toEqual({
      connected: true,
      accountSid,
      friendlyName: 'Acme Twilio',
      working: true,
      problem: null,
    });
    const stored = await connections.find(ORG);
    expect(stored).toEqual({
      organizationId: ORG,
      accountSid,
      friendlyName: 'Acme Twilio',
      sealedAuthToken: expect.any(String),
      connectedAt: new Date('2026-03-01T10:00:00.000Z'),
    });
    expect(JSON.stringify(stored)).not.toContain(account.authToken);
    expect(connections.open(stored!)).toBe(account.authToken);
    expect(twilio.asked).toEqual([account.accountSid]);
  });

  it('replaces the account the organization had connected', async () => {
    const { connections, twilio, clock, connect } = setUp();
    await connect.execute({ organizationId: ORG, ...twilio.createAccount('Old') });
    clock.advance(60_000);
    const next = twilio.createAccount('New');

    await connect.execute({ organizationId: ORG, ...next });

    expect(await connections.find(ORG)).toMatchObject({
      accountSid: TwilioAccountSid.parse(next.accountSid),
      friendlyName: 'New',
      connectedAt: new Date('2026-03-01T10:01:00.000Z'),
    });
  });

  it('refuses credentials Twilio does not accept, with its status and code, and keeps nothing', async () => {
    const { connections, twilio, connect } = setUp();
    const account = twilio.createAccount();

    const attempt = connect.execute({
      organizationId: ORG,
      accountSid: account.accountSid,
      authToken: aTwilioAuthToken(),
    });

    await expect(attempt).rejects.toThrow(TwilioCredentialsRefused);
    await expect(attempt).rejects.toMatchObject({
      code: 'twilio_credentials_refused',
      params: { accountSid: account.accountSid, providerStatus: 401, providerCode: 20003 },
    });
    await expect(connections.find(ORG)).resolves.toBeNull();
  });

  it('keeps the account the organization had when new credentials are refused', async () => {
    const { connections, twilio, connect } = setUp();
    const working = twilio.createAccount('Working');
    await connect.execute({ organizationId: ORG, ...working });

    await expect(
      connect.execute({
        organizationId: ORG,
        accountSid: twilio.createAccount().accountSid,
        authToken: aTwilioAuthToken(),
      }),
    ).rejects.toThrow(TwilioCredentialsRefused);

    expect(await connections.find(ORG)).toMatchObject({
      accountSid: TwilioAccountSid.parse(working.accountSid),
    });
  });

  it.each(['suspended', 'closed'] as const)(
    'refuses an account Twilio has %s, keeping nothing',
    async (status) => {
      const { connections, twilio, connect } = setUp();
      const account = twilio.createAccount('Gone', status);

      await expect(connect.execute({ organizationId: ORG, ...account })).rejects.toThrow(
        new TwilioAccountNotActive(account.accountSid, status),
      );
      await expect(connections.find(ORG)).resolves.toBeNull();
    },
  );

  it('lets a Twilio that cannot answer fail the connect as it failed, keeping nothing', async () => {
    const { connections, twilio, connect } = setUp();
    const account = twilio.createAccount();
    const limited = new TelephonyProviderRateLimited({
      operation: 'fetchAccount',
      providerStatus: 429,
      providerCode: 20429,
      retryAfterSeconds: 2,
    });
    twilio.failNext();
    twilio.failNext(limited);

    await expect(connect.execute({ organizationId: ORG, ...account })).rejects.toThrow(
      TelephonyProviderUnavailable,
    );
    await expect(connect.execute({ organizationId: ORG, ...account })).rejects.toBe(limited);
    await expect(connections.find(ORG)).resolves.toBeNull();
  });

  it('refuses a malformed account sid or token without asking Twilio', async () => {
    const { twilio, connect } = setUp();
    const account = twilio.createAccount();

    await expect(
      connect.execute({ organizationId: ORG, accountSid: 'AC123', authToken: account.authToken }),
    ).rejects.toThrow(new InvalidTwilioAccountSid('AC123'));
    await expect(
      connect.execute({ organizationId: ORG, accountSid: account.accountSid, authToken: 'short' }),
    ).rejects.toThrow(new InvalidTwilioAuthToken(5));
    expect(twilio.asked).toEqual([]);
  });
});
