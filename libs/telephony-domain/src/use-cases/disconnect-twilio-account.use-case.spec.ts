import { InMemoryTwilioAccountConnections } from '../testing/in-memory-twilio-account-connections';
import { InMemoryTwilioAccountVerifier } from '../testing/in-memory-twilio-account-verifier';
import { FixedClock } from '../testing/simple-adapters';
import { CheckTwilioAccount } from './check-twilio-account.use-case';
import { ConnectTwilioAccount } from './connect-twilio-account.use-case';
import { DisconnectTwilioAccount } from './disconnect-twilio-account.use-case';

const ORG = '11111111-1111-4111-8111-111111111111';
const OTHER_ORG = '22222222-2222-4222-8222-222222222222';

describe('DisconnectTwilioAccount', () => {
  it("forgets the organization's account, and only its own", async () => {
    const connections = new InMemoryTwilioAccountConnections();
    const twilio = new InMemoryTwilioAccountVerifier(connections);
    const connect = new ConnectTwilioAccount(connections, twilio, new FixedClock());
    await connect.execute({ organizationId: ORG, ...twilio.createAccount() });
    await connect.execute({ organizationId: OTHER_ORG, ...twilio.createAccount() });

    await expect(
      new DisconnectTwilioAccount(connections).execute({ organizationId: ORG }),
    ).resolves.toEqual({ disconnected: true });

    const check = new CheckTwilioAccount(connections, twilio);
    await expect(check.execute({ organizationId: ORG })).resolves.toEqual({ connected: false });
    await expect(check.execute({ organizationId: OTHER_ORG })).resolves.toMatchObject({
      connected: true,
      working: true,
    });
  });

  it('says so when there was nothing to forget', async () => {
    await expect(
      new DisconnectTwilioAccount(new InMemoryTwilioAccountConnections()).execute({
        organizationId: ORG,
      }),
    ).resolves.toEqual({ disconnected: false });
  });
});
