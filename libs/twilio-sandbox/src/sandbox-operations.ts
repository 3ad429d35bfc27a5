import { areaCodeLocation, EMPTY_AREA_CODE, isAreaCode } from './area-codes';
import { COUNTRIES, Offer, offerOf, typeOfSegment } from './sandbox-catalogue';
import { InvalidRequestError, notFound, SandboxErrorCode } from './sandbox-errors';
import { E164_PATTERN, usAreaCodeOf } from './sandbox-inventory';
import {
  renderAccount,
  renderAvailableNumbers,
  renderCountries,
  renderCountry,
  renderIncomingNumber,
  renderIncomingNumberPage,
} from './sandbox-resources';
import { RouteParams, SandboxOperation } from './sandbox-routes';
import {
  AccountRecord,
  noNumbersIn,
  NumberChanges,
  NumberSettings,
  SandboxState,
} from './sandbox-state';

export interface OperationRequest {
  operation: SandboxOperation;
  params: RouteParams;
  pathname: string;
  rawQuery: URLSearchParams;
  query: ReadonlyMap<string, string>;
  form: ReadonlyMap<string, string>;
}

export interface OperationResult {
  status: number;
  body: unknown;
}

/**
 * Reads and checks the request's inputs (throwing what Twilio would refuse), and returns the step
 * that applies it. The split lets a fault hit between a valid request and its effect.
 */
export function prepareOperation(
  state: SandboxState,
  account: AccountRecord,
  request: OperationRequest,
): () => OperationResult {
  switch (request.operation) {
    case 'fetchAccount':
      return () => ({ status: 200, body: renderAccount(account) });
    case 'listAvailableCountries':
      return () => ({ status: 200, body: renderCountries(account.sid) });
    case 'fetchAvailableCountry': {
      const country = request.params.countryCode!;
      if (!COUNTRIES[country]) throw notFound(request.pathname);
      return () => ({ status: 200, body: renderCountry(account.sid, country) });
    }
    case 'searchAvailableNumbers':
      return prepareSearch(state, request);
    case 'purchaseNumber':
      return preparePurchase(state, account, request);
    case 'listIncomingNumbers':
      return prepareList(state, account, request);
    case 'fetchIncomingNumber':
      return () => {
        const record = state.get(account, request.params.sid!);
        if (!record) throw notFound(request.pathname);
        return { status: 200, body: renderIncomingNumber(record) };
      };
    case 'updateIncomingNumber': {
      const target = request.form.get('AccountSid');
      if (target !== undefined && target !== account.sid) {
        throw new InvalidRequestError(
          SandboxErrorCode.InvalidParameter,
          'The Twilio sandbox does not transfer numbers between accounts (AccountSid)',
        );
      }
      const changes = changesFrom(request.form);
      return () => {
        const record = state.update(account, request.params.sid!, changes);
        if (!record) throw notFound(request.pathname);
        return { status: 200, body: renderIncomingNumber(record) };
      };
    }
    case 'releaseIncomingNumber':
      return () => {
        if (!state.release(account, request.params.sid!)) throw notFound(request.pathname);
        return { status: 204, body: null };
      };
  }
}

function prepareSearch(state: SandboxState, request: OperationRequest): () => OperationResult {
  const country = request.params.countryCode!;
  const type = typeOfSegment(request.params.numberType!);
  // Twilio answers a country it sells nothing in, or a type it does not sell there, with 404.
  if (!COUNTRIES[country] || !type || !COUNTRIES[country].types.includes(type)) {
    throw notFound(request.pathname);
  }
  const nanp = country === 'US' || country === 'CA';
  const areaCode = request.query.get('AreaCode') ?? null;
  if (areaCode !== null && !nanp) {
    throw new InvalidRequestError(
      SandboxErrorCode.InvalidParameter,
      `AreaCode applies only to numbers in the US and Canada, not ${country} (sandbox)`,
    );
  }
  if (areaCode !== null && !isAreaCode(areaCode)) {
    throw new InvalidRequestError(
      SandboxErrorCode.InvalidAreaCode,
      `Invalid AreaCode: ${areaCode}`,
    );
  }
  const matches = offerFilter(request.query);
  const pageSize = Number(request.query.get('PageSize') ?? 50);
  const query = request.rawQuery.toString();
  const uri = query ? `${request.pathname}?${query}` : request.pathname;
  return () => {
    if (areaCode === EMPTY_AREA_CODE && type === 'local') throw noNumbersIn(areaCode);
    const offers = state.forSale(country, type, areaCode).filter(matches).slice(0, pageSize);
    return { status: 200, body: renderAvailableNumbers(offers, uri) };
  };
}

/**
 * Every filter of a search, as Twilio applies them: Contains anywhere in the national number;
 * In* equal to the number's (or, given a phone number, to that number's); near a number (its area
 * code's location) or a "lat,long" within Distance miles (25 by default); capabilities asked for
 * as true; address requirements excluded; Beta=false leaves out numbers new to the platform.
 */
