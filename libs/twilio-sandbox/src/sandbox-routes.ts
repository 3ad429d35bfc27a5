import { InvalidRequestError, SandboxErrorCode } from './sandbox-errors';

/** The operations of Twilio's 2010 API the sandbox answers (the ones Loquent uses). */
export const SANDBOX_OPERATIONS = [
  'fetchAccount',
  'listAvailableCountries',
  'fetchAvailableCountry',
  'searchAvailableNumbers',
  'purchaseNumber',
  'listIncomingNumbers',
  'fetchIncomingNumber',
  'updateIncomingNumber',
  'releaseIncomingNumber',
] as const;

export type SandboxOperation = (typeof SANDBOX_OPERATIONS)[number];

export function isSandboxOperation(value: unknown): value is SandboxOperation {
  return (SANDBOX_OPERATIONS as readonly unknown[]).includes(value);
}

/**
 * The operationIds in Twilio's OpenAPI description each operation answers; a search of numbers
 * is one operation whatever the type (the three take the same parameters).
 */
export const SPEC_OPERATION_IDS: Readonly<Record<SandboxOperation, readonly string[]>> = {
  fetchAccount: ['FetchAccount'],
  listAvailableCountries: ['ListAvailablePhoneNumberCountry'],
  fetchAvailableCountry: ['FetchAvailablePhoneNumberCountry'],
  searchAvailableNumbers: [
    'ListAvailablePhoneNumberLocal',
    'ListAvailablePhoneNumberTollFree',
    'ListAvailablePhoneNumberMobile',
  ],
  purchaseNumber: ['CreateIncomingPhoneNumber'],
  listIncomingNumbers: ['ListIncomingPhoneNumber'],
  fetchIncomingNumber: ['FetchIncomingPhoneNumber'],
  updateIncomingNumber: ['UpdateIncomingPhoneNumber'],
  releaseIncomingNumber: ['DeleteIncomingPhoneNumber'],
};

export interface RouteParams {
  accountSid: string;
  sid?: string;
  countryCode?: string;
  /** Local, TollFree, Mobile (or any other segment, which no country sells). */
  numberType?: string;
}

export type HttpMethod = 'GET' | 'POST' | 'DELETE';

/** Twilio's resources the sandbox serves (Express paths), and the operation of each method. */
export const ROUTES: readonly {
  path: string;
  methods: Readonly<Partial<Record<HttpMethod, SandboxOperation>>>;
}[] = [
  {
    path: '/2010-04-01/Accounts/:accountSid.json',
    methods: { GET: 'fetchAccount' },
  },
  {
    path: '/2010-04-01/Accounts/:accountSid/AvailablePhoneNumbers.json',
    methods: { GET: 'listAvailableCountries' },
  },
  {
    path: '/2010-04-01/Accounts/:accountSid/AvailablePhoneNumbers/:countryCode.json',
    methods: { GET: 'fetchAvailableCountry' },
  },
  {
    path: '/2010-04-01/Accounts/:accountSid/AvailablePhoneNumbers/:countryCode/:numberType.json',
    methods: { GET: 'searchAvailableNumbers' },
  },
  {
    path: '/2010-04-01/Accounts/:accountSid/IncomingPhoneNumbers.json',
    methods: { GET: 'listIncomingNumbers', POST: 'purchaseNumber' },
  },
  {
    path: '/2010-04-01/Accounts/:accountSid/IncomingPhoneNumbers/:sid.json',
    methods: {
      GET: 'fetchIncomingNumber',
      POST: 'updateIncomingNumber',
      DELETE: 'releaseIncomingNumber',
    },
  },
];

export const ACCOUNT_SID_PATTERN = /^AC[0-9a-fA-F]{32}$/;
export const NUMBER_SID_PATTERN = /^PN[0-9a-fA-F]{32}$/;

export type ParamRule =
  | { type: 'string' }
  | { type: 'integer'; min?: number; max?: number }
  | { type: 'boolean' }
  | { type: 'url' }
  | { type: 'enum'; values: readonly string[] }
  | { type: 'sid'; prefix: string };

const string: ParamRule = { type: 'string' };
const integer: ParamRule = { type: 'integer' };
const boolean: ParamRule = { type: 'boolean' };
const url: ParamRule = { type: 'url' };
const httpMethod: ParamRule = { type: 'enum', values: ['GET', 'POST'] };
const sid = (prefix: string): ParamRule => ({ type: 'sid', prefix });

const PAGING: Readonly<Record<string, ParamRule>> = {
  PageSize: { type: 'integer', min: 1, max: 1000 },
  Page: { type: 'integer', min: 0 },
  PageToken: string,
};

const NUMBER_SETTINGS: Readonly<Record<string, ParamRule>> = {
  ApiVersion: string,
  FriendlyName: string,
  SmsApplicationSid: sid('AP'),
  SmsFallbackMethod: httpMethod,
  SmsFallbackUrl: url,
  SmsMethod: httpMethod,
  SmsUrl: url,
  StatusCallback: url,
  StatusCallbackMethod: httpMethod,
  VoiceApplicationSid: sid('AP'),
  VoiceCallerIdLookup: boolean,
  VoiceFallbackMethod: httpMethod,
  VoiceFallbackUrl: url,
  VoiceMethod: httpMethod,
  VoiceUrl: url,
  EmergencyStatus: { type: 'enum', values: ['Active', 'Inactive'] },
  EmergencyAddressSid: sid('AD'),
  TrunkSid: sid('TK'),
  IdentitySid: sid('RI'),
  AddressSid: sid('AD'),
  VoiceReceiveMode: { type: 'enum', values: ['voice', 'fax'] },
  BundleSid: sid('BU'),
};

