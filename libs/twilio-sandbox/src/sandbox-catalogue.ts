import {
  areaCodeLocation,
  EMPTY_AREA_CODE,
  isAreaCode,
  isTollFreeAreaCode,
  localCountryOf,
  locatedAreaCodes,
  TOLL_FREE_AREA_CODES,
} from './area-codes';
import { formatFriendlyName, inventoryIndex, MagicNumber, usAreaCodeOf } from './sandbox-inventory';

/** The kinds of number the sandbox sells, as Twilio's subresource_uris name them. */
export type NumberType = 'local' | 'toll_free' | 'mobile';
export type AddressRequirement = 'none' | 'any' | 'local' | 'foreign';

/** Twilio's path segment for each type: AvailablePhoneNumbers/{Country}/{Segment}.json. */
export const TYPE_SEGMENTS: Readonly<Record<NumberType, string>> = {
  local: 'Local',
  toll_free: 'TollFree',
  mobile: 'Mobile',
};

export function typeOfSegment(segment: string): NumberType | null {
  const found = Object.entries(TYPE_SEGMENTS).find(([, s]) => s === segment);
  return found ? (found[0] as NumberType) : null;
}

export interface Capabilities {
  voice: boolean;
  sms: boolean;
  mms: boolean;
  fax: boolean;
}

/** A number for sale, with everything Twilio says of it and what buying it takes. */
export interface Offer {
  phoneNumber: string;
  friendlyName: string;
  isoCountry: string;
  type: NumberType;
  locality: string | null;
  region: string | null;
  postalCode: string | null;
  rateCenter: string | null;
  lata: string | null;
  latitude: number | null;
  longitude: number | null;
  beta: boolean;
  addressRequirements: AddressRequirement;
  /** Bought only with an approved Bundle of its country and type (Twilio's 21649). */
  bundleRequired: boolean;
  capabilities: Capabilities;
}

const ALL: Capabilities = { voice: true, sms: true, mms: true, fax: false };
const VOICE_AND_SMS: Capabilities = { voice: true, sms: true, mms: false, fax: false };
const VOICE: Capabilities = { voice: true, sms: false, mms: false, fax: false };

/** The countries the sandbox sells numbers in, with the types each has, as Twilio lists them. */
export const COUNTRIES: Readonly<Record<string, { name: string; types: readonly NumberType[] }>> = {
  US: { name: 'United States', types: ['local', 'toll_free'] },
  CA: { name: 'Canada', types: ['local', 'toll_free'] },
  GB: { name: 'United Kingdom', types: ['local', 'mobile', 'toll_free'] },
  DE: { name: 'Germany', types: ['local', 'mobile', 'toll_free'] },
  AU: { name: 'Australia', types: ['local', 'mobile', 'toll_free'] },
};

/**
 * Numbers outside NANP, in blocks of consecutive lines; the ranges regulators keep for drama
 * where there are some (Ofcom's 020 7946 0xxx, 0161 496 0xxx, 07700 900xxx, 0808 157 0xxx;
 * ACMA's 02/03/07 5550 xxxx, 0491 570 xxx, 1800 160 xxx). What buying needs follows Twilio's
 * rules of thumb: UK, German and Australian local numbers a local address and a bundle, German
 * and Australian mobiles any address and a bundle; about half the UK mobiles any address, and
 * about half the German toll-free numbers one outside Germany.
 */
interface Block {
  isoCountry: string;
  type: NumberType;
  prefix: string;
  first: number;
  count: number;
  digits: number;
  locality?: string;
  capabilities: Capabilities;
  address: AddressRequirement | ((i: number) => AddressRequirement);
  bundleRequired: boolean;
}

const BLOCKS: readonly Block[] = [
  gb('local', '+442079460', 0, 30, 3, 'London', VOICE, 'local', true),
  gb('local', '+44161496', 0, 20, 4, 'Manchester', VOICE, 'local', true),
  gb('local', '+44131496', 0, 20, 4, 'Edinburgh', VOICE, 'local', true),
  gb('mobile', '+447700900', 100, 40, 3, undefined, VOICE_AND_SMS, (i) =>
    i % 2 === 0 ? 'none' : 'any',
  ),
  gb('toll_free', '+44808157', 0, 20, 4, undefined, VOICE, 'none'),
  block('DE', 'local', '+4930231', 25000, 30, 5, 'Berlin', VOICE, 'local', true),
  block('DE', 'local', '+4989999', 10000, 20, 5, 'Munich', VOICE, 'local', true),
  block('DE', 'mobile', '+4915123455', 0, 30, 3, undefined, VOICE_AND_SMS, 'any', true),
  block('DE', 'toll_free', '+49800555', 0, 20, 4, undefined, VOICE, (i) =>
    i % 2 === 0 ? 'none' : 'foreign',
  ),
  block('AU', 'local', '+6125550', 0, 20, 4, 'Sydney', VOICE, 'local', true),
  block('AU', 'local', '+6135550', 0, 20, 4, 'Melbourne', VOICE, 'local', true),
  block('AU', 'local', '+6175550', 0, 20, 4, 'Brisbane', VOICE, 'local', true),
  block('AU', 'mobile', '+61491570', 100, 40, 3, undefined, ALL, 'any', true),
  block('AU', 'toll_free', '+611800160', 500, 20, 3, undefined, VOICE, 'none'),
];

function block(
  isoCountry: string,
  type: NumberType,
  prefix: string,
  first: number,
  count: number,
  digits: number,
  locality: string | undefined,
  capabilities: Capabilities,
  address: Block['address'],
  bundleRequired = false,
): Block {
  return {
    isoCountry,
    type,
    prefix,
    first,
    count,
    digits,
    ...(locality ? { locality } : {}),
    capabilities,
    address,
    bundleRequired,
  };
}

