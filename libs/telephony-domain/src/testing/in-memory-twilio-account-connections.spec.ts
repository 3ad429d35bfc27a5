import { InMemoryTwilioAccountConnections } from './in-memory-twilio-account-connections';
import { describeTwilioAccountConnectionsContract } from './twilio-account-connections.contract';

describeTwilioAccountConnectionsContract(
  { describe, it, beforeEach, afterEach, expect },
  'InMemoryTwilioAccountConnections',
  async () => {
    const connections = new InMemoryTwilioAccountConnections();
    return {
      connections,
      open: (connection) => connections.open(connection),
      organizations: [
        '11111111-1111-4111-8111-111111111111',
        '22222222-2222-4222-8222-222222222222',
        '33333333-3333-4333-8333-333333333333',
      ],
    };
  },
);
