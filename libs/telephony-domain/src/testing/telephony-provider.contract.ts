import {
  ADDRESS_REQUIREMENTS,
  AvailableNumberCriteria,
  AvailableNumberSearch,
  NUMBER_TYPES,
  NumberType,
} from '../available-numbers/available-number-search';
import { AddressSid } from '../available-numbers/address-sid.value-object';
import { BundleSid } from '../available-numbers/bundle-sid.value-object';
import { CountryCode } from '../available-numbers/country-code.value-object';
import { E164Number } from '../phone-number/e164-number.value-object';
import {
  InvalidPhoneNumber,
  NumberNotInProviderAccount,
} from '../phone-number/phone-number.errors';
import { TwilioNumberSid } from '../phone-number/twilio-number-sid.value-object';
import { VoiceUrl } from '../phone-number/voice-url.value-object';
import {
  AddressRequired,
  BundleRequired,
  NumberNotAvailable,
} from '../ports/telephony-provider.errors';
import {
  AvailableNumber,
  IncomingNumber,
  PurchaseOptions,
  TelephonyProvider,
} from '../ports/telephony-provider.port';
import { ContractTestFunctions } from './contract-test';

/**
 * Where the provider's inventory has what the contract needs. The provider must sell, in the
 * account under test: more than 20 US local numbers in `usAreaCode`, with locations; US local
 * numbers in at least two localities, regions and postal codes among the first 50 of a search
 * with no area code, some of them lacking a capability, some new to the platform (beta), some
 * more than 30 miles from the `usAreaCode` numbers and some within 30 miles of them; US
 * toll-free numbers; in `addressMixed`, numbers needing an address and numbers needing none; in
 * `bundleRequired`, numbers needing a local address and an approved bundle.
 */
export interface TelephonyProviderContractInventory {
  usAreaCode: string;
  /** An area code with nothing for sale. */
  emptyAreaCode: string;
  addressMixed: { country: string; type: NumberType };
  bundleRequired: { country: string; type: NumberType };
  /** A country the provider sells no numbers in. */
  countryNotSold: string;
  /** A type the provider does not sell in a country it sells others in. */
  typeNotSold: { country: string; type: NumberType };
  /** A number the provider refuses as invalid (Twilio's magic +15005550001). */
  invalidNumber: string;
  /** A number the provider says is not for sale (Twilio's magic +15005550000). */
  unavailableNumber: string;
}

export interface TelephonyProviderContractContext {
  provider: TelephonyProvider;
  /** The organization whose account the tests use; the account starts with no numbers. */
  organizationId: string;
  /** The most numbers one page of incomingNumberPages holds. */
  pageSize: number;
  /** Puts a number in the account as if bought elsewhere; returns its sid. */
  ownNumber(input: {
    phoneNumber: string;
    friendlyName?: string;
    voiceUrl?: string;
  }): Promise<string>;
  /** Puts this many more numbers in the account at once, after those it has. */
  ownNumbers(count: number): Promise<void>;
  /** An Address in the account, in this country; returns its sid. */
  addAddress(isoCountry: string): Promise<string>;
  /** An approved regulatory Bundle in the account, for numbers of this country and type. */
  addBundle(isoCountry: string, type: NumberType): Promise<string>;
  inventory: TelephonyProviderContractInventory;
}

const VOICE_URL = 'https://contract.loquent.test/twilio/voice';
const NEAR_MILES = 30;
/** Slack for rounding in the provider's coordinates and distance. */
const MILES_SLACK = 1;

/**
 * The behaviour every TelephonyProvider must have, run against the in-memory fake and against
 * the Twilio adapter on the Twilio sandbox so that neither drifts from the other. `test` holds the
 * runner's functions (`{ describe, it, beforeEach, afterEach, expect }`); `setUp` runs before each
 * test.
 */
