import {
  AddressSid,
  AvailableNumberCriteria,
  AvailableNumberSearch,
  BundleSid,
  E164Number,
  TwilioNumberSid,
  VoiceUrl,
} from '@loquent/telephony-domain';
import { SANDBOX_OPERATIONS, TwilioSandbox } from '@loquent/twilio-sandbox';
import { specProblems } from '@loquent/twilio-sandbox/openapi';
import { TwilioClients, createTwilioClient } from './twilio-clients';
import { TwilioTelephonyProvider } from './twilio-telephony-provider';

// The sandbox checks each request against rules transcribed from Twilio's OpenAPI description;
// here every request the adapter makes is checked against the description itself.

let sandbox: TwilioSandbox;

beforeEach(async () => {
  sandbox = await TwilioSandbox.start();
});

afterEach(() => sandbox.stop());

describe('the requests the real adapter makes are valid operations of the spec', () => {
  const ORG = 'org-1';
  const provider = () =>
    new TwilioTelephonyProvider({
      forOrganization: async () =>
        createTwilioClient(sandbox.accountSid, sandbox.authToken, {
          apiBaseUrl: sandbox.url,
          timeoutMs: 5_000,
        }),
    } as unknown as TwilioClients);

  it('through every port operation, over several pages', async () => {
    sandbox.seedOwnedNumbers(2_500);
    const twilio = provider();

    const searches: AvailableNumberCriteria[] = [
      { areaCode: '415' },
      { areaCode: '533' },
      {
        country: 'GB',
        type: 'mobile',
        contains: '9001*',
        inLocality: 'London',
        capabilities: { voice: true, sms: true, mms: true },
        excludeAddressRequired: true,
        beta: false,
        limit: 50,
      },
      { type: 'toll_free', contains: 'CALL', excludeAddressRequired: 'foreign' },
      {
        country: 'CA',
        nearNumber: '+14165550100',
        distance: 50,
        inRegion: 'ON',
        inPostalCode: 'M5H',
        excludeAddressRequired: 'local',
      },
      { country: 'FR' },
      { country: 'US', type: 'mobile' },
    ];
    for (const criteria of searches) {
      await twilio.searchAvailableNumbers(ORG, AvailableNumberSearch.parse(criteria));
    }
    await twilio.listAvailableCountries(ORG);
    await twilio.purchase(
      ORG,
      E164Number.parse(sandbox.numbersForSale({ country: 'DE', type: 'mobile' })[0]!.phoneNumber),
      {
        friendlyName: null,
        addressSid: AddressSid.parse(sandbox.createAddress({ isoCountry: 'DE' }).sid),
        bundleSid: BundleSid.parse(
          sandbox.createBundle({ isoCountry: 'DE', numberType: 'mobile' }).sid,
        ),
      },
    );
    const bought = await twilio.purchase(
      ORG,
      E164Number.parse(sandbox.availableNumbers('212')[0]!),
      {
        friendlyName: 'Front desk',
      },
    );
    await twilio.purchase(ORG, E164Number.parse(sandbox.availableNumbers('212')[0]!), {
      friendlyName: null,
    });
    let pages = 0;
    for await (const _page of twilio.incomingNumberPages(ORG)) pages++;
    await twilio.fetchIncomingNumber(ORG, bought.sid);
    await twilio.fetchIncomingNumber(ORG, TwilioNumberSid.parse('PN' + '0'.repeat(32)));
    await twilio.findIncomingNumber(ORG, bought.phoneNumber);
    await twilio.updateVoiceUrl(
      ORG,
      bought.sid,
      VoiceUrl.parse('https://api.loquent.test/twilio/voice'),
    );
    await twilio.updateVoiceUrl(ORG, bought.sid, null);
    await twilio.release(ORG, bought.sid);

    expect(pages).toBe(3);
    expect(new Set(sandbox.requests.map((r) => r.operation))).toEqual(
      new Set(SANDBOX_OPERATIONS.filter((o) => o !== 'fetchAccount')),
    );
    expect(
      sandbox.requests.flatMap((request) =>
        specProblems(request).map((p) => `${request.method} ${request.path}: ${p}`),
      ),
    ).toEqual([]);
    expect(sandbox.invalidRequests).toEqual([]);
  });
});
