import { describeTelephonyProviderContract } from '@loquent/telephony-domain/testing';
import { MagicNumber, TwilioSandbox } from '@loquent/twilio-sandbox';
import { createTwilioClient, TwilioClients } from './twilio-clients';
import { INCOMING_NUMBERS_PAGE_SIZE, TwilioTelephonyProvider } from './twilio-telephony-provider';

// The same contract the in-memory fake passes, here for the real adapter and SDK on the Twilio
// sandbox over HTTP: what the fake lets a use-case test assume, Twilio does too.

const ORG = 'org-contract';
let sandbox: TwilioSandbox | undefined;

afterEach(async () => {
  // Whatever a test does, the adapter never sends Twilio a request it would refuse as malformed.
  const invalid = [...(sandbox?.invalidRequests ?? [])];
  await sandbox?.stop();
  sandbox = undefined;
  expect(invalid).toEqual([]);
});

describeTelephonyProviderContract(
  { describe, it, beforeEach, afterEach, expect },
  'TwilioTelephonyProvider on the Twilio sandbox',
  async () => {
    const started = await TwilioSandbox.start({ seed: 'empty' });
    sandbox = started;
    const client = createTwilioClient(started.accountSid, started.authToken, {
      apiBaseUrl: started.url,
      timeoutMs: 5_000,
    });
    // TwilioClients has a private field, so a stand-in needs a cast; only forOrganization is used.
    const clients = { forOrganization: async () => client } as unknown as TwilioClients;
    return {
      provider: new TwilioTelephonyProvider(clients, {
        attempts: 1,
        initialDelayMs: 0,
        maxDelayMs: 0,
      }),
      organizationId: ORG,
      pageSize: INCOMING_NUMBERS_PAGE_SIZE,
      ownNumber: async (input) => started.ownNumber(input).sid,
      ownNumbers: async (count) => started.seedOwnedNumbers(count),
      addAddress: async (isoCountry) => started.createAddress({ isoCountry }).sid,
      addBundle: async (isoCountry, numberType) =>
        started.createBundle({ isoCountry, numberType }).sid,
      inventory: {
        usAreaCode: '415',
        emptyAreaCode: '533',
        addressMixed: { country: 'GB', type: 'mobile' },
        bundleRequired: { country: 'DE', type: 'local' },
        countryNotSold: 'KP',
        typeNotSold: { country: 'US', type: 'mobile' },
        invalidNumber: MagicNumber.Invalid,
        unavailableNumber: MagicNumber.Unavailable,
      },
    };
  },
);
