import { COUNTRIES, Offer, ownedNumberTraits, TYPE_SEGMENTS } from './sandbox-catalogue';
import { AccountRecord, ListResult, NumberRecord } from './sandbox-state';

// JSON exactly as Twilio's 2010 API spells it (snake_case, RFC 2822 dates, relative URIs).

export const API_ROOT = '/2010-04-01';

export function accountUri(accountSid: string): string {
  return `${API_ROOT}/Accounts/${accountSid}.json`;
}

export function incomingNumbersUri(accountSid: string): string {
  return `${API_ROOT}/Accounts/${accountSid}/IncomingPhoneNumbers.json`;
}

export function incomingNumberUri(accountSid: string, sid: string): string {
  return `${API_ROOT}/Accounts/${accountSid}/IncomingPhoneNumbers/${sid}.json`;
}

/** "Thu, 30 Jul 2015 20:00:00 +0000", the only date form the 2010 API uses. */
export function rfc2822(time: number): string {
  return new Date(time).toUTCString().replace('GMT', '+0000');
}

const ACCOUNT_SUBRESOURCES: Readonly<Record<string, string>> = {
  available_phone_numbers: 'AvailablePhoneNumbers',
  calls: 'Calls',
  conferences: 'Conferences',
  incoming_phone_numbers: 'IncomingPhoneNumbers',
  notifications: 'Notifications',
  outgoing_caller_ids: 'OutgoingCallerIds',
  recordings: 'Recordings',
  transcriptions: 'Transcriptions',
  addresses: 'Addresses',
  signing_keys: 'SigningKeys',
  connect_apps: 'ConnectApps',
  sip: 'SIP',
  authorized_connect_apps: 'AuthorizedConnectApps',
  usage: 'Usage',
  keys: 'Keys',
  applications: 'Applications',
  short_codes: 'SMS/ShortCodes',
  queues: 'Queues',
  messages: 'Messages',
  balance: 'Balance',
};

/** The account resource; the auth token is left out, as a sandbox never needs to echo it. */
export function renderAccount(account: AccountRecord): Record<string, unknown> {
  const base = `${API_ROOT}/Accounts/${account.sid}`;
  return {
    date_created: rfc2822(account.createdAt),
    date_updated: rfc2822(account.createdAt),
    friendly_name: account.friendlyName,
    owner_account_sid: account.sid,
    sid: account.sid,
    status: 'active',
    subresource_uris: Object.fromEntries(
      Object.entries(ACCOUNT_SUBRESOURCES).map(([key, path]) => [key, `${base}/${path}.json`]),
    ),
    type: 'Full',
    uri: accountUri(account.sid),
  };
}

export function renderIncomingNumber(record: NumberRecord): Record<string, unknown> {
  const settings = record.settings ?? {};
  const traits = ownedNumberTraits(record.phoneNumber);
  const uri = incomingNumberUri(record.accountSid, record.sid);
  // Unset optional values are null rather than Twilio's occasional "": the spec's sid patterns
  // and uri formats reject "", and the adapter must cope with null anyway.
  return {
    account_sid: record.accountSid,
    address_requirements: traits.addressRequirements,
    address_sid: settings.addressSid ?? null,
    api_version: settings.apiVersion ?? '2010-04-01',
    beta: traits.beta,
    capabilities: { ...traits.capabilities },
    date_created: rfc2822(record.createdAt),
    date_updated: rfc2822(record.updatedAt),
    emergency_status: settings.emergencyStatus ?? 'Inactive',
    emergency_address_sid: settings.emergencyAddressSid ?? null,
    emergency_address_status: 'unregistered',
    friendly_name: record.friendlyName,
    identity_sid: settings.identitySid ?? null,
    origin: 'twilio',
    phone_number: record.phoneNumber,
    sid: record.sid,
    sms_application_sid: settings.smsApplicationSid ?? null,
    sms_fallback_method: settings.smsFallbackMethod ?? 'POST',
    sms_fallback_url: settings.smsFallbackUrl ?? null,
    sms_method: record.smsMethod,
    sms_url: record.smsUrl,
    status_callback: settings.statusCallback ?? null,
    status_callback_method: settings.statusCallbackMethod ?? 'POST',
    trunk_sid: settings.trunkSid ?? null,
    uri,
    voice_application_sid: settings.voiceApplicationSid ?? null,
    voice_caller_id_lookup: settings.voiceCallerIdLookup ?? false,
    voice_fallback_method: settings.voiceFallbackMethod ?? 'POST',
    voice_fallback_url: settings.voiceFallbackUrl ?? null,
    voice_method: record.voiceMethod,
    voice_url: record.voiceUrl,
    voice_receive_mode: settings.voiceReceiveMode ?? 'voice',
    status: 'in-use',
    bundle_sid: settings.bundleSid ?? null,
    subresource_uris: {
      assigned_add_ons: uri.replace(/\.json$/, '/AssignedAddOns.json'),
    },
  };
}

