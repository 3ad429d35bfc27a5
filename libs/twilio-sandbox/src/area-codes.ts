/** Where a US area code is, as Twilio reports it on an available number. */
export interface AreaCodeLocation {
  locality: string;
  region: string;
  postalCode: string;
  latitude: number;
  longitude: number;
  rateCenter: string;
  lata: string;
}

/**
 * A few real area codes, US and Canadian; any other valid one is for sale too, with no location.
 * Integer-like keys: JavaScript lists them in ascending order, the order searches go through.
 */
const LOCATIONS: Readonly<Record<string, AreaCodeLocation>> = {
  '206': loc('Seattle', 'WA', '98101', 47.6101, -122.3344, 'SEATTLE', '674'),
  '212': loc('New York', 'NY', '10001', 40.7506, -73.9972, 'NWYRCYZN01', '132'),
  '305': loc('Miami', 'FL', '33130', 25.7663, -80.2048, 'MIAMI', '460'),
  '310': loc('Los Angeles', 'CA', '90024', 34.0633, -118.4456, 'LSAN DA 03', '730'),
  '312': loc('Chicago', 'IL', '60601', 41.8858, -87.6181, 'CHCGOZN1', '358'),
  '404': loc('Atlanta', 'GA', '30303', 33.7525, -84.3888, 'ATLANTA', '438'),
  '415': loc('San Francisco', 'CA', '94103', 37.7749, -122.4194, 'SNFC CNTL', '722'),
  '503': loc('Portland', 'OR', '97204', 45.5152, -122.6784, 'PORTLAND', '672'),
  '512': loc('Austin', 'TX', '78701', 30.2711, -97.7437, 'AUSTIN', '558'),
  '617': loc('Boston', 'MA', '02108', 42.3576, -71.0636, 'BOSTON', '128'),
  '650': loc('San Mateo', 'CA', '94401', 37.563, -122.3255, 'SNMT SNMT', '722'),
  '702': loc('Las Vegas', 'NV', '89101', 36.1716, -115.1391, 'LAS VEGAS', '721'),
  '720': loc('Denver', 'CO', '80202', 39.7525, -104.9995, 'DENVER', '656'),
  '808': loc('Honolulu', 'HI', '96813', 21.3069, -157.8583, 'HONOLULU', '834'),
  '917': loc('New York', 'NY', '10001', 40.7506, -73.9972, 'NWYRCYZN01', '132'),
  '403': loc('Calgary', 'AB', 'T2P', 51.0447, -114.0719, 'CALGARY', '888'),
  '416': loc('Toronto', 'ON', 'M5H', 43.6532, -79.3832, 'TORONTO', '888'),
  '514': loc('Montreal', 'QC', 'H2Y', 45.5017, -73.5673, 'MONTREAL', '888'),
  '604': loc('Vancouver', 'BC', 'V6B', 49.2827, -123.1207, 'VANCOUVER', '888'),
  '613': loc('Ottawa', 'ON', 'K1P', 45.4215, -75.6972, 'OTTAWA HULL', '888'),
  '905': loc('Mississauga', 'ON', 'L5B', 43.589, -79.6441, 'MISSISSAUGA', '888'),
};

/** Canada's area codes: a search of US local numbers has nothing in them, and the other way round. */
const CANADIAN_AREA_CODES: ReadonlySet<string> = new Set(
  (
    '204 226 236 249 250 263 289 306 343 354 365 367 368 382 403 416 418 428 431 437 438 450 468 ' +
    '474 506 514 519 548 579 581 584 587 604 613 639 647 672 683 705 709 742 753 778 780 782 807 ' +
    '819 825 867 873 879 902 905'
  ).split(' '),
);

/** NANP toll-free codes: their numbers are TollFree, never Local. */
export const TOLL_FREE_AREA_CODES: readonly string[] = [
  '800',
  '833',
  '844',
  '855',
  '866',
  '877',
  '888',
];

/** NANP: three digits, the first 2-9. */
export const AREA_CODE_PATTERN = /^[2-9]\d{2}$/;

/** Twilio's test credentials answer this area code with 21452 (nothing for sale). */
export const EMPTY_AREA_CODE = '533';

/** Where seedOwnedNumbers() puts numbers when it is not told. */
export const DEFAULT_SEED_AREA_CODES: readonly string[] = [
  '415',
  '212',
  '310',
  '312',
  '617',
  '206',
  '512',
  '305',
  '404',
  '720',
];

export function isAreaCode(value: string): boolean {
  return AREA_CODE_PATTERN.test(value);
}

export function areaCodeLocation(areaCode: string): AreaCodeLocation | null {
  return LOCATIONS[areaCode] ?? null;
}

export function isTollFreeAreaCode(areaCode: string): boolean {
  return TOLL_FREE_AREA_CODES.includes(areaCode);
}

/** The country whose local numbers an area code holds: CA for Canada's, US for any other. */
export function localCountryOf(areaCode: string): 'US' | 'CA' {
  return CANADIAN_AREA_CODES.has(areaCode) ? 'CA' : 'US';
}

/** The area codes with a known location in a NANP country, in ascending order. */
export function locatedAreaCodes(country: string): string[] {
  return Object.keys(LOCATIONS).filter(
    (code) => !isTollFreeAreaCode(code) && localCountryOf(code) === country,
  );
}

function loc(
  locality: string,
  region: string,
  postalCode: string,
  latitude: number,
  longitude: number,
  rateCenter: string,
  lata: string,
): AreaCodeLocation {
  return { locality, region, postalCode, latitude, longitude, rateCenter, lata };
}
