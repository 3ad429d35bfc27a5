import { getCountries, getCountryCallingCode, parsePhoneNumberFromString } from 'libphonenumber-js';
import {
  AddressRequirement,
  AvailableNumberSearch,
  NUMBER_TYPES,
  NumberType,
} from '../available-numbers/available-number-search';
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
  AvailableCountry,
  AvailableNumber,
  AvailableNumbersResult,
  IncomingNumber,
  NumberCapabilities,
  PurchaseOptions,
  TelephonyProvider,
} from '../ports/telephony-provider.port';
import { SAMPLE_COUNTRIES, SAMPLE_OFFERS } from './sample-inventory';

export type TelephonyOperation =
  | 'searchAvailableNumbers'
  | 'listAvailableCountries'
  | 'purchase'
  | 'listIncomingNumbers'
  | 'fetchIncomingNumber'
  | 'findIncomingNumber'
  | 'updateVoiceUrl'
  | 'release';

/** Operations that change something in the account. */
export const MUTATING_TELEPHONY_OPERATIONS: readonly TelephonyOperation[] = [
  'purchase',
  'updateVoiceUrl',
  'release',
];

export interface TelephonyCall {
  operation: TelephonyOperation;
  organizationId: string;
  account: string;
}

interface OwnedNumber {
  sid: TwilioNumberSid;
  phoneNumber: E164Number;
  friendlyName: string | null;
  voiceUrl: VoiceUrl | null;
  voiceFallbackUrl?: VoiceUrl | null;
}

interface OfferedNumber {
  phoneNumber: E164Number;
  /** The voice URL the provider gives the number when it is bought. */
  voiceUrl: VoiceUrl | null;
  isoCountry: string;
  type: NumberType;
  locality: string | null;
  region: string | null;
  postalCode: string | null;
  rateCenter: string | null;
  latitude: number | null;
  longitude: number | null;
  beta: boolean;
  addressRequirements: AddressRequirement;
  /** Bought only with an approved bundle of its country and type. */
  bundleRequired: boolean;
  capabilities: NumberCapabilities;
}

/** A number to put up for sale: its E.164 number alone, or with any of its attributes. */
export type OfferSpec =
  | string
  | (Partial<Omit<OfferedNumber, 'phoneNumber' | 'voiceUrl'>> & {
      phoneNumber: string;
      voiceUrl?: string;
    });

interface Account {
  owned: Map<string, OwnedNumber>;
  offered: Map<string, OfferedNumber>;
  addresses: Map<string, { isoCountry: string }>;
  bundles: Map<string, { isoCountry: string; type: NumberType; approved: boolean }>;
}

const PLATFORM_ACCOUNT = 'platform';
/** Twilio's default radius around NearNumber. */
const DEFAULT_DISTANCE_MILES = 25;

/**
 * TelephonyProvider in memory: accounts holding numbers, an inventory of numbers for sale (in any
 * country, with their location, capabilities and address and bundle requirements), the countries
 * sold, addresses and bundles, paging, a log of every call, and failures injected per operation.
 * Every organization uses the platform account unless given its own with `useAccount`. It passes
 * the same TelephonyProvider contract as the Twilio adapter on the Twilio sandbox.
 */
export class InMemoryTelephonyProvider extends TelephonyProvider {
  private readonly accounts = new Map<string, Account>([[PLATFORM_ACCOUNT, emptyAccount()]]);
  private readonly accountOfOrganization = new Map<string, string>();
  /** The countries sold, with the types each offers; offering a number adds its own. */
  private readonly countries = new Map<
    string,
    { name: string; beta: boolean; types: Set<NumberType> }
  >();
  private readonly invalid = new Set<string>();
  private readonly failures: {
    operation: TelephonyOperation;
    skip: number;
    times: number;
    error: Error;
  }[] = [];
  private sidCounter = 0;
  private readonly pauses: {
    operation: TelephonyOperation;
    gate: Promise<void>;
    reached: () => void;
  }[] = [];
  readonly calls: TelephonyCall[] = [];

