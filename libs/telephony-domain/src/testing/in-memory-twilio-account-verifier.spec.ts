import { InMemoryTwilioAccountConnections } from './in-memory-twilio-account-connections';
import { InMemoryTwilioAccountVerifier } from './in-memory-twilio-account-verifier';
import { aTwilioAuthToken } from './twilio-account.builder';
import { describeTwilioAccountVerifierContract } from './twilio-account-verifier.contract';

describeTwilioAccountVerifierContract(
  { describe, it, beforeEach, afterEach, expect },
  'InMemoryTwilioAccountVerifier',
  async () => {
    const connections = new InMemoryTwilioAccountConnections();
    const verifier = new InMemoryTwilioAccountVerifier(connections);
    const account = verifier.createAccount('Acme Twilio');
    return {
      verifier,
      account: { ...account, friendlyName: 'Acme Twilio' },
      stored: (credentials) =>
        connections.save({
          organizationId: '11111111-1111-4111-8111-111111111111',
          ...credentials,
          friendlyName: 'Acme Twilio',
          connectedAt: new Date('2026-03-01T10:00:00.000Z'),
        }),
      rotateToken: async (accountSid) => verifier.setAuthToken(accountSid, aTwilioAuthToken()),
      failNextCall: async () => verifier.failNext(),
    };
  },
);