/** An AvailablePhoneNumber (Local, TollFree or Mobile: one shape); capabilities keys lowercase. */
export function renderAvailableNumber(offer: Offer): Record<string, unknown> {
  return {
    friendly_name: offer.friendlyName,
    phone_number: offer.phoneNumber,
    lata: offer.lata,
    locality: offer.locality,
    rate_center: offer.rateCenter,
    latitude: offer.latitude,
    longitude: offer.longitude,
    region: offer.region,
    postal_code: offer.postalCode,
    iso_country: offer.isoCountry,
    address_requirements: offer.addressRequirements,
    beta: offer.beta,
    capabilities: { ...offer.capabilities },
  };
}

export function renderAvailableNumbers(
  offers: readonly Offer[],
  uri: string,
): Record<string, unknown> {
  return { available_phone_numbers: offers.map(renderAvailableNumber), uri };
}

/** An AvailablePhoneNumberCountry: the country and a URI for each type sold there. */
export function renderCountry(accountSid: string, countryCode: string): Record<string, unknown> {
  const country = COUNTRIES[countryCode]!;
  const base = `${API_ROOT}/Accounts/${accountSid}/AvailablePhoneNumbers/${countryCode}`;
  return {
    country_code: countryCode,
    country: country.name,
    uri: `${base}.json`,
    beta: false,
    subresource_uris: Object.fromEntries(
      country.types.map((type) => [type, `${base}/${TYPE_SEGMENTS[type]}.json`]),
    ),
  };
}

/** The country list, in one page as Twilio serves it (no paging URIs). */
export function renderCountries(accountSid: string): Record<string, unknown> {
  return {
    countries: Object.keys(COUNTRIES).map((code) => renderCountry(accountSid, code)),
    uri: `${API_ROOT}/Accounts/${accountSid}/AvailablePhoneNumbers.json`,
  };
}

/**
 * A page of IncomingPhoneNumbers in Twilio's envelope. Filters come first in the URIs, then
 * PageSize, Page and PageToken, as Twilio writes them.
 */
export function renderIncomingNumberPage(
  accountSid: string,
  filters: Readonly<Record<string, string>>,
  request: { pageSize: number; page: number; pageToken: string | null },
  result: ListResult,
): Record<string, unknown> {
  const base = incomingNumbersUri(accountSid);
  const pageUri = (page: number, token: string | null) => {
    const query = new URLSearchParams(filters);
    query.set('PageSize', String(request.pageSize));
    query.set('Page', String(page));
    if (token) query.set('PageToken', token);
    return `${base}?${query.toString()}`;
  };
  const { items, hasNext } = result;
  const start = request.page * request.pageSize;
  const first = items[0];
  const last = items[items.length - 1];
  return {
    first_page_uri: pageUri(0, null),
    end: items.length === 0 ? start : start + items.length - 1,
    previous_page_uri:
      request.page > 0 && first ? pageUri(request.page - 1, `PB${first.sid}`) : null,
    incoming_phone_numbers: items.map(renderIncomingNumber),
    uri: pageUri(request.page, request.pageToken),
    page_size: request.pageSize,
    start,
    next_page_uri: hasNext && last ? pageUri(request.page + 1, `PA${last.sid}`) : null,
    page: request.page,
  };
}