  constructor(private readonly pageSize = 50) {
    super();
  }

  /** Serves this organization from its own account from now on. */
  useAccount(organizationId: string, account: string): this {
    if (!this.accounts.has(account)) this.accounts.set(account, emptyAccount());
    this.accountOfOrganization.set(organizationId, account);
    return this;
  }

  /** Says the provider sells numbers of these types in the country (offers add to it too). */
  sell(countryCode: string, options: { name: string; types: NumberType[]; beta?: boolean }): this {
    const country = this.country(countryCode, options.name);
    country.name = options.name;
    country.beta = options.beta ?? false;
    options.types.forEach((type) => country.types.add(type));
    return this;
  }

  /** Puts numbers up for sale in an account (the platform account by default). */
  offer(numbers: readonly OfferSpec[], account = PLATFORM_ACCOUNT): this {
    for (const entry of numbers) {
      const spec = typeof entry === 'string' ? { phoneNumber: entry } : entry;
      const phoneNumber = E164Number.parse(spec.phoneNumber);
      const offered: OfferedNumber = {
        phoneNumber,
        voiceUrl: VoiceUrl.parseOptional(spec.voiceUrl),
        isoCountry: spec.isoCountry ?? countryOf(phoneNumber),
        type: spec.type ?? 'local',
        locality: spec.locality ?? null,
        region: spec.region ?? null,
        postalCode: spec.postalCode ?? null,
        rateCenter: spec.rateCenter ?? null,
        latitude: spec.latitude ?? null,
        longitude: spec.longitude ?? null,
        beta: spec.beta ?? false,
        addressRequirements: spec.addressRequirements ?? 'none',
        bundleRequired: spec.bundleRequired ?? false,
        capabilities: spec.capabilities ?? { voice: true, sms: true, mms: true },
      };
      this.account(account).offered.set(phoneNumber.value, offered);
      this.country(offered.isoCountry).types.add(offered.type);
    }
    return this;
  }

  /**
   * A believable inventory: US, CA, GB, DE and AU numbers of every type those countries have,
   * with locations, mixed capabilities, beta numbers and address and bundle requirements. It
   * meets what the TelephonyProvider contract asks of a provider's inventory.
   */
  stockSampleInventory(account = PLATFORM_ACCOUNT): this {
    for (const [code, country] of Object.entries(SAMPLE_COUNTRIES)) this.sell(code, country);
    return this.offer(SAMPLE_OFFERS, account);
  }

  /** Makes the provider refuse to sell this number as invalid (Twilio's 21421). */
  refuseAsInvalid(number: string): this {
    this.invalid.add(E164Number.parse(number).value);
    return this;
  }

  /** An Address in the account, for numbers that need one; returns its sid. */
  addAddress(isoCountry: string, account = PLATFORM_ACCOUNT): string {
    const sid = this.nextSid('AD');
    this.account(account).addresses.set(sid, { isoCountry });
    return sid;
  }

  /** A regulatory Bundle for numbers of a country and type (approved unless told); its sid. */
  addBundle(
    isoCountry: string,
    type: NumberType,
    { approved = true, account = PLATFORM_ACCOUNT } = {},
  ): string {
    const sid = this.nextSid('BU');
    this.account(account).bundles.set(sid, { isoCountry, type, approved });
    return sid;
  }

  /** Puts a number in an account as if it had been bought outside Loquent; returns its sid. */
  own(
    number: string,
    options: {
      friendlyName?: string | null;
      voiceUrl?: string | null;
      voiceFallbackUrl?: string | null;
      account?: string;
    } = {},
  ): string {
    const sid = TwilioNumberSid.parse(this.nextSid('PN'));
    this.account(options.account ?? PLATFORM_ACCOUNT).owned.set(sid.value, {
      sid,
      phoneNumber: E164Number.parse(number),
      friendlyName: options.friendlyName ?? null,
      voiceUrl: VoiceUrl.parseOptional(options.voiceUrl),
      ...(options.voiceFallbackUrl
        ? { voiceFallbackUrl: VoiceUrl.parse(options.voiceFallbackUrl) }
        : {}),
    });
    return sid.value;
  }