/**
 * What each operation accepts, transcribed from Twilio's OpenAPI description (the contract test
 * compares the two). Anything else is refused, so a stray parameter from the adapter shows up.
 */
export const OPERATION_PARAMETERS: Readonly<
  Record<
    SandboxOperation,
    { query: Readonly<Record<string, ParamRule>>; form: Readonly<Record<string, ParamRule>> | null }
  >
> = {
  fetchAccount: { query: {}, form: null },
  listAvailableCountries: { query: { ...PAGING }, form: null },
  fetchAvailableCountry: { query: {}, form: null },
  searchAvailableNumbers: {
    query: {
      AreaCode: integer,
      Contains: string,
      SmsEnabled: boolean,
      MmsEnabled: boolean,
      VoiceEnabled: boolean,
      ExcludeAllAddressRequired: boolean,
      ExcludeLocalAddressRequired: boolean,
      ExcludeForeignAddressRequired: boolean,
      Beta: boolean,
      NearNumber: string,
      NearLatLong: string,
      Distance: integer,
      InPostalCode: string,
      InRegion: string,
      InRateCenter: string,
      InLata: string,
      InLocality: string,
      FaxEnabled: boolean,
      ...PAGING,
    },
    form: null,
  },
  purchaseNumber: {
    query: {},
    form: { ...NUMBER_SETTINGS, PhoneNumber: string, AreaCode: string },
  },
  listIncomingNumbers: {
    query: { Beta: boolean, FriendlyName: string, PhoneNumber: string, Origin: string, ...PAGING },
    form: null,
  },
  fetchIncomingNumber: { query: {}, form: null },
  updateIncomingNumber: { query: {}, form: { AccountSid: sid('AC'), ...NUMBER_SETTINGS } },
  releaseIncomingNumber: { query: {}, form: null },
};

/** The request's parameters, checked against the operation's rules; one value per name. */
export function validateParameters(
  operation: SandboxOperation,
  query: Iterable<[string, string]>,
  form: Iterable<[string, string]> | null,
): { query: Map<string, string>; form: Map<string, string> } {
  const rules = OPERATION_PARAMETERS[operation];
  return {
    query: checkAll(query, rules.query, 'query'),
    form: form && rules.form ? checkAll(form, rules.form, 'form') : new Map(),
  };
}

function checkAll(
  params: Iterable<[string, string]>,
  rules: Readonly<Record<string, ParamRule>>,
  where: 'query' | 'form',
): Map<string, string> {
  const values = new Map<string, string>();
  for (const [name, value] of params) {
    const rule = rules[name];
    if (!rule) {
      throw new InvalidRequestError(
        SandboxErrorCode.InvalidParameter,
        `Unknown ${where} parameter ${name}`,
      );
    }
    if (values.has(name)) {
      throw new InvalidRequestError(
        SandboxErrorCode.InvalidParameter,
        `Parameter ${name} was given more than once`,
      );
    }
    check(name, value, rule);
    values.set(name, value);
  }
  return values;
}

function check(name: string, value: string, rule: ParamRule): void {
  const invalid = (expected: string) =>
    new InvalidRequestError(
      SandboxErrorCode.InvalidParameter,
      `Invalid value for ${name}: ${JSON.stringify(value)} is not ${expected}`,
    );
  switch (rule.type) {
    case 'string':
      return;
    case 'integer': {
      if (!/^-?\d+$/.test(value)) throw invalid('an integer');
      const n = Number(value);
      if ((rule.min !== undefined && n < rule.min) || (rule.max !== undefined && n > rule.max)) {
        throw invalid(`an integer from ${rule.min ?? '-∞'} to ${rule.max ?? '∞'}`);
      }
      return;
    }
    case 'boolean':
      if (value !== 'true' && value !== 'false') throw invalid('true or false');
      return;
    case 'url':
      // An empty value clears the URL; anything else must be something Twilio could request.
      if (value !== '' && !isHttpUrl(value)) {
        throw new InvalidRequestError(
          SandboxErrorCode.InvalidUrl,
          `Invalid Url: ${name} ${JSON.stringify(value)} is not an absolute http or https URL`,
        );
      }
      return;
    case 'enum':
      if (!rule.values.includes(value)) throw invalid(`one of ${rule.values.join(', ')}`);
      return;
    case 'sid':
      if (!new RegExp(`^${rule.prefix}[0-9a-fA-F]{32}$`).test(value)) {
        throw invalid(`a ${rule.prefix} sid`);
      }
      return;
  }
}

export function isHttpUrl(value: string): boolean {
  if (value.trim() !== value) return false;
  try {
    const parsed = new URL(value);
    return (parsed.protocol === 'http:' || parsed.protocol === 'https:') && parsed.hostname !== '';
  } catch {
    return false;
  }
}