function offerFilter(query: ReadonlyMap<string, string>): (offer: Offer) => boolean {
  const contains = query.get('Contains');
  const pattern = contains === undefined ? null : containsRegExp(contains);
  const places: [string, keyof Offer][] = [
    ['InRegion', 'region'],
    ['InLocality', 'locality'],
    ['InPostalCode', 'postalCode'],
    ['InLata', 'lata'],
    ['InRateCenter', 'rateCenter'],
  ];
  const wanted = places.flatMap(([param, field]) => {
    const value = query.get(param);
    if (value === undefined) return [];
    // "Given a phone number, search within the same region as that number."
    const place = E164_PATTERN.test(value) ? offerOf(value)?.[field] : value;
    return [{ field, place: typeof place === 'string' ? place.toLowerCase() : null }];
  });
  const center = nearPoint(query);
  const distance = Number(query.get('Distance') ?? DEFAULT_DISTANCE_MILES);
  const required = (['Voice', 'Sms', 'Mms', 'Fax'] as const).filter(
    (name) => query.get(`${name}Enabled`) === 'true',
  );
  const excluded = (requirement: string) =>
    (query.get('ExcludeAllAddressRequired') === 'true' && requirement !== 'none') ||
    (query.get('ExcludeLocalAddressRequired') === 'true' && requirement === 'local') ||
    (query.get('ExcludeForeignAddressRequired') === 'true' && requirement === 'foreign');
  const betaToo = query.get('Beta') !== 'false';
  return (offer) =>
    (!pattern || pattern.test(nationalNumber(offer))) &&
    wanted.every(
      ({ field, place }) => place !== null && String(offer[field] ?? '').toLowerCase() === place,
    ) &&
    (center === undefined || (center !== null && milesBetween(center, offer) <= distance)) &&
    required.every(
      (name) => offer.capabilities[name.toLowerCase() as 'voice' | 'sms' | 'mms' | 'fax'],
    ) &&
    !excluded(offer.addressRequirements) &&
    (betaToo || !offer.beta);
}

const DEFAULT_DISTANCE_MILES = 25;

/** Where a near search is centred: undefined for none, null for a place the sandbox cannot locate. */
function nearPoint(
  query: ReadonlyMap<string, string>,
): { latitude: number; longitude: number } | null | undefined {
  const nearNumber = query.get('NearNumber');
  const nearLatLong = query.get('NearLatLong');
  if (nearNumber !== undefined) {
    const areaCode = usAreaCodeOf(nearNumber);
    const location = areaCode ? areaCodeLocation(areaCode) : null;
    return location ? { latitude: location.latitude, longitude: location.longitude } : null;
  }
  if (nearLatLong !== undefined) {
    const match = /^(-?\d+(?:\.\d+)?),(-?\d+(?:\.\d+)?)$/.exec(nearLatLong);
    if (!match) {
      throw new InvalidRequestError(
        SandboxErrorCode.InvalidParameter,
        `Invalid value for NearLatLong: ${JSON.stringify(nearLatLong)} is not "lat,long"`,
      );
    }
    return { latitude: Number(match[1]), longitude: Number(match[2]) };
  }
  return undefined;
}

function milesBetween(
  a: { latitude: number; longitude: number },
  b: { latitude: number | null; longitude: number | null },
): number {
  if (b.latitude === null || b.longitude === null) return Number.POSITIVE_INFINITY;
  const radians = (degrees: number) => (degrees * Math.PI) / 180;
  const h =
    Math.sin(radians(b.latitude - a.latitude) / 2) ** 2 +
    Math.cos(radians(a.latitude)) *
      Math.cos(radians(b.latitude)) *
      Math.sin(radians(b.longitude - a.longitude) / 2) ** 2;
  return 2 * 3958.8 * Math.asin(Math.sqrt(h));
}

/** The digits after the country calling code, where Contains looks. */
function nationalNumber(offer: Offer): string {
  const callingCode = CALLING_CODES[offer.isoCountry] ?? '';
  return offer.phoneNumber.slice(1 + callingCode.length);
}

const CALLING_CODES: Readonly<Record<string, string>> = {
  US: '1',
  CA: '1',
  GB: '44',
  DE: '49',
  AU: '61',
};

function preparePurchase(
  state: SandboxState,
  account: AccountRecord,
  request: OperationRequest,
): () => OperationResult {
  const phoneNumber = request.form.get('PhoneNumber') ?? null;
  const areaCode = request.form.get('AreaCode') ?? null;
  if (phoneNumber === null && areaCode === null) {
    throw new InvalidRequestError(
      SandboxErrorCode.InvalidParameter,
      'A PhoneNumber or an AreaCode is required',
    );
  }
  const changes = changesFrom(request.form);
  return () => {
    const record = state.purchase(
      account,
      { phoneNumber, areaCode: phoneNumber === null ? areaCode : null },
      changes,
    );
    return { status: 201, body: renderIncomingNumber(record) };
  };
}