  /**
   * Makes `times` calls of an operation throw this error, after letting `after` calls succeed
   * (a listing's later page is a later call).
   */
  failNext(operation: TelephonyOperation, error: Error, { times = 1, after = 0 } = {}): this {
    this.failures.push({ operation, skip: after, times, error });
    return this;
  }

  /**
   * Holds the next call of `updateVoiceUrl` or `fetchIncomingNumber` before it does anything,
   * as a slow provider would: `reached` resolves once a call is waiting, `resume` lets it go on.
   */
  pauseNext(operation: 'updateVoiceUrl' | 'fetchIncomingNumber'): {
    reached: Promise<void>;
    resume: () => void;
  } {
    let resume!: () => void;
    let reached!: () => void;
    const gate = new Promise<void>((resolve) => (resume = resolve));
    const reachedPromise = new Promise<void>((resolve) => (reached = resolve));
    this.pauses.push({ operation, gate, reached });
    return { reached: reachedPromise, resume };
  }

  /** The numbers an account holds, as the provider would report them. */
  ownedNumbers(account = PLATFORM_ACCOUNT): IncomingNumber[] {
    return [...this.account(account).owned.values()].map(toIncoming);
  }

  ownedNumber(sid: string, account = PLATFORM_ACCOUNT): IncomingNumber | null {
    const owned = this.account(account).owned.get(sid);
    return owned ? toIncoming(owned) : null;
  }

  /** What is for sale in an account, in the order a search lists it. */
  offeredNumbers(account = PLATFORM_ACCOUNT): string[] {
    return [...this.account(account).offered.keys()];
  }

  callsOf(operation: TelephonyOperation): TelephonyCall[] {
    return this.calls.filter((call) => call.operation === operation);
  }

  async searchAvailableNumbers(
    organizationId: string,
    search: AvailableNumberSearch,
  ): Promise<AvailableNumbersResult> {
    const account = this.enter('searchAvailableNumbers', organizationId);
    const country = search.country.value;
    const sold = this.countries.get(country);
    if (!sold) return { outcome: 'country_not_sold', numbers: [], country };
    if (!sold.types.has(search.type)) {
      return {
        outcome: 'type_not_sold',
        numbers: [],
        country,
        type: search.type,
        typesSold: NUMBER_TYPES.filter((type) => sold.types.has(type)),
      };
    }
    const offers = [...account.offered.values()];
    const matches = offerMatcher(search, offers);
    const numbers = offers.filter(matches).slice(0, search.limit).map(toAvailable);
    return { outcome: 'found', numbers };
  }

  async listAvailableCountries(organizationId: string): Promise<AvailableCountry[]> {
    this.enter('listAvailableCountries', organizationId);
    return [...this.countries.entries()].map(([countryCode, country]) => ({
      countryCode,
      name: country.name,
      beta: country.beta,
      types: NUMBER_TYPES.filter((type) => country.types.has(type)),
    }));
  }

