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

/** A few real area codes; any other valid one is for sale too, with no location. */
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
};

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