export function describeTelephonyProviderContract(
  test: ContractTestFunctions,
  adapterName: string,
  setUp: () => Promise<TelephonyProviderContractContext>,
): void {
  const { describe, it, beforeEach, expect } = test;
  describe(`${adapterName} honours the TelephonyProvider contract`, () => {
    let context: TelephonyProviderContractContext;
    let provider: TelephonyProvider;
    let org: string;
    let inventory: TelephonyProviderContractInventory;

    beforeEach(async () => {
      context = await setUp();
      ({ provider, organizationId: org, inventory } = context);
    });

    const search = (criteria: AvailableNumberCriteria) =>
      provider.searchAvailableNumbers(org, AvailableNumberSearch.parse(criteria));
    async function found(criteria: AvailableNumberCriteria): Promise<AvailableNumber[]> {
      const result = await search(criteria);
      expect(result.outcome).toBe('found');
      return result.numbers;
    }
    const numbersOf = (numbers: readonly { phoneNumber: E164Number }[]) =>
      numbers.map((n) => n.phoneNumber.value);
    const buy = (number: string, options: Partial<PurchaseOptions> = {}) =>
      provider.purchase(org, E164Number.parse(number), { friendlyName: null, ...options });
    async function allPages(): Promise<IncomingNumber[][]> {
      const pages: IncomingNumber[][] = [];
      for await (const page of provider.incomingNumberPages(org)) pages.push(page);
      return pages;
    }
    const plain = (n: IncomingNumber) => ({
      sid: n.sid.value,
      phoneNumber: n.phoneNumber.value,
      friendlyName: n.friendlyName,
      voiceUrl: n.voiceUrl?.value ?? null,
    });
    /** A number found by this search, which `accept` likes. */
    async function aNumber(
      criteria: AvailableNumberCriteria,
      accept: (n: AvailableNumber) => boolean = () => true,
    ): Promise<AvailableNumber> {
      const number = (await found({ limit: 50, ...criteria })).find(accept);
      if (!number) throw new Error(`The inventory has no such number: ${JSON.stringify(criteria)}`);
      return number;
    }

    describe('searchAvailableNumbers', () => {
      it('finds local numbers in an area code, with where they are, what they can do and need', async () => {
        const numbers = await found({ areaCode: inventory.usAreaCode });

        expect(numbers.length).toBeGreaterThan(0);
        for (const number of numbers) {
          expect(number.phoneNumber.value.startsWith(`+1${inventory.usAreaCode}`)).toBe(true);
          expect(number).toMatchObject({
            isoCountry: 'US',
            type: 'local',
            friendlyName: expect.any(String),
            beta: expect.any(Boolean),
            capabilities: {
              voice: expect.any(Boolean),
              sms: expect.any(Boolean),
              mms: expect.any(Boolean),
            },
          });
          expect(ADDRESS_REQUIREMENTS).toContain(number.addressRequirements);
        }
        expect(numbers[0]).toMatchObject({
          locality: expect.any(String),
          region: expect.any(String),
          postalCode: expect.any(String),
          latitude: expect.any(Number),
          longitude: expect.any(Number),
        });
      });

      it('returns 20 numbers unless told a limit, and never more than the limit', async () => {
        const areaCode = inventory.usAreaCode;

        await expect(found({ areaCode })).resolves.toHaveLength(20);
        await expect(found({ areaCode, limit: 3 })).resolves.toHaveLength(3);
        expect((await found({ areaCode, limit: 50 })).length).toBeGreaterThan(20);
      });

      it('narrows to numbers matching a pattern of digits and * wildcards', async () => {
        const areaCode = inventory.usAreaCode;
        const all = await found({ areaCode, limit: 50 });
        const digits = all[0]!.phoneNumber.value.slice(-4);

        const exact = await found({ areaCode, contains: digits, limit: 50 });
        const wild = await found({ areaCode, contains: `*${digits.slice(1)}`, limit: 50 });

        expect(numbersOf(exact)).toContain(all[0]!.phoneNumber.value);
        expect(exact.every((n) => n.phoneNumber.value.includes(digits))).toBe(true);
        expect(exact.length).toBeLessThanOrEqual(all.length - 1);
        const wildcard = new RegExp(`\\d${digits.slice(1)}`);
        expect(wild.every((n) => wildcard.test(n.phoneNumber.value.slice(2)))).toBe(true);
        expect(wild.length).toBeGreaterThan(0);
      });

      const places = [
        ['in_locality', 'inLocality', 'locality'],
        ['in_region', 'inRegion', 'region'],
        ['in_postal_code', 'inPostalCode', 'postalCode'],
      ] as const;
      for (const [name, criterion, field] of places) {
        it(`narrows to one place with ${name}`, async () => {
          const all = await found({ limit: 50 });
          const place = all.find((n) => n[field] !== null)![field]!;
          const criteria: AvailableNumberCriteria = { limit: 50 };
          criteria[criterion] = place;

          const narrowed = await found(criteria);

          expect(narrowed.length).toBeGreaterThan(0);
          expect(narrowed.every((n) => n[field]?.toLowerCase() === place.toLowerCase())).toBe(true);
          expect(all.some((n) => n[field] !== null && n[field] !== place)).toBe(true);
        });
      }

      it('narrows to numbers within a distance of a number', async () => {
        const reference = await aNumber(
          { areaCode: inventory.usAreaCode },
          (n) => n.latitude !== null,
        );
        const milesFrom = (n: AvailableNumber) => miles(reference, n);

        const near = await found({
          nearNumber: reference.phoneNumber.value,
          distance: NEAR_MILES,
          limit: 50,
        });
        const all = await found({ limit: 50 });

        expect(numbersOf(near)).toContain(reference.phoneNumber.value);
        for (const number of near) {
          expect(milesFrom(number)).toBeLessThanOrEqual(NEAR_MILES + MILES_SLACK);
        }
        expect(
          all.some((n) => n.latitude !== null && milesFrom(n) > NEAR_MILES + MILES_SLACK),
        ).toBe(true);
      });

      it('narrows to numbers with the capabilities asked for', async () => {
        const all = await found({ limit: 50 });
        const lacking = (['voice', 'sms', 'mms'] as const).find((c) =>
          all.some((n) => !n.capabilities[c]),
        )!;

        const capable = await found({ capabilities: { [lacking]: true } as const, limit: 50 });

        expect(lacking).toBeDefined();
        expect(capable.length).toBeGreaterThan(0);
        expect(capable.every((n) => n.capabilities[lacking])).toBe(true);
      });

      it('leaves out numbers new to the platform when beta is false', async () => {
        const all = await found({ limit: 50 });

        const established = await found({ beta: false, limit: 50 });

        expect(all.some((n) => n.beta)).toBe(true);
        expect(established.length).toBeGreaterThan(0);
        expect(established.some((n) => n.beta)).toBe(false);
      });

      it('leaves out numbers that need an address, or a local or foreign one', async () => {
        const { country, type } = inventory.addressMixed;
        const all = await found({ country, type, limit: 50 });

        const none = await found({ country, type, excludeAddressRequired: true, limit: 50 });
        const noLocal = await found({ country, type, excludeAddressRequired: 'local', limit: 50 });
        const noForeign = await found({ country, type, excludeAddressRequired: 'foreign' });

        expect(all.some((n) => n.addressRequirements !== 'none')).toBe(true);
        expect(none.length).toBeGreaterThan(0);
        expect(none.every((n) => n.addressRequirements === 'none')).toBe(true);
        expect(noLocal.some((n) => n.addressRequirements === 'local')).toBe(false);
        expect(noForeign.some((n) => n.addressRequirements === 'foreign')).toBe(false);
      });

      it('finds toll-free numbers, with a pattern too', async () => {
        const tollFree = await found({ type: 'toll_free', limit: 50 });
        const digits = tollFree[0]!.phoneNumber.value.slice(-4);

        const matching = await found({ type: 'toll_free', contains: digits, limit: 50 });

        expect(tollFree.length).toBeGreaterThan(0);
        expect(tollFree.every((n) => n.type === 'toll_free' && n.isoCountry === 'US')).toBe(true);
        expect(matching.length).toBeGreaterThan(0);
        expect(matching.every((n) => n.phoneNumber.value.slice(2).includes(digits))).toBe(true);
      });

      it('finds numbers of another country, in its calling code', async () => {
        const { country, type } = inventory.addressMixed;

        const numbers = await found({ country, type });

        expect(numbers.length).toBeGreaterThan(0);
        const callingCode = CountryCode.parse(country).callingCode;
        for (const number of numbers) {
          expect(number).toMatchObject({ isoCountry: country, type });
          expect(number.phoneNumber.countryCallingCode).toBe(callingCode);
        }
      });

      it('answers an area code with nothing for sale with no numbers', async () => {
        await expect(search({ areaCode: inventory.emptyAreaCode })).resolves.toEqual({
          outcome: 'found',
          numbers: [],
        });
      });

      it('says when it sells no numbers in the country', async () => {
        await expect(search({ country: inventory.countryNotSold })).resolves.toEqual({
          outcome: 'country_not_sold',
          numbers: [],
          country: inventory.countryNotSold,
        });
      });

      it('says when it sells no numbers of the type in the country, and which types it does', async () => {
        const { country, type } = inventory.typeNotSold;

        const result = await search({ country, type });

        const listed = (await provider.listAvailableCountries(org)).find(
          (c) => c.countryCode === country,
        );
        expect(result).toEqual({
          outcome: 'type_not_sold',
          numbers: [],
          country,
          type,
          typesSold: listed?.types,
        });
        expect(listed?.types).not.toContain(type);
      });
    });

    describe('listAvailableCountries', () => {
      it('lists the countries it sells numbers in, with the types each offers', async () => {
        const countries = await provider.listAvailableCountries(org);

        const byCode = new Map(countries.map((c) => [c.countryCode, c]));
        expect(byCode.get('US')).toMatchObject({
          name: expect.any(String),
          beta: expect.any(Boolean),
          types: expect.arrayContaining(['local', 'toll_free']),
        });
        expect(byCode.get(inventory.addressMixed.country)?.types).toContain(
          inventory.addressMixed.type,
        );
        expect(byCode.has(inventory.countryNotSold)).toBe(false);
        for (const country of countries) {
          expect(country.countryCode).toEqual(expect.stringMatching(/^[A-Z]{2}$/));
          expect(country.types.length).toBeGreaterThan(0);
          expect(country.types.every((t) => (NUMBER_TYPES as readonly string[]).includes(t))).toBe(
            true,
          );
        }
      });
    });

    describe('purchase', () => {
      it('buys a number for sale into the account, which then no longer offers it', async () => {
        const { phoneNumber } = await aNumber({ areaCode: inventory.usAreaCode });

        const bought = await buy(phoneNumber.value, { friendlyName: 'Front desk' });

        expect(plain(bought)).toEqual({
          sid: expect.stringMatching(/^PN[0-9a-fA-F]{32}$/),
          phoneNumber: phoneNumber.value,
          friendlyName: 'Front desk',
          voiceUrl: null,
        });
        const fetched = await provider.fetchIncomingNumber(org, bought.sid);
        expect(fetched && plain(fetched)).toEqual(plain(bought));
        const after = await found({ areaCode: inventory.usAreaCode, limit: 50 });
        expect(numbersOf(after)).not.toContain(phoneNumber.value);
      });

      it("gives the number the provider's own name when none is given", async () => {
        const { phoneNumber } = await aNumber({ type: 'toll_free' });

        const bought = await buy(phoneNumber.value);

        expect(bought.friendlyName).toEqual(expect.any(String));
        expect(bought.friendlyName).not.toBe('');
      });

      it('refuses a number not for sale, or bought already, with NumberNotAvailable', async () => {
        const { phoneNumber } = await aNumber({ areaCode: inventory.usAreaCode });
        await buy(phoneNumber.value);

        for (const number of [inventory.unavailableNumber, phoneNumber.value]) {
          await expect(buy(number)).rejects.toEqual(
            expect.objectContaining({
              constructor: NumberNotAvailable,
              params: expect.objectContaining({ operation: 'purchase', number }),
            }),
          );
        }
      });

      it('refuses a number it cannot sell with InvalidPhoneNumber', async () => {
        await expect(buy(inventory.invalidNumber)).rejects.toEqual(
          expect.objectContaining({
            constructor: InvalidPhoneNumber,
            params: { value: inventory.invalidNumber },
          }),
        );
      });

      it('refuses a number needing an address without one, buying nothing, then sells it with one', async () => {
        const { country, type } = inventory.addressMixed;
        const { phoneNumber } = await aNumber(
          { country, type },
          (n) => n.addressRequirements === 'any',
        );

        await expect(buy(phoneNumber.value)).rejects.toEqual(
          expect.objectContaining({
            constructor: AddressRequired,
            params: expect.objectContaining({
              operation: 'purchase',
              number: phoneNumber.value,
              addressSid: null,
              providerCode: expect.any(Number),
            }),
          }),
        );
        await expect(provider.findIncomingNumber(org, phoneNumber)).resolves.toBeNull();
        expect(numbersOf(await found({ country, type, limit: 50 }))).toContain(phoneNumber.value);

        const addressSid = AddressSid.parse(await context.addAddress('US'));
        const bought = await buy(phoneNumber.value, { addressSid });
        expect(bought.phoneNumber.value).toBe(phoneNumber.value);
      });

      it('refuses an address it does not know', async () => {
        const { country, type } = inventory.addressMixed;
        const { phoneNumber } = await aNumber(
          { country, type },
          (n) => n.addressRequirements !== 'none',
        );
        const unknown = AddressSid.parse('AD' + 'f'.repeat(32));

        await expect(buy(phoneNumber.value, { addressSid: unknown })).rejects.toEqual(
          expect.objectContaining({
            constructor: AddressRequired,
            params: expect.objectContaining({ addressSid: unknown.value }),
          }),
        );
      });

      it('needs both a local address and an approved bundle where the number asks for them', async () => {
        const { country, type } = inventory.bundleRequired;
        const { phoneNumber } = await aNumber(
          { country, type },
          (n) => n.addressRequirements === 'local',
        );
        const local = AddressSid.parse(await context.addAddress(country));
        const foreign = AddressSid.parse(await context.addAddress(country === 'US' ? 'CA' : 'US'));
        const bundle = BundleSid.parse(await context.addBundle(country, type));
        const otherType = NUMBER_TYPES.find((t) => t !== type)!;
        const wrongBundle = BundleSid.parse(await context.addBundle(country, otherType));
        const refusal = (constructor: unknown, params: object) =>
          expect.objectContaining({
            constructor,
            params: expect.objectContaining({ number: phoneNumber.value, ...params }),
          });

        await expect(
          buy(phoneNumber.value, { addressSid: foreign, bundleSid: bundle }),
        ).rejects.toEqual(refusal(AddressRequired, { addressSid: foreign.value }));
        await expect(buy(phoneNumber.value, { addressSid: local })).rejects.toEqual(
          refusal(BundleRequired, { bundleSid: null }),
        );
        await expect(
          buy(phoneNumber.value, { addressSid: local, bundleSid: wrongBundle }),
        ).rejects.toEqual(refusal(BundleRequired, { bundleSid: wrongBundle.value }));
        await expect(provider.findIncomingNumber(org, phoneNumber)).resolves.toBeNull();

        const bought = await buy(phoneNumber.value, { addressSid: local, bundleSid: bundle });
        expect(bought.phoneNumber.value).toBe(phoneNumber.value);
      });
    });

    describe('incomingNumberPages', () => {
      it('yields no numbers for an empty account', async () => {
        expect((await allPages()).flat()).toEqual([]);
      });

      it('yields every number once, a page at a time, in the order they came', async () => {
        const { pageSize } = context;
        await context.ownNumbers(2 * pageSize + 1);

        const pages = await allPages();

        expect(pages.map((page) => page.length)).toEqual([pageSize, pageSize, 1]);
        const sids = pages.flat().map((n) => n.sid.value);
        expect(new Set(sids).size).toBe(2 * pageSize + 1);
      });

      it('gives each number its friendly name and voice URL, or null', async () => {
        const named = await context.ownNumber({
          phoneNumber: '+14155559001',
          friendlyName: 'Main line',
          voiceUrl: VOICE_URL,
        });
        const bare = await context.ownNumber({ phoneNumber: '+14155559002' });

        const numbers = (await allPages()).flat().map(plain);

        expect(numbers).toEqual(
          expect.arrayContaining([
            {
              sid: named,
              phoneNumber: '+14155559001',
              friendlyName: 'Main line',
              voiceUrl: VOICE_URL,
            },
          ]),
        );
        const other = numbers.find((n) => n.sid === bare)!;
        expect(other).toMatchObject({ phoneNumber: '+14155559002', voiceUrl: null });
      });
    });

    describe('incomingNumbersWithSids', () => {
      it('yields exactly the numbers asked for that the account has, across pages', async () => {
        await context.ownNumbers(2 * context.pageSize + 1);
        const everything = (await allPages()).flat();
        const first = everything[0]!.sid;
        const last = everything[everything.length - 1]!.sid;
        const missing = TwilioNumberSid.parse('PN' + 'e'.repeat(32));

        const batches: IncomingNumber[][] = [];
        for await (const batch of provider.incomingNumbersWithSids(org, [last, missing, first])) {
          batches.push(batch);
        }

        expect(
          batches
            .flat()
            .map((n) => n.sid.value)
            .sort(),
        ).toEqual([first.value, last.value].sort());
      });
    });

    describe('fetchIncomingNumber and findIncomingNumber', () => {
      it('fetch returns the number with its sid, and null for a sid the account does not have', async () => {
        const sid = await context.ownNumber({ phoneNumber: '+14155559003', voiceUrl: VOICE_URL });

        const fetched = await provider.fetchIncomingNumber(org, TwilioNumberSid.parse(sid));

        expect(fetched && plain(fetched)).toMatchObject({
          sid,
          phoneNumber: '+14155559003',
          voiceUrl: VOICE_URL,
        });
        await expect(
          provider.fetchIncomingNumber(org, TwilioNumberSid.parse('PN' + '0'.repeat(32))),
        ).resolves.toBeNull();
      });

      it('find returns the number with exactly these digits, and null when there is none', async () => {
        for (let i = 0; i < 3; i++) {
          await context.ownNumber({ phoneNumber: `+49301234560${i}` });
        }
        const main = await context.ownNumber({ phoneNumber: '+4930123456' });

        const foundNumber = await provider.findIncomingNumber(org, E164Number.parse('+4930123456'));

        expect(foundNumber?.sid.value).toBe(main);
        await expect(
          provider.findIncomingNumber(org, E164Number.parse('+14155559099')),
        ).resolves.toBeNull();
      });
    });

    describe('updateVoiceUrl', () => {
      it('sets the voice URL, then clears it with null, leaving the name alone', async () => {
        const sid = TwilioNumberSid.parse(
          await context.ownNumber({ phoneNumber: '+14155559004', friendlyName: 'Desk' }),
        );

        const set = await provider.updateVoiceUrl(org, sid, VoiceUrl.parse(VOICE_URL));
        const afterSet = await provider.fetchIncomingNumber(org, sid);
        const cleared = await provider.updateVoiceUrl(org, sid, null);
        const afterClear = await provider.fetchIncomingNumber(org, sid);

        expect(plain(set)).toMatchObject({ voiceUrl: VOICE_URL, friendlyName: 'Desk' });
        expect(afterSet?.voiceUrl?.value).toBe(VOICE_URL);
        expect(cleared.voiceUrl).toBeNull();
        expect(afterClear && plain(afterClear)).toMatchObject({
          voiceUrl: null,
          friendlyName: 'Desk',
        });
      });

      it('sets the fallback URL only when asked, and clears it with null', async () => {
        const sid = TwilioNumberSid.parse(
          await context.ownNumber({ phoneNumber: '+14155559014', friendlyName: 'Desk' }),
        );
        const fallback = VoiceUrl.parse('https://static.loquent.test/fallback.xml');

        const set = await provider.updateVoiceUrl(org, sid, VoiceUrl.parse(VOICE_URL), {
          voiceFallbackUrl: fallback,
        });
        const kept = await provider.updateVoiceUrl(org, sid, VoiceUrl.parse(VOICE_URL));
        const afterKept = await provider.fetchIncomingNumber(org, sid);
        const cleared = await provider.updateVoiceUrl(org, sid, VoiceUrl.parse(VOICE_URL), {
          voiceFallbackUrl: null,
        });

        expect(set.voiceFallbackUrl?.value).toBe(fallback.value);
        expect(kept.voiceFallbackUrl?.value).toBe(fallback.value);
        expect(afterKept?.voiceFallbackUrl?.value).toBe(fallback.value);
        expect(cleared.voiceFallbackUrl ?? null).toBeNull();
      });

      it('throws NumberNotInProviderAccount for a sid the account does not have', async () => {
        const sid = TwilioNumberSid.parse('PN' + 'd'.repeat(32));

        await expect(provider.updateVoiceUrl(org, sid, null)).rejects.toEqual(
          expect.objectContaining({
            constructor: NumberNotInProviderAccount,
            params: { twilioSid: sid.value },
          }),
        );
      });
    });

    describe('release', () => {
      it('gives the number back: the account no longer has it', async () => {
        const sid = TwilioNumberSid.parse(await context.ownNumber({ phoneNumber: '+14155559005' }));

        await provider.release(org, sid);

        await expect(provider.fetchIncomingNumber(org, sid)).resolves.toBeNull();
        await expect(
          provider.findIncomingNumber(org, E164Number.parse('+14155559005')),
        ).resolves.toBeNull();
        expect((await allPages()).flat()).toEqual([]);
      });

      it('throws NumberNotInProviderAccount for a number released already, or never there', async () => {
        const sid = TwilioNumberSid.parse(await context.ownNumber({ phoneNumber: '+14155559006' }));
        await provider.release(org, sid);

        for (const gone of [sid, TwilioNumberSid.parse('PN' + 'c'.repeat(32))]) {
          await expect(provider.release(org, gone)).rejects.toEqual(
            expect.objectContaining({
              constructor: NumberNotInProviderAccount,
              params: { twilioSid: gone.value },
            }),
          );
        }
      });
    });
  });
}

/** Great-circle miles between two numbers' locations. */
function miles(
  a: { latitude: number | null; longitude: number | null },
  b: { latitude: number | null; longitude: number | null },
): number {
  if (a.latitude === null || a.longitude === null || b.latitude === null || b.longitude === null) {
    return Number.POSITIVE_INFINITY;
  }
  const radians = (degrees: number) => (degrees * Math.PI) / 180;
  const h =
    Math.sin(radians(b.latitude - a.latitude) / 2) ** 2 +
    Math.cos(radians(a.latitude)) *
      Math.cos(radians(b.latitude)) *
      Math.sin(radians(b.longitude - a.longitude) / 2) ** 2;
  return 2 * 3958.8 * Math.asin(Math.sqrt(h));
}