  async purchase(
    organizationId: string,
    number: E164Number,
    options: PurchaseOptions,
  ): Promise<IncomingNumber> {
    const account = this.enter('purchase', organizationId);
    const failure = { operation: 'purchase', providerStatus: 400 };
    if (this.invalid.has(number.value)) {
      throw new InvalidPhoneNumber(number.value, 'is not a number the provider can sell');
    }
    const offered = account.offered.get(number.value);
    if (!offered) {
      throw new NumberNotAvailable({ ...failure, providerCode: 21422, number: number.value });
    }
    const addressSid = options.addressSid?.value ?? null;
    const addressProblem = addressRefusal(offered, addressSid, account);
    if (addressProblem) {
      throw new AddressRequired({
        ...failure,
        providerCode: 21631,
        number: number.value,
        addressSid,
        providerMessage: addressProblem,
      });
    }
    const bundleSid = options.bundleSid?.value ?? null;
    const bundleProblem = bundleRefusal(offered, bundleSid, account);
    if (bundleProblem) {
      throw new BundleRequired({
        ...failure,
        providerCode: 21649,
        number: number.value,
        bundleSid,
        providerMessage: bundleProblem,
      });
    }
    const owned: OwnedNumber = {
      sid: TwilioNumberSid.parse(this.nextSid('PN')),
      phoneNumber: number,
      friendlyName: options.friendlyName ?? defaultFriendlyName(number.value),
      voiceUrl: offered.voiceUrl,
    };
    account.offered.delete(number.value);
    account.owned.set(owned.sid.value, owned);
    return toIncoming(owned);
  }

  async *incomingNumberPages(organizationId: string): AsyncIterable<IncomingNumber[]> {
    const account = this.enter('listIncomingNumbers', organizationId);
    const all = [...account.owned.values()].map(toIncoming);
    for (let start = 0; start < all.length; start += this.pageSize) {
      if (start > 0) this.enter('listIncomingNumbers', organizationId);
      yield all.slice(start, start + this.pageSize);
    }
  }

  /** The pages of the account holding these sids (as a provider that knows where they are). */
  async *incomingNumbersWithSids(
    organizationId: string,
    sids: readonly TwilioNumberSid[],
  ): AsyncIterable<IncomingNumber[]> {
    const wanted = new Set(sids.map((sid) => sid.value));
    const account = this.enter('listIncomingNumbers', organizationId);
    const all = [...account.owned.values()].map(toIncoming);
    let first = true;
    for (let start = 0; start < all.length && wanted.size > 0; start += this.pageSize) {
      const found = all.slice(start, start + this.pageSize).filter((n) => wanted.has(n.sid.value));
      if (found.length === 0) continue;
      if (!first) this.enter('listIncomingNumbers', organizationId);
      first = false;
      found.forEach((n) => wanted.delete(n.sid.value));
      yield found;
    }
  }

  async fetchIncomingNumber(
    organizationId: string,
    sid: TwilioNumberSid,
  ): Promise<IncomingNumber | null> {
    await this.pausedAt('fetchIncomingNumber');
    const owned = this.enter('fetchIncomingNumber', organizationId).owned.get(sid.value);
    return owned ? toIncoming(owned) : null;
  }

  async findIncomingNumber(
    organizationId: string,
    number: E164Number,
  ): Promise<IncomingNumber | null> {
    const account = this.enter('findIncomingNumber', organizationId);
    const owned = [...account.owned.values()].find((n) => n.phoneNumber.equals(number));
    return owned ? toIncoming(owned) : null;
  }

  async updateVoiceUrl(
    organizationId: string,
    sid: TwilioNumberSid,
    voiceUrl: VoiceUrl | null,
    options: { voiceFallbackUrl?: VoiceUrl | null } = {},
  ): Promise<IncomingNumber> {
    await this.pausedAt('updateVoiceUrl');
    const owned = this.enter('updateVoiceUrl', organizationId).owned.get(sid.value);
    if (!owned) throw new NumberNotInProviderAccount(sid.value);
    owned.voiceUrl = voiceUrl;
    if (options.voiceFallbackUrl !== undefined) owned.voiceFallbackUrl = options.voiceFallbackUrl;
    return toIncoming(owned);
  }

  async release(organizationId: string, sid: TwilioNumberSid): Promise<void> {
    const account = this.enter('release', organizationId);
    const owned = account.owned.get(sid.value);
    if (!owned) throw new NumberNotInProviderAccount(sid.value);
    account.owned.delete(sid.value);
  }

