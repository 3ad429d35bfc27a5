import { AreaCode } from '../phone-number/area-code.value-object';
import { E164Number } from '../phone-number/e164-number.value-object';
import { DomainError } from '../shared/domain-error';
import { InvalidSearchCriteria } from './available-numbers.errors';
import { CountryCode } from './country-code.value-object';
import { NumberPattern } from './number-pattern.value-object';

/** The kinds of number Loquent searches and buys (Twilio's Local, TollFree and Mobile). */
export const NUMBER_TYPES = ['local', 'toll_free', 'mobile'] as const;
export type NumberType = (typeof NUMBER_TYPES)[number];

/**
 * The Address a number needs before it can be bought, as Twilio reports it: none; one anywhere in
 * the world; one in the number's country; one outside it.
 */
export const ADDRESS_REQUIREMENTS = ['none', 'any', 'local', 'foreign'] as const;
export type AddressRequirement = (typeof ADDRESS_REQUIREMENTS)[number];

/**
 * Which numbers needing an address to leave out: every one (`all`), or those needing a local or a
 * foreign address (Twilio's ExcludeAll/Local/ForeignAddressRequired).
 */
export type AddressExclusion = 'all' | 'local' | 'foreign';

export interface RequiredCapabilities {
  voice: boolean;
  sms: boolean;
  mms: boolean;
}

export const SEARCH_LIMIT_DEFAULT = 20;
export const SEARCH_LIMIT_MAX = 50;
export const SEARCH_DISTANCE_MAX_MILES = 500;

/** What a caller asks for; everything but the organization is optional. */
export interface AvailableNumberCriteria {
  /** ISO 3166-1 alpha-2; US when left out. */
  country?: string | null;
  /** local when left out. */
  type?: string | null;
  areaCode?: string | null;
  contains?: string | null;
  inLocality?: string | null;
  inRegion?: string | null;
  inPostalCode?: string | null;
  nearNumber?: string | null;
  /** Miles around nearNumber; the provider's default (25) when left out. */
  distance?: number | null;
  /** The capabilities every result must have; false or absent means "not required". */
  capabilities?: Partial<RequiredCapabilities> | null;
  /** true leaves out every number that needs an address; 'local' or 'foreign' only those. */
  excludeAddressRequired?: boolean | 'local' | 'foreign' | null;
  /** false leaves out numbers new to the provider (beta); the provider includes them by default. */
  beta?: boolean | null;
  /** 1 to 50; 20 when left out. */
  limit?: number | null;
}

const TEXT_MAX = 100;

/**
 * A search of the numbers for sale, checked as a whole: each criterion valid on its own, and
 * meaningful with the others. Twilio applies an area code only in NANP countries, and a nearby
 * number, a distance, a region or a postal code only in the US and Canada; rather than let Twilio
 * ignore them or answer nothing, such a search is refused, naming the criterion.
 */
export class AvailableNumberSearch {
  private constructor(
    readonly country: CountryCode,
    readonly type: NumberType,
    readonly areaCode: AreaCode | null,
    readonly contains: NumberPattern | null,
    readonly inLocality: string | null,
    readonly inRegion: string | null,
    readonly inPostalCode: string | null,
    readonly nearNumber: E164Number | null,
    readonly distanceMiles: number | null,
    readonly capabilities: RequiredCapabilities,
    readonly excludeAddressRequired: AddressExclusion | null,
    readonly beta: boolean | null,
    readonly limit: number,
  ) {}

  /** Throws InvalidSearchCriteria naming the first criterion that does not hold. */
  static parse(criteria: AvailableNumberCriteria): AvailableNumberSearch {
    const country = field('country', criteria.country ?? 'US', (value) => CountryCode.parse(value));
    const type = criteria.type ?? 'local';
    if (!(NUMBER_TYPES as readonly string[]).includes(type)) {
      throw new InvalidSearchCriteria('type', type, `must be one of ${NUMBER_TYPES.join(', ')}`);
    }
    const areaCode = optional('area_code', criteria.areaCode, (value) => AreaCode.parse(value));
    if (areaCode && !country.isNanp) {
      throw new InvalidSearchCriteria(
        'area_code',
        areaCode.value,
        `applies only in NANP countries (+1, such as US and CA), not in ${country.value}`,
      );
    }
    const contains = optional('contains', criteria.contains, (value) => NumberPattern.parse(value));
    const inLocality = text('in_locality', criteria.inLocality);
    const inRegion = geographic(country, 'in_region', text('in_region', criteria.inRegion));
    const inPostalCode = geographic(
      country,
      'in_postal_code',
      text('in_postal_code', criteria.inPostalCode),
    );
    const nearNumber = geographic(
      country,
      'near_number',
      optional('near_number', criteria.nearNumber, (value) => E164Number.parse(value)),
    );
    const distanceMiles = criteria.distance ?? null;
    if (distanceMiles !== null) {
      if (!nearNumber) {
        throw new InvalidSearchCriteria(
          'distance',
          distanceMiles,
          'needs near_number: it is the radius around that number',
        );
      }
      integerIn('distance', distanceMiles, 1, SEARCH_DISTANCE_MAX_MILES, 'miles');
    }
    const limit = criteria.limit ?? SEARCH_LIMIT_DEFAULT;
    integerIn('limit', limit, 1, SEARCH_LIMIT_MAX);
    const exclusion = criteria.excludeAddressRequired ?? false;
    if (![true, false, 'local', 'foreign'].includes(exclusion)) {
      throw new InvalidSearchCriteria(
        'exclude_address_required',
        exclusion,
        'must be true, false, "local" or "foreign"',
      );
    }
    return new AvailableNumberSearch(
      country,
      type as NumberType,
      areaCode,
      contains,
      inLocality,
      inRegion,
      inPostalCode,
      nearNumber,
      distanceMiles,
      {
        voice: criteria.capabilities?.voice === true,
        sms: criteria.capabilities?.sms === true,
        mms: criteria.capabilities?.mms === true,
      },
      exclusion === true ? 'all' : exclusion === false ? null : exclusion,
      criteria.beta ?? null,
      limit,
    );
  }
}

/** A criterion's own value object; its error becomes InvalidSearchCriteria naming the field. */
function field<T>(name: string, value: string, parse: (value: string) => T): T {
  try {
    return parse(value);
  } catch (error) {
    if (error instanceof DomainError) {
      throw new InvalidSearchCriteria(name, value, error.message, error);
    }
    throw error;
  }
}

function optional<T>(
  name: string,
  value: string | null | undefined,
  parse: (value: string) => T,
): T | null {
  return value === null || value === undefined ? null : field(name, value, parse);
}

function text(name: string, value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const trimmed = typeof value === 'string' ? value.trim() : '';
  if (trimmed === '' || trimmed.length > TEXT_MAX) {
    throw new InvalidSearchCriteria(name, value, `must be 1 to ${TEXT_MAX} characters`);
  }
  return trimmed;
}

function geographic<T>(country: CountryCode, name: string, value: T | null): T | null {
  if (value !== null && !country.hasGeographicSearch) {
    throw new InvalidSearchCriteria(
      name,
      value instanceof Object ? String(value) : value,
      `applies only in the US and Canada, not in ${country.value}`,
    );
  }
  return value;
}

function integerIn(name: string, value: number, min: number, max: number, unit = ''): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new InvalidSearchCriteria(
      name,
      value,
      `must be a whole number from ${min} to ${max}${unit ? ` ${unit}` : ''}`,
    );
  }
}