function gb(
  type: NumberType,
  prefix: string,
  first: number,
  count: number,
  digits: number,
  locality: string | undefined,
  capabilities: Capabilities,
  address: Block['address'],
  bundleRequired = false,
): Block {
  return block(
    'GB',
    type,
    prefix,
    first,
    count,
    digits,
    locality,
    capabilities,
    address,
    bundleRequired,
  );
}

function blockNumber(b: Block, i: number): string {
  return `${b.prefix}${String(b.first + i).padStart(b.digits, '0')}`;
}

function blockOffer(b: Block, i: number): Offer {
  const phoneNumber = blockNumber(b, i);
  return {
    phoneNumber,
    friendlyName: phoneNumber,
    isoCountry: b.isoCountry,
    type: b.type,
    locality: b.locality ?? null,
    // Twilio gives region, postal code, rate center, LATA and coordinates only in the US and CA.
    region: null,
    postalCode: null,
    rateCenter: null,
    lata: null,
    latitude: null,
    longitude: null,
    beta: false,
    addressRequirements: typeof b.address === 'function' ? b.address(i) : b.address,
    bundleRequired: b.bundleRequired,
    capabilities: b.capabilities,
  };
}

/** Canada's toll-free numbers: 555-0200 to 555-0209 of each code (the US has 555-01xx). */
const CA_TOLL_FREE = /^\+1(8\d\d)5550(20\d)$/;
const CA_TOLL_FREE_LINES = 10;

/**
 * The offer for a NANP number of the generated inventory (whether or not someone owns it): the
 * first 30 of an area code can do everything, the others no MMS, and the last two of those are
 * beta.
 */
function nanpOffer(phoneNumber: string): Offer | null {
  const areaCode = usAreaCodeOf(phoneNumber);
  if (!areaCode) return null;
  const tollFree = isTollFreeAreaCode(areaCode);
  const canadianTollFree = tollFree && CA_TOLL_FREE.test(phoneNumber);
  const index = canadianTollFree ? 0 : inventoryIndex(phoneNumber);
  if (index === null && phoneNumber !== MagicNumber.Available) return null;
  const location = tollFree ? null : areaCodeLocation(areaCode);
  return {
    phoneNumber,
    friendlyName: formatFriendlyName(phoneNumber),
    isoCountry: canadianTollFree ? 'CA' : tollFree ? 'US' : localCountryOf(areaCode),
    type: tollFree ? 'toll_free' : 'local',
    locality: location?.locality ?? null,
    region: location?.region ?? null,
    postalCode: location?.postalCode ?? null,
    rateCenter: location?.rateCenter ?? null,
    lata: location?.lata ?? null,
    latitude: location?.latitude ?? null,
    longitude: location?.longitude ?? null,
    beta: index !== null && index >= INVENTORY_BETA_FROM && index < INVENTORY_BETA_TO,
    addressRequirements: 'none',
    bundleRequired: false,
    capabilities: index !== null && index >= INVENTORY_FULL_CAPABILITIES ? VOICE_AND_SMS : ALL,
  };
}

const INVENTORY_FULL_CAPABILITIES = 30;
const INVENTORY_BETA_FROM = 38;
const INVENTORY_BETA_TO = 40;

const blockIndex = new Map<string, Offer>();
for (const b of BLOCKS) {
  for (let i = 0; i < b.count; i++) {
    const offer = blockOffer(b, i);
    blockIndex.set(offer.phoneNumber, offer);
  }
}

/**
 * What Twilio says of a number it sells, or would sell were it free: for the generated NANP
 * inventory and the blocks elsewhere. null for a number the sandbox never sells.
 */
export function offerOf(phoneNumber: string): Offer | null {
  return blockIndex.get(phoneNumber) ?? nanpOffer(phoneNumber);
}

/**
 * What a number that is not in the inventory looks like once in an account (seeded, imported):
 * a US local number able to do everything, needing nothing.
 */
export function ownedNumberTraits(phoneNumber: string): Offer {
  return (
    offerOf(phoneNumber) ?? {
      ...(nanpOffer(MagicNumber.Available) as Offer),
      phoneNumber,
      friendlyName: formatFriendlyName(phoneNumber),
      beta: false,
    }
  );
}

/** Where a search looks, in order: every number of the country and type, or of one area code. */
export function candidateNumbers(
  country: string,
  type: NumberType,
  areaCode: string | null,
  available: (areaCode: string) => string[],
): string[] {
  if (country === 'US' || country === 'CA') {
    const codes =
      areaCode !== null
        ? [areaCode]
        : type === 'toll_free'
          ? [...TOLL_FREE_AREA_CODES]
          : locatedAreaCodes(country);
    return codes.flatMap((code) => {
      if (!isAreaCode(code) || code === EMPTY_AREA_CODE) return [];
      if (isTollFreeAreaCode(code) !== (type === 'toll_free')) return [];
      if (type === 'toll_free') {
        if (country === 'CA') {
          return Array.from({ length: CA_TOLL_FREE_LINES }, (_, i) => `+1${code}5550${200 + i}`);
        }
        return available(code);
      }
      return localCountryOf(code) === country ? available(code) : [];
    });
  }
  return BLOCKS.filter((b) => b.isoCountry === country && b.type === type).flatMap((b) =>
    Array.from({ length: b.count }, (_, i) => blockNumber(b, i)),
  );
}