  private async pausedAt(operation: TelephonyOperation): Promise<void> {
    const index = this.pauses.findIndex((pause) => pause.operation === operation);
    if (index < 0) return;
    const [pause] = this.pauses.splice(index, 1);
    pause!.reached();
    await pause!.gate;
  }

  private enter(operation: TelephonyOperation, organizationId: string): Account {
    const accountName = this.accountOfOrganization.get(organizationId) ?? PLATFORM_ACCOUNT;
    this.calls.push({ operation, organizationId, account: accountName });
    const failure = this.failures.find((f) => f.operation === operation && f.times > 0);
    if (failure && failure.skip > 0) {
      failure.skip--;
    } else if (failure) {
      failure.times--;
      throw failure.error;
    }
    return this.account(accountName);
  }

  private account(name: string): Account {
    const account = this.accounts.get(name);
    if (!account) throw new Error(`Unknown test account "${name}"`);
    return account;
  }

  private country(code: string, name = code) {
    let country = this.countries.get(code);
    if (!country) {
      country = { name, beta: false, types: new Set() };
      this.countries.set(code, country);
    }
    return country;
  }

  private nextSid(prefix: 'PN' | 'AD' | 'BU'): string {
    this.sidCounter++;
    return `${prefix}${this.sidCounter.toString(16).padStart(32, '0')}`;
  }
}

function emptyAccount(): Account {
  return { owned: new Map(), offered: new Map(), addresses: new Map(), bundles: new Map() };
}

function toIncoming(owned: OwnedNumber): IncomingNumber {
  return {
    sid: owned.sid,
    phoneNumber: owned.phoneNumber,
    friendlyName: owned.friendlyName,
    voiceUrl: owned.voiceUrl,
    ...(owned.voiceFallbackUrl ? { voiceFallbackUrl: owned.voiceFallbackUrl } : {}),
  };
}

function toAvailable(offered: OfferedNumber): AvailableNumber {
  return {
    phoneNumber: offered.phoneNumber,
    friendlyName: defaultFriendlyName(offered.phoneNumber.value),
    isoCountry: offered.isoCountry,
    type: offered.type,
    locality: offered.locality,
    region: offered.region,
    postalCode: offered.postalCode,
    rateCenter: offered.rateCenter,
    latitude: offered.latitude,
    longitude: offered.longitude,
    beta: offered.beta,
    addressRequirements: offered.addressRequirements,
    capabilities: { ...offered.capabilities },
  };
}

/** Every criterion of the search, as Twilio applies them. */
function offerMatcher(
  search: AvailableNumberSearch,
  offers: readonly OfferedNumber[],
): (offer: OfferedNumber) => boolean {
  const pattern = search.contains ? keypadRegExp(search.contains.value) : null;
  // Twilio places a nearby number by its area code: where the provider's numbers there are.
  const near = search.nearNumber
    ? (offers.find(
        (offer) =>
          offer.latitude !== null &&
          offer.phoneNumber.value.slice(0, 5) === search.nearNumber!.value.slice(0, 5),
      ) ?? null)
    : null;
  const distance = search.distanceMiles ?? DEFAULT_DISTANCE_MILES;
  const same = (a: string | null, b: string | null) =>
    b === null || (a !== null && a.toLowerCase() === b.toLowerCase());
  return (offer) =>
    offer.isoCountry === search.country.value &&
    offer.type === search.type &&
    (!search.areaCode || offer.phoneNumber.value.startsWith(`+1${search.areaCode.value}`)) &&
    (!pattern || pattern.test(nationalNumber(offer.phoneNumber))) &&
    same(offer.locality, search.inLocality) &&
    same(offer.region, search.inRegion) &&
    same(offer.postalCode, search.inPostalCode) &&
    (!search.nearNumber || (near !== null && milesBetween(near, offer) <= distance)) &&
    (!search.capabilities.voice || offer.capabilities.voice) &&
    (!search.capabilities.sms || offer.capabilities.sms) &&
    (!search.capabilities.mms || offer.capabilities.mms) &&
    !excludedByAddress(offer.addressRequirements, search.excludeAddressRequired) &&
    (search.beta !== false || !offer.beta);
}