function prepareList(
  state: SandboxState,
  account: AccountRecord,
  request: OperationRequest,
): () => OperationResult {
  const paging = {
    pageSize: Number(request.query.get('PageSize') ?? 50),
    page: Number(request.query.get('Page') ?? 0),
    pageToken: request.query.get('PageToken') ?? null,
  };
  const filters: Record<string, string> = {};
  for (const [name, value] of request.query) {
    if (name !== 'PageSize' && name !== 'Page' && name !== 'PageToken') filters[name] = value;
  }
  return () => {
    const result = state.list(account, {
      ...paging,
      phoneNumber: request.query.get('PhoneNumber') ?? null,
      friendlyName: request.query.get('FriendlyName') ?? null,
      origin: request.query.get('Origin') ?? null,
    });
    return {
      status: 200,
      body: renderIncomingNumberPage(account.sid, filters, paging, result),
    };
  };
}

/** Only what the request sends changes; an empty URL clears it. */
function changesFrom(form: ReadonlyMap<string, string>): NumberChanges {
  const url = (name: string) => {
    const value = form.get(name);
    return value === undefined ? undefined : value === '' ? null : value;
  };
  const changes: NumberChanges = {};
  const friendlyName = form.get('FriendlyName');
  if (friendlyName !== undefined) changes.friendlyName = friendlyName;
  if (url('VoiceUrl') !== undefined) changes.voiceUrl = url('VoiceUrl');
  if (form.has('VoiceMethod')) changes.voiceMethod = form.get('VoiceMethod')!;
  if (url('SmsUrl') !== undefined) changes.smsUrl = url('SmsUrl');
  if (form.has('SmsMethod')) changes.smsMethod = form.get('SmsMethod')!;

  const settings: NumberSettings = {};
  const set = <K extends keyof NumberSettings>(key: K, value: NumberSettings[K] | undefined) => {
    if (value !== undefined) settings[key] = value;
  };
  const sidOrNull = (name: string) => url(name);
  set('apiVersion', form.get('ApiVersion'));
  set('voiceFallbackUrl', url('VoiceFallbackUrl'));
  set('voiceFallbackMethod', form.get('VoiceFallbackMethod'));
  const lookup = form.get('VoiceCallerIdLookup');
  set('voiceCallerIdLookup', lookup === undefined ? undefined : lookup === 'true');
  set('voiceReceiveMode', form.get('VoiceReceiveMode'));
  set('smsFallbackUrl', url('SmsFallbackUrl'));
  set('smsFallbackMethod', form.get('SmsFallbackMethod'));
  set('smsApplicationSid', sidOrNull('SmsApplicationSid'));
  set('statusCallback', url('StatusCallback'));
  set('statusCallbackMethod', form.get('StatusCallbackMethod'));
  set('emergencyStatus', form.get('EmergencyStatus'));
  set('emergencyAddressSid', sidOrNull('EmergencyAddressSid'));
  set('addressSid', sidOrNull('AddressSid'));
  set('identitySid', sidOrNull('IdentitySid'));
  set('bundleSid', sidOrNull('BundleSid'));
  // Twilio: setting a trunk removes the voice application, and the other way round.
  const trunkSid = sidOrNull('TrunkSid');
  const voiceApplicationSid = sidOrNull('VoiceApplicationSid');
  if (trunkSid !== undefined) {
    settings.trunkSid = trunkSid;
    if (trunkSid) settings.voiceApplicationSid = null;
  }
  if (voiceApplicationSid !== undefined) {
    settings.voiceApplicationSid = voiceApplicationSid;
    if (voiceApplicationSid) settings.trunkSid = null;
  }
  if (Object.keys(settings).length > 0) changes.settings = settings;
  return changes;
}

const KEYPAD: Readonly<Record<string, string>> = Object.fromEntries(
  ['abc', 'def', 'ghi', 'jkl', 'mno', 'pqrs', 'tuv', 'wxyz'].flatMap((letters, i) =>
    [...letters].map((letter) => [letter, String(i + 2)]),
  ),
);

/** Twilio's Contains: digits, letters as on a keypad, * for any digit; at least two characters. */
function containsRegExp(pattern: string): RegExp {
  if (!/^[0-9a-zA-Z*]{2,}$/.test(pattern)) {
    throw new InvalidRequestError(
      SandboxErrorCode.InvalidParameter,
      `Invalid value for Contains: ${JSON.stringify(pattern)}`,
    );
  }
  const source = [...pattern.toLowerCase()]
    .map((char) => (char === '*' ? '\\d' : (KEYPAD[char] ?? char)))
    .join('');
  return new RegExp(source);
}
