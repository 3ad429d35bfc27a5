import { AreaCodeLocation, areaCodeLocation, EMPTY_AREA_CODE, isAreaCode } from './area-codes';
import { InvalidRequestError, notFound, SandboxErrorCode } from './sandbox-errors';
import {
  renderAccount,
  renderAvailableNumbers,
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
  // The sandbox only sells US numbers; Twilio answers a country it has nothing in with 404.
  if (request.params.countryCode !== 'US') throw notFound(request.pathname);
  const areaCode = request.query.get('AreaCode');
  // Twilio would search everywhere without AreaCode; the sandbox has no "everywhere" to offer.
  if (areaCode === undefined) {
    throw new InvalidRequestError(
      SandboxErrorCode.InvalidAreaCode,
      'AreaCode is required by the Twilio sandbox',
    );
  }
  if (!isAreaCode(areaCode)) {
    throw new InvalidRequestError(
      SandboxErrorCode.InvalidAreaCode,
      `Invalid AreaCode: ${areaCode}`,
    );
  }
  const contains = request.query.get('Contains');
  const containsPattern = contains === undefined ? null : containsRegExp(contains);
  const pageSize = Number(request.query.get('PageSize') ?? 50);
  const locationFilters: [string, keyof AreaCodeLocation][] = [
    ['InRegion', 'region'],
    ['InLocality', 'locality'],
    ['InPostalCode', 'postalCode'],
    ['InLata', 'lata'],
    ['InRateCenter', 'rateCenter'],
  ];
  const query = request.rawQuery.toString();
  const uri = query ? `${request.pathname}?${query}` : request.pathname;
  return () => {
    if (areaCode === EMPTY_AREA_CODE) throw noNumbersIn(areaCode);
    const location = areaCodeLocation(areaCode);
    const locationMatches = locationFilters.every(([param, field]) => {
      const wanted = request.query.get(param);
      return (
        wanted === undefined ||
        String(location?.[field] ?? '').toLowerCase() === wanted.toLowerCase()
      );
    });
    // Every number can take calls, SMS and MMS, none fax, none needs an address, none is beta.
    const noneMatch = !locationMatches || request.query.get('FaxEnabled') === 'true';
    const numbers = noneMatch
      ? []
      : state
          .available(areaCode)
          .filter((number) => !containsPattern || containsPattern.test(number.slice(2)))
          .slice(0, pageSize);
    return { status: 200, body: renderAvailableNumbers(numbers, uri) };
  };
}

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
