import {
  AddressRequired,
  AddressSid,
  AvailableNumberCriteria,
  AvailableNumberSearch,
  BundleRequired,
  BundleSid,
  E164Number,
  IncomingNumber,
  InvalidPhoneNumber,
  NumberNotAvailable,
  NumberNotInProviderAccount,
  TelephonyProviderAuthenticationFailed,
  TelephonyProviderRateLimited,
  TelephonyProviderRejected,
  TelephonyProviderUnavailable,
  TwilioNumberSid,
  VoiceUrl,
} from '@loquent/telephony-domain';
import { MagicNumber, SandboxOperation, TwilioSandbox } from '@loquent/twilio-sandbox';
import { createTwilioClient, TwilioClients } from './twilio-clients';
import { TwilioTelephonyProvider } from './twilio-telephony-provider';
import { TwilioRetryOptions } from './twilio-retry';
import { AvailableCountriesCache } from './available-countries-cache';

const ORG = 'org-acme';
const NO_RETRY: TwilioRetryOptions = { attempts: 1, initialDelayMs: 0, maxDelayMs: 0 };
const LOQUENT_VOICE_URL = 'https://api.loquent.test/twilio/voice';

let sandbox: TwilioSandbox;
let twilio: TwilioTelephonyProvider;

/** The adapter with each organization served from one sandbox account (the platform's by default). */
function providerFor(
  accounts: Record<string, { accountSid: string; authToken: string }> = {},
  timeoutMs = 5_000,
  // One attempt unless a test is about retries: each failure below maps one Twilio answer.
  retry: TwilioRetryOptions = { attempts: 1, initialDelayMs: 0, maxDelayMs: 0 },
): TwilioTelephonyProvider {
  const client = (accountSid: string, authToken: string) =>
    createTwilioClient(accountSid, authToken, { apiBaseUrl: sandbox.url, timeoutMs });
  const platform = client(sandbox.accountSid, sandbox.authToken);
  // TwilioClients has a private field, so a stand-in needs a cast; only forOrganization is used.
  const clients = {
    forOrganization: async (organizationId: string) => {
      const own = accounts[organizationId];
      return own ? client(own.accountSid, own.authToken) : platform;
    },
  } as unknown as TwilioClients;
  return new TwilioTelephonyProvider(clients, retry);
}

beforeEach(async () => {
  sandbox = await TwilioSandbox.start();
  twilio = providerFor();
});

afterEach(async () => {
  // Whatever a test does, the adapter never sends Twilio a request it would refuse as malformed.
  const invalid = [...sandbox.invalidRequests];
  await sandbox.stop();
  expect(invalid).toEqual([]);
});

const plain = (number: IncomingNumber) => ({
  sid: number.sid.value,
  phoneNumber: number.phoneNumber.value,
  friendlyName: number.friendlyName,
  voiceUrl: number.voiceUrl?.value ?? null,
});
const nextAvailable = (areaCode = '415') =>
  E164Number.parse(sandbox.availableNumbers(areaCode)[0]!);
const ownedBy = (phoneNumber: string, accountSid?: string) =>
  sandbox.ownedNumbers(accountSid).find((n) => n.phoneNumber === phoneNumber);
const lastRequest = () => sandbox.requests.at(-1)!;
const client = (accountSid: string, authToken: string) =>
  createTwilioClient(accountSid, authToken, { apiBaseUrl: sandbox.url, timeoutMs: 5_000 });
async function numbersOf(criteria: AvailableNumberCriteria, provider = twilio) {
  const result = await provider.searchAvailableNumbers(ORG, AvailableNumberSearch.parse(criteria));
  if (result.outcome !== 'found') throw new Error(`Nothing sold: ${JSON.stringify(result)}`);
  return result.numbers;
}

async function allPages(provider = twilio): Promise<IncomingNumber[][]> {
  const pages: IncomingNumber[][] = [];
  for await (const page of provider.incomingNumberPages(ORG)) pages.push(page);
  return pages;
}

