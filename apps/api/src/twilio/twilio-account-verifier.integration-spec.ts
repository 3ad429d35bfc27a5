import { randomBytes } from 'node:crypto';
import { describeTwilioAccountVerifierContract } from '@loquent/telephony-domain/testing';
import { TwilioSandbox } from '@loquent/twilio-sandbox';
import { CredentialsCipher } from '../twilio-accounts/credentials-cipher';
import { TwilioTokenVault } from '../twilio-accounts/twilio-token-vault';
import { TwilioApiAccountVerifier } from './twilio-account-verifier';

let sandbox: TwilioSandbox;
const vault = new TwilioTokenVault(new CredentialsCipher(randomBytes(32)));

beforeAll(async () => {
  sandbox = await TwilioSandbox.start();
});

afterAll(() => sandbox.stop());

describeTwilioAccountVerifierContract(
  { describe, it, beforeEach, afterEach, expect },
  'TwilioApiAccountVerifier on the Twilio sandbox',
  async () => {
    const account = sandbox.createAccount('Acme Twilio');
    return {
      verifier: new TwilioApiAccountVerifier({ apiBaseUrl: sandbox.url, timeoutMs: 5_000 }, vault),
      account: { ...account, friendlyName: 'Acme Twilio' },
      stored: async (credentials) => {
        const organizationId = '11111111-1111-4111-8111-111111111111';
        return {
          organizationId,
          accountSid: credentials.accountSid,
          friendlyName: 'Acme Twilio',
          sealedAuthToken: vault.seal(
            organizationId,
            credentials.accountSid,
            credentials.authToken,
          ),
          connectedAt: new Date(),
        };
      },
      rotateToken: async (accountSid) =>
        sandbox.setAuthToken(accountSid, randomBytes(16).toString('hex')),
      failNextCall: async () => sandbox.faults.failNext('fetchAccount', { status: 503 }),
    };
  },
);