function excludedByAddress(
  requirement: AddressRequirement,
  exclusion: AvailableNumberSearch['excludeAddressRequired'],
): boolean {
  if (exclusion === 'all') return requirement !== 'none';
  return exclusion !== null && requirement === exclusion;
}

function addressRefusal(
  offered: OfferedNumber,
  addressSid: string | null,
  account: Account,
): string | null {
  const requirement = offered.addressRequirements;
  if (requirement === 'none') return null;
  if (addressSid === null) return 'Phone Number Requires an Address';
  const address = account.addresses.get(addressSid);
  const local = address?.isoCountry === offered.isoCountry;
  if (!address || (requirement === 'local' && !local) || (requirement === 'foreign' && local)) {
    return `Could not find Address with sid ${addressSid} to satisfy ${requirement} address requirement`;
  }
  return null;
}

function bundleRefusal(
  offered: OfferedNumber,
  bundleSid: string | null,
  account: Account,
): string | null {
  if (!offered.bundleRequired) return null;
  if (bundleSid === null) return 'Phone Number Requires a Bundle';
  const bundle = account.bundles.get(bundleSid);
  if (!bundle || bundle.isoCountry !== offered.isoCountry || bundle.type !== offered.type) {
    return `Bundle ${bundleSid} is not for ${offered.isoCountry} ${offered.type} numbers`;
  }
  return bundle.approved ? null : `Bundle ${bundleSid} is not approved`;
}

const KEYPAD: Readonly<Record<string, string>> = Object.fromEntries(
  ['abc', 'def', 'ghi', 'jkl', 'mno', 'pqrs', 'tuv', 'wxyz'].flatMap((letters, i) =>
    [...letters].map((letter) => [letter, String(i + 2)]),
  ),
);

/** Twilio's Contains: digits, letters as on a keypad, * for any one digit, anywhere in the number. */
function keypadRegExp(pattern: string): RegExp {
  const source = [...pattern.toLowerCase()]
    .map((char) => (char === '*' ? '\\d' : (KEYPAD[char] ?? char)))
    .join('');
  return new RegExp(source);
}

/** The digits after the country calling code. */
function nationalNumber(number: E164Number): string {
  return number.value.slice(1 + number.countryCallingCode.length);
}

/** Great-circle miles; infinitely far when either has no coordinates. */
function milesBetween(a: OfferedNumber, b: OfferedNumber): number {
  if (a.latitude === null || a.longitude === null || b.latitude === null || b.longitude === null) {
    return Number.POSITIVE_INFINITY;
  }
  const radians = (degrees: number) => (degrees * Math.PI) / 180;
  const dLat = radians(b.latitude - a.latitude);
  const dLon = radians(b.longitude - a.longitude);
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(radians(a.latitude)) * Math.cos(radians(b.latitude)) * Math.sin(dLon / 2) ** 2;
  return 2 * 3958.8 * Math.asin(Math.sqrt(h));
}

/** The country of a number: libphonenumber's, else the main country of its calling code. */
function countryOf(number: E164Number): string {
  const parsed = parsePhoneNumberFromString(number.value)?.country;
  if (parsed) return parsed;
  const callingCode = number.countryCallingCode;
  if (callingCode === '1') return 'US';
  return getCountries().find((country) => getCountryCallingCode(country) === callingCode) ?? 'US';
}

/** Twilio's friendly name: (415) 555-0100 for a NANP number, the E.164 number otherwise. */
function defaultFriendlyName(e164: string): string {
  const digits = e164.slice(2);
  return e164.startsWith('+1') && digits.length === 10
    ? `(${digits.slice(0, 3)}) ${digits.slice(3, 6)}-${digits.slice(6)}`
    : e164;
}