describe('TwilioTelephonyProvider against the Twilio sandbox', () => {
  describe('searchAvailableNumbers', () => {
    it("returns Twilio's first 20 offers in the area code, with everything Twilio says of them", async () => {
      const found = await numbersOf({ areaCode: '415' });

      expect(found.map((n) => n.phoneNumber.value)).toEqual(
        sandbox.availableNumbers('415').slice(0, 20),
      );
      expect(found[0]).toEqual({
        phoneNumber: E164Number.parse(sandbox.availableNumbers('415')[0]!),
        friendlyName: expect.stringMatching(/^\(415\) \d{3}-\d{4}$/),
        isoCountry: 'US',
        type: 'local',
        locality: 'San Francisco',
        region: 'CA',
        postalCode: '94103',
        rateCenter: 'SNFC CNTL',
        latitude: 37.7749,
        longitude: -122.4194,
        beta: false,
        addressRequirements: 'none',
        capabilities: { voice: true, sms: true, mms: true },
      });
      expect(lastRequest()).toMatchObject({
        method: 'GET',
        path: `/2010-04-01/Accounts/${sandbox.accountSid}/AvailablePhoneNumbers/US/Local.json`,
        query: 'AreaCode=415&PageSize=20',
        status: 200,
      });
    });

    it("sends every criterion under Twilio's own name, and only the capabilities required", async () => {
      await twilio.searchAvailableNumbers(
        ORG,
        AvailableNumberSearch.parse({
          country: 'CA',
          areaCode: '416',
          contains: '555*',
          inLocality: 'Toronto',
          inRegion: 'ON',
          inPostalCode: 'M5H',
          nearNumber: '+14165550100',
          distance: 40,
          capabilities: { voice: true, sms: false, mms: true },
          excludeAddressRequired: 'local',
          beta: false,
          limit: 7,
        }),
      );

      expect(lastRequest().path).toMatch(/\/AvailablePhoneNumbers\/CA\/Local\.json$/);
      expect(Object.fromEntries(new URLSearchParams(lastRequest().query))).toEqual({
        AreaCode: '416',
        Contains: '555*',
        VoiceEnabled: 'true',
        MmsEnabled: 'true',
        ExcludeLocalAddressRequired: 'true',
        Beta: 'false',
        NearNumber: '+14165550100',
        Distance: '40',
        InPostalCode: 'M5H',
        InRegion: 'ON',
        InLocality: 'Toronto',
        PageSize: '7',
      });
      expect(lastRequest().status).toBe(200);
    });

    it.each([
      [
        'toll_free',
        'US',
        'TollFree',
        { excludeAddressRequired: true },
        'ExcludeAllAddressRequired',
      ],
      [
        'mobile',
        'GB',
        'Mobile',
        { excludeAddressRequired: 'foreign' },
        'ExcludeForeignAddressRequired',
      ],
    ] as const)(
      'searches %s numbers at AvailablePhoneNumbers/%s/%s.json',
      async (type, country, segment, criteria, param) => {
        const found = await numbersOf({ country, type, ...criteria });

        expect(lastRequest().path).toMatch(
          new RegExp(`/AvailablePhoneNumbers/${country}/${segment}\\.json$`),
        );
        expect(new URLSearchParams(lastRequest().query).get(param)).toBe('true');
        expect(found.length).toBeGreaterThan(0);
        expect(found.every((n) => n.type === type && n.isoCountry === country)).toBe(true);
      },
    );

    it('reads the address requirement and beta flag Twilio gives each number', async () => {
      const ukMobiles = await numbersOf({ country: 'GB', type: 'mobile', limit: 50 });
      const sanFrancisco = await numbersOf({ areaCode: '415', limit: 50 });

      expect(new Set(ukMobiles.map((n) => n.addressRequirements))).toEqual(
        new Set(['none', 'any']),
      );
      expect(ukMobiles[0]).toMatchObject({ latitude: null, region: null, postalCode: null });
      expect(sanFrancisco.filter((n) => n.beta)).toHaveLength(2);
      expect(sanFrancisco.filter((n) => !n.capabilities.mms).length).toBeGreaterThan(0);
    });

    it('answers an area code with nothing for sale (Twilio 21452) with no numbers', async () => {
      await expect(
        twilio.searchAvailableNumbers(ORG, AvailableNumberSearch.parse({ areaCode: '533' })),
      ).resolves.toEqual({ outcome: 'found', numbers: [] });
      expect(lastRequest().status).toBe(400);
    });

    it('tells a country Twilio sells nothing in from a type it does not sell there (both 404)', async () => {
      const search = (criteria: Parameters<typeof AvailableNumberSearch.parse>[0]) =>
        twilio.searchAvailableNumbers(ORG, AvailableNumberSearch.parse(criteria));

      await expect(search({ country: 'FR' })).resolves.toEqual({
        outcome: 'country_not_sold',
        numbers: [],
        country: 'FR',
      });
      await expect(search({ country: 'US', type: 'mobile' })).resolves.toEqual({
        outcome: 'type_not_sold',
        numbers: [],
        country: 'US',
        type: 'mobile',
        typesSold: ['local', 'toll_free'],
      });
      expect(sandbox.requests.map((r) => `${r.operation} ${r.status}`)).toEqual([
        'searchAvailableNumbers 404',
        'fetchAvailableCountry 404',
        'searchAvailableNumbers 404',
        'fetchAvailableCountry 200',
      ]);
    });

    it('gives no locality or region where Twilio has none', async () => {
      const [first] = await numbersOf({ areaCode: '479' });

      expect(first).toMatchObject({ locality: null, region: null, latitude: null });
    });
  });

  describe('listAvailableCountries', () => {
    it('lists the countries of the account with the types Loquent buys there', async () => {
      const countries = await twilio.listAvailableCountries(ORG);

      expect(countries).toEqual([
        { countryCode: 'US', name: 'United States', beta: false, types: ['local', 'toll_free'] },
        { countryCode: 'CA', name: 'Canada', beta: false, types: ['local', 'toll_free'] },
        {
          countryCode: 'GB',
          name: 'United Kingdom',
          beta: false,
          types: ['local', 'toll_free', 'mobile'],
        },
        {
          countryCode: 'DE',
          name: 'Germany',
          beta: false,
          types: ['local', 'toll_free', 'mobile'],
        },
        {
          countryCode: 'AU',
          name: 'Australia',
          beta: false,
          types: ['local', 'toll_free', 'mobile'],
        },
      ]);
      expect(lastRequest()).toMatchObject({ query: 'PageSize=1000', status: 200 });
    });

    it('asks Twilio once per account for a while, then again; a failure is not kept', async () => {
      let now = 0;
      const cached = new TwilioTelephonyProvider(
        {
          forOrganization: async () => client(sandbox.accountSid, sandbox.authToken),
        } as unknown as TwilioClients,
        NO_RETRY,
        new AvailableCountriesCache(60_000, () => now),
      );
      sandbox.faults.failNext('listAvailableCountries', { status: 503 });

      await expect(cached.listAvailableCountries(ORG)).rejects.toThrow(
        TelephonyProviderUnavailable,
      );
      await Promise.all([cached.listAvailableCountries(ORG), cached.listAvailableCountries(ORG)]);
      now = 59_999;
      await cached.listAvailableCountries(ORG);
      expect(sandbox.countOf('listAvailableCountries')).toBe(2);

      now = 60_000;
      await cached.listAvailableCountries(ORG);
      expect(sandbox.countOf('listAvailableCountries')).toBe(3);
    });

    it('keeps each account its own list', async () => {
      const customer = sandbox.createAccount('Customer');
      const both = providerFor({ 'org-customer': customer });

      await both.listAvailableCountries(ORG);
      await both.listAvailableCountries('org-customer');
      await both.listAvailableCountries(ORG);

      expect(sandbox.requests.map((r) => r.account)).toEqual([
        sandbox.accountSid,
        customer.accountSid,
      ]);
    });
  });

  describe('purchase', () => {
    it('buys the number into the account and returns it as Twilio has it', async () => {
      const number = nextAvailable();

      const bought = await twilio.purchase(ORG, number, { friendlyName: 'Front desk' });

      const inTwilio = ownedBy(number.value)!;
      expect(plain(bought)).toEqual({
        sid: inTwilio.sid,
        phoneNumber: number.value,
        friendlyName: 'Front desk',
        voiceUrl: null,
      });
      expect(lastRequest()).toMatchObject({
        method: 'POST',
        form: { PhoneNumber: number.value, FriendlyName: 'Front desk' },
        status: 201,
      });
      expect(sandbox.availableNumbers('415')).not.toContain(number.value);
    });

    it("sends no FriendlyName when there is none, and keeps Twilio's default name", async () => {
      const number = nextAvailable('212');

      const bought = await twilio.purchase(ORG, number, { friendlyName: null });

      expect(lastRequest().form).toEqual({ PhoneNumber: number.value });
      expect(bought.friendlyName).toMatch(/^\(212\) /);
    });

    it("buys Twilio's magic available number +15005550006", async () => {
      const bought = await twilio.purchase(ORG, E164Number.parse(MagicNumber.Available), {
        friendlyName: null,
      });

      expect(bought.phoneNumber.value).toBe(MagicNumber.Available);
    });

    it('turns 21422 into NumberNotAvailable, keeping the number and Twilio status and code', async () => {
      const attempt = twilio.purchase(ORG, E164Number.parse(MagicNumber.Unavailable), {
        friendlyName: null,
      });

      await expect(attempt).rejects.toThrow(NumberNotAvailable);
      await expect(attempt).rejects.toMatchObject({
        params: {
          operation: 'purchase',
          providerStatus: 400,
          providerCode: 21422,
          number: MagicNumber.Unavailable,
        },
      });
    });

    it('turns 21422 for a number another account owns into NumberNotAvailable', async () => {
      const taken = sandbox.ownedNumbers()[0]!.phoneNumber;
      const customer = sandbox.createAccount('Customer');

      await expect(
        providerFor({ [ORG]: customer }).purchase(ORG, E164Number.parse(taken), {
          friendlyName: null,
        }),
      ).rejects.toThrow(NumberNotAvailable);
    });

    it('turns 21421 into InvalidPhoneNumber', async () => {
      await expect(
        twilio.purchase(ORG, E164Number.parse(MagicNumber.Invalid), { friendlyName: null }),
      ).rejects.toEqual(
        expect.objectContaining({
          constructor: InvalidPhoneNumber,
          params: { value: MagicNumber.Invalid },
        }),
      );
    });

    it('buys in the account of the organization', async () => {
      const customer = sandbox.createAccount('Customer');
      const number = nextAvailable();

      await providerFor({ [ORG]: customer }).purchase(ORG, number, { friendlyName: null });

      expect(ownedBy(number.value, customer.accountSid)).toBeDefined();
      expect(ownedBy(number.value)).toBeUndefined();
    });
  });

  describe('purchase of a number that needs an address or a bundle', () => {
    const ukMobile = () =>
      sandbox
        .numbersForSale({ country: 'GB', type: 'mobile' })
        .find((n) => n.addressRequirements === 'any')!;
    const sydney = () => sandbox.numbersForSale({ country: 'AU', type: 'local' })[0]!;
    const addressIn = (country: string) =>
      AddressSid.parse(sandbox.addresses().find((a) => a.isoCountry === country)!.sid);
    const bundleFor = (country: string, type: string) =>
      BundleSid.parse(
        sandbox.bundles().find((b) => b.isoCountry === country && b.numberType === type)!.sid,
      );

    it('sends AddressSid and BundleSid, and buys the number', async () => {
      const number = sydney().phoneNumber;

      const bought = await twilio.purchase(ORG, E164Number.parse(number), {
        friendlyName: null,
        addressSid: addressIn('AU'),
        bundleSid: bundleFor('AU', 'local'),
      });

      expect(bought.phoneNumber.value).toBe(number);
      expect(lastRequest().form).toEqual({
        PhoneNumber: number,
        AddressSid: addressIn('AU').value,
        BundleSid: bundleFor('AU', 'local').value,
      });
    });

    it("turns 21631 into AddressRequired with Twilio's code and message", async () => {
      const number = ukMobile().phoneNumber;

      await expect(
        twilio.purchase(ORG, E164Number.parse(number), { friendlyName: null }),
      ).rejects.toEqual(
        expect.objectContaining({
          constructor: AddressRequired,
          params: {
            operation: 'purchase',
            providerStatus: 400,
            providerCode: 21631,
            number,
            addressSid: null,
            providerMessage: 'Phone Number Requires an Address',
          },
        }),
      );
      expect(ownedBy(number)).toBeUndefined();
    });

    it.each([21613, 21615, 21631])('takes %i as an address refusal', async (code) => {
      sandbox.faults.failNext('purchaseNumber', { status: 400, code, message: 'Address' });

      await expect(twilio.purchase(ORG, nextAvailable(), { friendlyName: null })).rejects.toThrow(
        AddressRequired,
      );
    });

    it.each([21649, 21651])(
      'takes %i as a bundle refusal, naming the bundle given',
      async (code) => {
        const bundleSid = bundleFor('GB', 'local');
        sandbox.faults.failNext('purchaseNumber', { status: 400, code, message: 'Bundle' });

        await expect(
          twilio.purchase(ORG, nextAvailable(), { friendlyName: null, bundleSid }),
        ).rejects.toEqual(
          expect.objectContaining({
            constructor: BundleRequired,
            params: expect.objectContaining({ providerCode: code, bundleSid: bundleSid.value }),
          }),
        );
      },
    );
  });

  describe('incomingNumberPages', () => {
    it('yields every number of the account, 1,000 a page, following next_page_uri', async () => {
      sandbox.seedOwnedNumbers(2_488);

      const pages = await allPages();

      expect(pages.map((page) => page.length)).toEqual([1000, 1000, 500]);
      expect(pages.flat().map((n) => n.sid.value)).toEqual(
        sandbox.ownedNumbers().map((n) => n.sid),
      );
      const queries = sandbox.requests.map((r) => new URLSearchParams(r.query));
      expect(queries.map((q) => q.get('PageSize'))).toEqual(['1000', '1000', '1000']);
      expect(queries.map((q) => q.get('PageToken')?.slice(0, 2) ?? null)).toEqual([
        null,
        'PA',
        'PA',
      ]);
    });

    it("maps each number's voice URL and friendly name, with none as null", async () => {
      const [page] = await allPages();

      expect(page!.map(plain)).toEqual(
        sandbox.ownedNumbers().map((n) => ({
          sid: n.sid,
          phoneNumber: n.phoneNumber,
          friendlyName: n.friendlyName,
          voiceUrl: n.voiceUrl,
        })),
      );
    });

    it('yields one empty page for an empty account', async () => {
      const customer = sandbox.createAccount();

      await expect(allPages(providerFor({ [ORG]: customer }))).resolves.toEqual([[]]);
    });

    it('fails mid-way when a later page fails, after yielding the pages before it', async () => {
      sandbox.seedOwnedNumbers(1_500);
      const seen: number[] = [];
      sandbox.faults.failNext('listIncomingNumbers', { status: 500 });
      await allPages().catch(() => undefined); // the first page takes the first fault
      sandbox.faults.reset();

      // Let the first page through, then fail the second.
      const iterate = async () => {
        for await (const page of twilio.incomingNumberPages(ORG)) {
          seen.push(page.length);
          sandbox.faults.failNext('listIncomingNumbers', { status: 503 });
        }
      };

      await expect(iterate()).rejects.toMatchObject({
        constructor: TelephonyProviderUnavailable,
        params: { operation: 'listIncomingNumbers', providerStatus: 503, providerCode: 20503 },
      });
      expect(seen).toEqual([1000]);
    });
  });

  describe('incomingNumbersWithSids', () => {
    const sidsOf = (numbers: { sid: string }[]) => numbers.map((n) => TwilioNumberSid.parse(n.sid));
    async function withSids(sids: TwilioNumberSid[], provider = twilio) {
      const pages: string[][] = [];
      for await (const page of provider.incomingNumbersWithSids(ORG, sids)) {
        pages.push(page.map((n) => n.sid.value));
      }
      return pages;
    }
    const pageTokens = () =>
      sandbox.requests.map((r) => new URLSearchParams(r.query).get('PageToken'));

    it('reads the account from the start only until every asked number is found', async () => {
      sandbox.seedOwnedNumbers(2_500);
      const owned = sandbox.ownedNumbers();
      const asked = [owned[1_200]!, owned[3]!];

      const pages = await withSids(sidsOf(asked));

      expect(pages).toEqual([[owned[3]!.sid], [owned[1_200]!.sid]]);
      expect(sandbox.countOf('listIncomingNumbers')).toBe(2);
    });

    it('after a full read of the account, fetches only the pages holding the numbers', async () => {
      sandbox.seedOwnedNumbers(3_500);
      const owned = sandbox.ownedNumbers();
      await allPages();
      sandbox.reset();

      const pages = await withSids(sidsOf([owned[3_400]!, owned[2_100]!, owned[2_999]!]));

      expect(pages).toEqual([[owned[2_100]!.sid, owned[2_999]!.sid], [owned[3_400]!.sid]]);
      // Straight to the third and fourth pages, through the cursors Twilio gave while listing.
      expect(pageTokens()).toEqual([`PA${owned[1_999]!.sid}`, `PA${owned[2_999]!.sid}`]);
    });

    it('reads the account again for a number that is not where it was seen', async () => {
      sandbox.seedOwnedNumbers(2_500);
      await allPages();
      const released = sandbox.ownedNumbers()[1_500]!;
      await twilio.release(ORG, TwilioNumberSid.parse(released.sid));
      const bought = await twilio.purchase(ORG, nextAvailable(), { friendlyName: null });
      sandbox.reset();

      const pages = await withSids([TwilioNumberSid.parse(released.sid), bought.sid]);

      // The indexed page no longer has the released number; the new one was never indexed.
      expect(pages).toEqual([[bought.sid.value]]);
      expect(sandbox.countOf('listIncomingNumbers')).toBe(1 + 3);
    });

    it('reads the account again when Twilio refuses a remembered page', async () => {
      sandbox.seedOwnedNumbers(1_500);
      const owned = sandbox.ownedNumbers();
      await allPages();
      sandbox.reset();
      sandbox.faults.failNext('listIncomingNumbers', { status: 400, code: 20001 });

      const pages = await withSids(sidsOf([owned[1_100]!]));

      expect(pages).toEqual([[owned[1_100]!.sid]]);
      expect(pageTokens()).toEqual([`PA${owned[999]!.sid}`, null, `PA${owned[999]!.sid}`]);
    });

    it("keeps an account's pages apart from another account's", async () => {
      const customer = sandbox.createAccount();
      sandbox.seedOwnedNumbers(1_500, { accountSid: customer.accountSid });
      sandbox.seedOwnedNumbers(1_500);
      const theirs = providerFor({ [ORG]: customer });
      await allPages(theirs);
      await allPages();
      const customerNumber = sandbox.ownedNumbers(customer.accountSid)[1_200]!;

      // The platform account does not have the customer's number, whatever was seen of it.
      await expect(withSids(sidsOf([customerNumber]))).resolves.toEqual([]);
      await expect(withSids(sidsOf([customerNumber]), theirs)).resolves.toEqual([
        [customerNumber.sid],
      ]);
    });

    it('yields nothing for sids the account does not have, after reading it once', async () => {
      sandbox.seedOwnedNumbers(1_500);

      await expect(withSids([TwilioNumberSid.parse(`PN${'0'.repeat(32)}`)])).resolves.toEqual([]);
      expect(sandbox.countOf('listIncomingNumbers')).toBe(2);
    });
  });

  describe('fetchIncomingNumber and findIncomingNumber', () => {
    it('fetches a number by sid, and answers null for a sid not in the account', async () => {
      const owned = sandbox.ownedNumbers()[0]!;

      const found = await twilio.fetchIncomingNumber(ORG, TwilioNumberSid.parse(owned.sid));
      const missing = await twilio.fetchIncomingNumber(
        ORG,
        TwilioNumberSid.parse('PN' + '0'.repeat(32)),
      );

      expect(plain(found!)).toEqual({
        sid: owned.sid,
        phoneNumber: owned.phoneNumber,
        friendlyName: owned.friendlyName,
        voiceUrl: owned.voiceUrl,
      });
      expect(missing).toBeNull();
    });

    it("answers null for a number of another account (Twilio's 404)", async () => {
      const customer = sandbox.createAccount();
      const theirs = sandbox.ownNumber({ phoneNumber: '+16505550199' }, customer.accountSid);

      await expect(
        twilio.fetchIncomingNumber(ORG, TwilioNumberSid.parse(theirs.sid)),
      ).resolves.toBeNull();
    });

    it('finds a number by its E.164 number, exactly, and answers null when absent', async () => {
      const owned = sandbox.ownedNumbers()[1]!;

      const found = await twilio.findIncomingNumber(ORG, E164Number.parse(owned.phoneNumber));
      const absent = await twilio.findIncomingNumber(ORG, E164Number.parse('+14155559876'));

      expect(found?.sid.value).toBe(owned.sid);
      expect(absent).toBeNull();
      expect(new URLSearchParams(sandbox.requests[0]!.query).get('PhoneNumber')).toBe(
        owned.phoneNumber,
      );
    });

    // Twilio's PhoneNumber filter matches partially: a PBX main number matches its whole DID
    // block, so the exact number can be past the first page of matches.
    it('finds a number whose digits are inside more than 20 other numbers of the account', async () => {
      for (let i = 0; i < 25; i++) {
        sandbox.ownNumber({ phoneNumber: `+4930123456${String(i).padStart(2, '0')}` });
      }
      const main = sandbox.ownNumber({ phoneNumber: '+4930123456' });

      const found = await twilio.findIncomingNumber(ORG, E164Number.parse(main.phoneNumber));

      expect(found?.sid.value).toBe(main.sid);
    });
  });

  describe('updateVoiceUrl', () => {
    it('sets the voice URL with POST and changes nothing else (SMS settings untouched)', async () => {
      const before = sandbox.ownedNumbers().find((n) => n.smsUrl && n.voiceUrl)!;

      const updated = await twilio.updateVoiceUrl(
        ORG,
        TwilioNumberSid.parse(before.sid),
        VoiceUrl.parse(LOQUENT_VOICE_URL),
      );

      expect(plain(updated)).toMatchObject({ sid: before.sid, voiceUrl: LOQUENT_VOICE_URL });
      expect(lastRequest().form).toEqual({ VoiceUrl: LOQUENT_VOICE_URL, VoiceMethod: 'POST' });
      expect(ownedBy(before.phoneNumber)).toEqual({
        ...before,
        voiceUrl: LOQUENT_VOICE_URL,
        voiceMethod: 'POST',
        dateUpdated: expect.any(Date),
      });
    });

    it('moves a GET voice webhook to POST', async () => {
      const getter = sandbox.ownedNumbers().find((n) => n.voiceMethod === 'GET')!;

      await twilio.updateVoiceUrl(
        ORG,
        TwilioNumberSid.parse(getter.sid),
        VoiceUrl.parse(LOQUENT_VOICE_URL),
      );

      expect(ownedBy(getter.phoneNumber)?.voiceMethod).toBe('POST');
    });

    it('clears the voice URL with null, still leaving SMS alone', async () => {
      const before = sandbox.ownedNumbers().find((n) => n.smsUrl && n.voiceUrl)!;

      const cleared = await twilio.updateVoiceUrl(ORG, TwilioNumberSid.parse(before.sid), null);

      expect(cleared.voiceUrl).toBeNull();
      expect(ownedBy(before.phoneNumber)).toMatchObject({
        voiceUrl: null,
        smsUrl: before.smsUrl,
        smsMethod: before.smsMethod,
      });
    });

    it('throws NumberNotInProviderAccount for a sid the account does not have', async () => {
      const sid = TwilioNumberSid.parse('PN' + 'e'.repeat(32));

      await expect(twilio.updateVoiceUrl(ORG, sid, null)).rejects.toEqual(
        expect.objectContaining({
          constructor: NumberNotInProviderAccount,
          params: { twilioSid: sid.value },
        }),
      );
    });
  });

  describe('release', () => {
    it('gives the number back: it leaves the account and is for sale again', async () => {
      const owned = sandbox.ownedNumbers().find((n) => n.phoneNumber === '+14155550102')!;

      await twilio.release(ORG, TwilioNumberSid.parse(owned.sid));

      expect(ownedBy(owned.phoneNumber)).toBeUndefined();
      expect(sandbox.availableNumbers('415')).toContain(owned.phoneNumber);
      expect(lastRequest()).toMatchObject({ method: 'DELETE', status: 204 });
    });

    it('throws NumberNotInProviderAccount for a number already released', async () => {
      const sid = TwilioNumberSid.parse(sandbox.ownedNumbers()[0]!.sid);
      await twilio.release(ORG, sid);

      await expect(twilio.release(ORG, sid)).rejects.toThrow(NumberNotInProviderAccount);
    });
  });

  describe('failures', () => {
    /** Each port operation, the sandbox operation it calls, and the name its errors carry. */
    const operations: [
      string,
      SandboxOperation,
      (provider: TwilioTelephonyProvider) => Promise<unknown>,
    ][] = [
      [
        'searchAvailableNumbers',
        'searchAvailableNumbers',
        (p) => p.searchAvailableNumbers(ORG, AvailableNumberSearch.parse({ areaCode: '415' })),
      ],
      ['listAvailableCountries', 'listAvailableCountries', (p) => p.listAvailableCountries(ORG)],
      [
        'purchase',
        'purchaseNumber',
        (p) => p.purchase(ORG, nextAvailable(), { friendlyName: null }),
      ],
      ['listIncomingNumbers', 'listIncomingNumbers', (p) => allPages(p)],
      ['fetchIncomingNumber', 'fetchIncomingNumber', (p) => p.fetchIncomingNumber(ORG, firstSid())],
      [
        'findIncomingNumber',
        'listIncomingNumbers',
        (p) => p.findIncomingNumber(ORG, E164Number.parse('+14155550100')),
      ],
      [
        'updateVoiceUrl',
        'updateIncomingNumber',
        (p) => p.updateVoiceUrl(ORG, firstSid(), VoiceUrl.parse(LOQUENT_VOICE_URL)),
      ],
      ['release', 'releaseIncomingNumber', (p) => p.release(ORG, firstSid())],
    ];
    const firstSid = () => TwilioNumberSid.parse(sandbox.ownedNumbers()[0]!.sid);

    it.each(operations)(
      '%s: a refused token is TelephonyProviderAuthenticationFailed',
      async (name, _op, run) => {
        sandbox.setAuthToken(sandbox.accountSid, 'rotated');

        await expect(run(twilio)).rejects.toEqual(
          expect.objectContaining({
            constructor: TelephonyProviderAuthenticationFailed,
            params: { operation: name, providerStatus: 401, providerCode: 20003 },
          }),
        );
      },
    );

    it.each(operations)(
      '%s: a Twilio 500 is TelephonyProviderUnavailable with its status and code',
      async (name, op, run) => {
        sandbox.faults.failNext(op, { status: 500, code: 20500, message: 'Internal Server Error' });

        await expect(run(twilio)).rejects.toEqual(
          expect.objectContaining({
            constructor: TelephonyProviderUnavailable,
            params: { operation: name, providerStatus: 500, providerCode: 20500 },
          }),
        );
      },
    );

    it.each(operations)(
      '%s: a 429 with Retry-After is TelephonyProviderRateLimited',
      async (name, op, run) => {
        sandbox.faults.failNext(op, {
          status: 429,
          code: 20429,
          message: 'Too Many Requests',
          retryAfterSeconds: 7,
        });

        await expect(run(twilio)).rejects.toEqual(
          expect.objectContaining({
            constructor: TelephonyProviderRateLimited,
            params: {
              operation: name,
              providerStatus: 429,
              providerCode: 20429,
              retryAfterSeconds: 7,
            },
          }),
        );
      },
    );

    it.each(operations)(
      '%s: a dropped connection is TelephonyProviderUnavailable with no status',
      async (name, op, run) => {
        sandbox.faults.dropNext(op);

        await expect(run(twilio)).rejects.toEqual(
          expect.objectContaining({
            constructor: TelephonyProviderUnavailable,
            params: { operation: name, providerStatus: null, providerCode: null },
            message: expect.stringMatching(/could not be reached/),
          }),
        );
      },
    );

    it.each(operations)(
      '%s: no answer within the timeout is TelephonyProviderUnavailable',
      async (name, op, run) => {
        sandbox.faults.delayNext(op, { ms: 1_000 });

        await expect(run(providerFor({}, 200))).rejects.toEqual(
          expect.objectContaining({
            constructor: TelephonyProviderUnavailable,
            params: { operation: name, providerStatus: null, providerCode: null },
            message: expect.stringMatching(/did not answer in time/),
          }),
        );
      },
    );

    it("passes another 4xx on as TelephonyProviderRejected with Twilio's message", async () => {
      sandbox.faults.failNext('purchaseNumber', {
        status: 400,
        code: 21404,
        message: 'Trial accounts cannot buy this number',
      });

      await expect(twilio.purchase(ORG, nextAvailable(), { friendlyName: null })).rejects.toEqual(
        expect.objectContaining({
          constructor: TelephonyProviderRejected,
          params: {
            operation: 'purchase',
            providerStatus: 400,
            providerCode: 21404,
            providerMessage: 'Trial accounts cannot buy this number',
          },
        }),
      );
    });

    it('reports a purchase whose answer was lost as unavailable, though Twilio did buy the number', async () => {
      const number = nextAvailable();
      sandbox.faults.dropNext('purchaseNumber', { phase: 'after' });

      await expect(twilio.purchase(ORG, number, { friendlyName: null })).rejects.toThrow(
        TelephonyProviderUnavailable,
      );

      expect(ownedBy(number.value)).toBeDefined();
      expect(sandbox.countOf('purchaseNumber')).toBe(1);
    });

    it('never retries a purchase on its own, whatever the failure', async () => {
      const retrying = providerFor({}, 5_000, { attempts: 3, initialDelayMs: 1, maxDelayMs: 5 });
      sandbox.faults.failNext('purchaseNumber', { status: 429, retryAfterSeconds: 0 });
      await retrying.purchase(ORG, nextAvailable(), { friendlyName: null }).catch(() => undefined);
      sandbox.faults.failNext('purchaseNumber', { status: 503 });
      await retrying.purchase(ORG, nextAvailable(), { friendlyName: null }).catch(() => undefined);
      sandbox.faults.dropNext('purchaseNumber');
      await retrying.purchase(ORG, nextAvailable(), { friendlyName: null }).catch(() => undefined);

      expect(sandbox.countOf('purchaseNumber')).toBe(3);
    });
  });

  describe('retries', () => {
    const retrying = () => providerFor({}, 300, { attempts: 3, initialDelayMs: 1, maxDelayMs: 20 });
    const repeatable: [
      string,
      SandboxOperation,
      (provider: TwilioTelephonyProvider) => Promise<unknown>,
    ][] = [
      [
        'searchAvailableNumbers',
        'searchAvailableNumbers',
        (p) => p.searchAvailableNumbers(ORG, AvailableNumberSearch.parse({ areaCode: '415' })),
      ],
      ['listAvailableCountries', 'listAvailableCountries', (p) => p.listAvailableCountries(ORG)],
      ['listIncomingNumbers', 'listIncomingNumbers', (p) => allPages(p)],
      [
        'fetchIncomingNumber',
        'fetchIncomingNumber',
        (p) => p.fetchIncomingNumber(ORG, TwilioNumberSid.parse(sandbox.ownedNumbers()[0]!.sid)),
      ],
      [
        'findIncomingNumber',
        'listIncomingNumbers',
        (p) => p.findIncomingNumber(ORG, E164Number.parse('+14155550100')),
      ],
      [
        'updateVoiceUrl',
        'updateIncomingNumber',
        (p) =>
          p.updateVoiceUrl(
            ORG,
            TwilioNumberSid.parse(sandbox.ownedNumbers()[0]!.sid),
            VoiceUrl.parse(LOQUENT_VOICE_URL),
          ),
      ],
    ];

    it.each(repeatable)(
      '%s rides out a 500, a 429 and a dropped connection',
      async (_, op, run) => {
        sandbox.faults.failNext(op, { status: 500, code: 20500, message: 'Internal Server Error' });
        sandbox.faults.failNext(op, {
          status: 429,
          code: 20429,
          message: 'Too Many Requests',
          retryAfterSeconds: 0,
        });

        await expect(run(retrying())).resolves.toBeDefined();
        expect(sandbox.countOf(op)).toBe(3);

        sandbox.faults.dropNext(op);
        await expect(run(retrying())).resolves.toBeDefined();
      },
    );

    it.each(repeatable)('%s rides out a timeout', async (_, op, run) => {
      sandbox.faults.delayNext(op, { ms: 1_000 });

      await expect(run(retrying())).resolves.toBeDefined();
    });

    it.each(repeatable)('%s gives up after three attempts', async (_, op, run) => {
      sandbox.faults.failNext(op, { status: 503, times: 3 });

      await expect(run(retrying())).rejects.toThrow(TelephonyProviderUnavailable);
      expect(sandbox.countOf(op)).toBe(3);
    });

    it('does not retry what Twilio refused, or a 429 asking to wait longer than a request should', async () => {
      sandbox.faults.failNext('searchAvailableNumbers', {
        status: 429,
        code: 20429,
        message: 'Too Many Requests',
        retryAfterSeconds: 30,
      });
      await expect(
        retrying().searchAvailableNumbers(ORG, AvailableNumberSearch.parse({ areaCode: '415' })),
      ).rejects.toEqual(
        expect.objectContaining({
          constructor: TelephonyProviderRateLimited,
          params: expect.objectContaining({ retryAfterSeconds: 30 }),
        }),
      );
      sandbox.faults.failNext('updateIncomingNumber', {
        status: 400,
        code: 21502,
        message: 'Invalid Url',
      });
      await expect(
        retrying().updateVoiceUrl(
          ORG,
          TwilioNumberSid.parse(sandbox.ownedNumbers()[0]!.sid),
          VoiceUrl.parse(LOQUENT_VOICE_URL),
        ),
      ).rejects.toThrow(TelephonyProviderRejected);

      expect(sandbox.countOf('searchAvailableNumbers')).toBe(1);
      expect(sandbox.countOf('updateIncomingNumber')).toBe(1);
    });
  });
});
