import { Injectable, Logger } from '@nestjs/common';
import {
  ADDRESS_REQUIREMENTS,
  AddressRequired,
  AddressRequirement,
  AvailableCountry,
  AvailableNumber,
  AvailableNumbersResult,
  AvailableNumberSearch,
  BundleRequired,
  E164Number,
  IncomingNumber,
  InvalidPhoneNumber,
  NUMBER_TYPES,
  NumberNotAvailable,
  NumberNotInProviderAccount,
  NumberType,
  PurchaseOptions,
  TelephonyProvider,
  TelephonyProviderRejected,
  TwilioNumberSid,
  VoiceUrl,
} from '@loquent/telephony-domain';
import {
  ADDRESS_REFUSALS,
  BUNDLE_REFUSALS,
  isTwilioError,
  isTwilioNotFound,
  toProviderError,
  TwilioErrorCode,
} from './twilio-error-mapper';
import { AvailableCountriesCache } from './available-countries-cache';
import { IPolicy } from 'cockatiel';
import { RestException, Twilio } from 'twilio';
import { AccountPageIndex, ListedNumber, PageLocation } from './account-page-index';
import type { PageHints } from './account-page-index';
import { TwilioClients } from './twilio-clients';
import { DEFAULT_TWILIO_RETRY, twilioRetryPolicy, type TwilioRetryOptions } from './twilio-retry';

/** Twilio's largest page; always passed explicitly (a bare `limit` makes the SDK pick its own). */
export const INCOMING_NUMBERS_PAGE_SIZE = 1000;
const LOOKUP_PAGE_SIZE = 20;
/** Twilio lists every country on one page; the largest page keeps it so. */
const COUNTRIES_PAGE_SIZE = 1000;

interface IncomingPhoneNumberPayload {
  sid: string;
  phoneNumber: string;
  friendlyName: string | null;
  voiceUrl: string | null;
  voiceFallbackUrl?: string | null;
}

/** The part of the SDK's Page the adapter uses. */
interface SdkPage {
  instances: IncomingPhoneNumberPayload[];
  nextPageUrl?: string;
  nextPage(): Promise<SdkPage> | undefined;
}

/** A page of the account's listing, as Twilio sent it. */
interface ListingPage {
  records: ListedNumber[];
  /** Absolute, as the SDK's Page makes it: on api.twilio.com, rebased by the HTTP client. */
  nextPageUrl: string | undefined;
}

/** The JSON of an IncomingPhoneNumbers.json page (2010 API: next_page_uri; newer: meta). */
interface ListingPayload {
  incoming_phone_numbers?: unknown;
  next_page_uri?: string | null;
  meta?: { next_page_url?: string | null };
}

interface AvailablePhoneNumberPayload {
  phoneNumber: string;
  friendlyName: string | null;
  isoCountry?: string | null;
  locality: string | null;
  region: string | null;
  postalCode?: string | null;
  rateCenter?: string | null;
  // Twilio's JSON has carried coordinates as strings ("37.780200") as well as numbers.
  latitude?: number | string | null;
  longitude?: number | string | null;
  beta?: boolean | null;
  addressRequirements?: string | null;
  capabilities: Record<string, boolean | undefined> | null;
}

/** The query of AvailablePhoneNumbers/{Country}/{Type}, in the SDK's names. */
interface SearchParams {
  areaCode?: number;
  contains?: string;
  inLocality?: string;
  inRegion?: string;
  inPostalCode?: string;
  nearNumber?: string;
  distance?: number;
  voiceEnabled?: boolean;
  smsEnabled?: boolean;
  mmsEnabled?: boolean;
  excludeAllAddressRequired?: boolean;
  excludeLocalAddressRequired?: boolean;
  excludeForeignAddressRequired?: boolean;
  beta?: boolean;
  pageSize: number;
}

/** TelephonyProvider over the official Twilio SDK, in the account that serves each organization. */
@Injectable()
export class TwilioTelephonyProvider extends TelephonyProvider {
  private readonly logger = new Logger(TwilioTelephonyProvider.name);
  /** For the calls that are safe to repeat; never for a purchase. */
  private readonly retry: IPolicy;
  private readonly countries: AvailableCountriesCache;

  constructor(
    private readonly clients: TwilioClients,
    retry: TwilioRetryOptions = DEFAULT_TWILIO_RETRY,
    countries = new AvailableCountriesCache(),
    /** Where listings leave their page hints: this process's own index unless shared. */
    private readonly pageIndex: PageHints = new AccountPageIndex(),
  ) {
    super();
    this.retry = twilioRetryPolicy(retry);
    this.countries = countries;
  }

  async searchAvailableNumbers(
    organizationId: string,
    search: AvailableNumberSearch,
  ): Promise<AvailableNumbersResult> {
    const client = await this.clients.forOrganization(organizationId);
    const country = search.country.value;
    try {
      const page = await this.retry.execute(() => availableNumbersPage(client, search));
      const numbers = page.instances.flatMap((instance) =>
        this.toAvailable(instance, search.type, country),
      );
      return { outcome: 'found', numbers };
    } catch (error) {
      // Twilio reports an area code with nothing for sale as an error; for a search it is no result.
      if (isTwilioError(error, TwilioErrorCode.NoNumbersInAreaCode)) {
        return { outcome: 'found', numbers: [] };
      }
      // A country Twilio sells nothing in, or a type it does not sell there: 404 for both.
      if (isTwilioNotFound(error)) return this.notSold(client, search);
      throw toProviderError('searchAvailableNumbers', error);
    }
  }

  async listAvailableCountries(organizationId: string): Promise<AvailableCountry[]> {
    const client = await this.clients.forOrganization(organizationId);
    return this.countries.get(client.accountSid, async () => {
      try {
        const countries = await this.retry.execute(() =>
          client.availablePhoneNumbers.list({ pageSize: COUNTRIES_PAGE_SIZE }),
        );
        // Countries that sell only types Loquent does not buy (national, shared cost...) are left out.
        return countries.flatMap((country) => {
          const types = typesOf(country.subresourceUris);
          return types.length === 0
            ? []
            : [
                {
                  countryCode: country.countryCode,
                  name: country.country,
                  beta: Boolean(country.beta),
                  types,
                },
              ];
        });
      } catch (error) {
        throw toProviderError('listAvailableCountries', error);
      }
    });
  }

  /** Which of the two a 404 meant, asked of the country resource. */
  private async notSold(
    client: Twilio,
    search: AvailableNumberSearch,
  ): Promise<AvailableNumbersResult> {
    const country = search.country.value;
    try {
      const found = await this.retry.execute(() => client.availablePhoneNumbers(country).fetch());
      const typesSold = typesOf(found.subresourceUris);
      // Listed after all: nothing for sale there right now.
      if (typesSold.includes(search.type)) return { outcome: 'found', numbers: [] };
      return { outcome: 'type_not_sold', numbers: [], country, type: search.type, typesSold };
    } catch (error) {
      if (isTwilioNotFound(error)) return { outcome: 'country_not_sold', numbers: [], country };
      throw toProviderError('searchAvailableNumbers', error);
    }
  }

  async purchase(
    organizationId: string,
    number: E164Number,
    options: PurchaseOptions,
  ): Promise<IncomingNumber> {
    const client = await this.clients.forOrganization(organizationId);
    try {
      const created = await client.incomingPhoneNumbers.create({
        phoneNumber: number.value,
        ...(options.friendlyName ? { friendlyName: options.friendlyName } : {}),
        ...(options.addressSid ? { addressSid: options.addressSid.value } : {}),
        ...(options.bundleSid ? { bundleSid: options.bundleSid.value } : {}),
      });
      return this.toIncomingStrict(created);
    } catch (error) {
      const refusal = isTwilioError(error, ...ADDRESS_REFUSALS, ...BUNDLE_REFUSALS)
        ? {
            operation: 'purchase',
            providerStatus: error.status,
            providerCode: error.code,
            number: number.value,
            providerMessage: error.twilioMessage,
          }
        : null;
      if (refusal && isTwilioError(error, ...ADDRESS_REFUSALS)) {
        throw new AddressRequired({ ...refusal, addressSid: options.addressSid?.value ?? null });
      }
      if (refusal) {
        throw new BundleRequired({ ...refusal, bundleSid: options.bundleSid?.value ?? null });
      }
      if (isTwilioError(error, TwilioErrorCode.NumberNotAvailable)) {
        throw new NumberNotAvailable({
          operation: 'purchase',
          providerStatus: error.status,
          providerCode: error.code,
          number: number.value,
        });
      }
      if (isTwilioError(error, TwilioErrorCode.InvalidPhoneNumber)) {
        throw new InvalidPhoneNumber(number.value, 'is not a number Twilio can sell');
      }
      throw toProviderError('purchase', error);
    }
  }

  async *incomingNumberPages(organizationId: string): AsyncIterable<IncomingNumber[]> {
    for await (const page of this.listing(organizationId, { readAhead: true })) {
      yield page.flatMap((record) => this.toIncoming(record));
    }
  }

  async *incomingNumbersWithSids(
    organizationId: string,
    sids: readonly TwilioNumberSid[],
  ): AsyncIterable<IncomingNumber[]> {
    const remaining = new Set(sids.map((sid) => sid.value));
    // Only the numbers asked for are turned into domain values: most of a page is skipped.
    const take = (records: ListedNumber[]): IncomingNumber[] => {
      const found = records.filter((record) => remaining.delete(record.sid));
      return found.flatMap((record) => this.toIncoming(record));
    };
    const client = await this.clients.forOrganization(organizationId);
    const { pages } = await this.pageIndex.locate(client.accountSid, remaining);
    for (const location of pages) {
      // The listing the numbers were picked from, if it is recent, rather than Twilio again.
      let records = await this.pageIndex.recentCopy(client.accountSid, location);
      if (!records) {
        try {
          records = (await this.loadListingPage(client, location)).records;
        } catch (error) {
          // A page Twilio no longer serves (its cursor refused): read the account from the start.
          if (error instanceof TelephonyProviderRejected) break;
          throw error;
        }
      }
      const found = take(records);
      if (found.length > 0) yield found;
      if (remaining.size === 0) return;
    }
    // Never seen, or no longer where they were: read the account from the start.
    for await (const page of this.listing(organizationId)) {
      const found = take(page);
      if (found.length > 0) yield found;
      if (remaining.size === 0) return;
    }
  }

  async fetchIncomingNumber(
    organizationId: string,
    sid: TwilioNumberSid,
  ): Promise<IncomingNumber | null> {
    const client = await this.clients.forOrganization(organizationId);
    try {
      return this.toIncomingStrict(
        await this.retry.execute(() => client.incomingPhoneNumbers(sid.value).fetch()),
      );
    } catch (error) {
      if (isTwilioNotFound(error)) return null;
      throw toProviderError('fetchIncomingNumber', error);
    }
  }

  async findIncomingNumber(
    organizationId: string,
    number: E164Number,
  ): Promise<IncomingNumber | null> {
    // Twilio's PhoneNumber filter matches partially (a main line matches its extensions), so the
    // exact number may be on a later page: read pages until it turns up or they run out.
    for await (const page of this.matching(organizationId, number.value)) {
      const found = page.find((instance) => instance.phoneNumber === number.value);
      if (found) return this.toIncomingStrict(found);
    }
    return null;
  }

  async updateVoiceUrl(
    organizationId: string,
    sid: TwilioNumberSid,
    voiceUrl: VoiceUrl | null,
    options: { voiceFallbackUrl?: VoiceUrl | null } = {},
  ): Promise<IncomingNumber> {
    const client = await this.clients.forOrganization(organizationId);
    const fallback =
      options.voiceFallbackUrl === undefined
        ? {}
        : { voiceFallbackUrl: options.voiceFallbackUrl?.value ?? '', voiceFallbackMethod: 'POST' };
    try {
      // Only the voice URL (and fallback URL) and their methods: SMS settings (and everything
      // else) are left as they are.
      const updated = await this.retry.execute(() =>
        client
          .incomingPhoneNumbers(sid.value)
          .update({ voiceUrl: voiceUrl?.value ?? '', voiceMethod: 'POST', ...fallback }),
      );
      return this.toIncomingStrict(updated);
    } catch (error) {
      if (isTwilioNotFound(error)) throw new NumberNotInProviderAccount(sid.value);
      throw toProviderError('updateVoiceUrl', error);
    }
  }

  async release(organizationId: string, sid: TwilioNumberSid): Promise<void> {
    const client = await this.clients.forOrganization(organizationId);
    try {
      await client.incomingPhoneNumbers(sid.value).remove();
    } catch (error) {
      if (isTwilioNotFound(error)) throw new NumberNotInProviderAccount(sid.value);
      throw toProviderError('release', error);
    } finally {
      // Gone or going: a copy of a page that listed it must not import it again.
      await this.pageIndex.forgetCopies(client.accountSid);
    }
  }

  /**
   * The whole account a page at a time, following Twilio's next_page_uri; what it sees is
   * remembered in the page index.
   */
  private async *listing(
    organizationId: string,
    { readAhead = false } = {},
  ): AsyncGenerator<ListedNumber[]> {
    const client = await this.clients.forOrganization(organizationId);
    const recorder = this.pageIndex.beginListing(client.accountSid);
    let location: PageLocation = { kind: 'first' };
    let page: ListingPage = await this.loadListingPage(client, location);
    // Hints are written while the next pages are read, and all of them before the last page is
    // handed on: a request on another replica may follow the listing at once.
    const writes: Promise<void>[] = [];
    for (;;) {
      const write = recorder.page(location, page.records);
      if (write) writes.push(write);
      const next: PageLocation | null = page.nextPageUrl
        ? { kind: 'url', url: page.nextPageUrl }
        : null;
      // A reader of the whole account has the next page fetched while it handles this one; one
      // that may stop early (its numbers found) fetches no page it will not read.
      const ahead = next && readAhead ? settledLater(this.loadListingPage(client, next)) : null;
      if (!next) {
        await Promise.all(writes);
        await recorder.complete();
      }
      yield page.records;
      if (!next) return;
      location = next;
      page = ahead ? await ahead() : await this.loadListingPage(client, next);
    }
  }

  /** The account's numbers matching Twilio's PhoneNumber filter, a page at a time. */
  private async *matching(
    organizationId: string,
    phoneNumber: string,
  ): AsyncGenerator<IncomingPhoneNumberPayload[]> {
    const client = await this.clients.forOrganization(organizationId);
    let page = await this.loadPage(
      'findIncomingNumber',
      () =>
        client.incomingPhoneNumbers.page({
          phoneNumber,
          pageSize: LOOKUP_PAGE_SIZE,
        }) as Promise<SdkPage>,
    );
    while (page) {
      yield page.instances;
      const current = page;
      page = current.nextPageUrl
        ? await this.loadPage('findIncomingNumber', () => current.nextPage())
        : undefined;
    }
  }

  /**
   * A page of the account's listing through the SDK's client (its HTTP client, credentials and
   * User-Agent) as the JSON Twilio sent: the SDK's Page would build an instance of some forty
   * fields, two parsed dates among them, for each of a page's 1,000 numbers, of which Loquent
   * reads five. Retried on transient failures; reading is safe to repeat.
   */
  private async loadListingPage(client: Twilio, location: PageLocation): Promise<ListingPage> {
    const request =
      location.kind === 'first'
        ? {
            method: 'get' as const,
            uri: client.api.absoluteUrl(
              `/2010-04-01/Accounts/${client.accountSid}/IncomingPhoneNumbers.json`,
            ),
            params: { PageSize: INCOMING_NUMBERS_PAGE_SIZE },
            headers: { Accept: 'application/json' },
          }
        : // The SDK fetches next_page_uri through the same HTTP client: paging stays on the origin.
          { method: 'get' as const, uri: location.url };
    let payload: ListingPayload;
    try {
      const response: { statusCode: number; body: unknown } = await this.retry.execute(() =>
        client.request(request),
      );
      // As the SDK's Page: anything but 200 is an error (the HTTP client throws on >= 400).
      if (response.statusCode !== 200) throw new RestException(response);
      payload = (
        typeof response.body === 'string' ? JSON.parse(response.body) : response.body
      ) as ListingPayload;
    } catch (error) {
      throw toProviderError('listIncomingNumbers', error);
    }
    if (!Array.isArray(payload.incoming_phone_numbers)) {
      throw new Error('Twilio answered a page of incoming numbers without incoming_phone_numbers');
    }
    const next = payload.meta?.next_page_url || payload.next_page_uri;
    return {
      // Copied out, so the page as parsed (some forty fields a number) dies young, before the
      // awaits that follow would see it promoted to the old generation.
      records: (payload.incoming_phone_numbers as ListedNumber[]).map((record) => ({
        sid: record.sid,
        phone_number: record.phone_number,
        friendly_name: record.friendly_name,
        voice_url: record.voice_url,
        voice_fallback_url: record.voice_fallback_url,
      })),
      nextPageUrl: next ? client.api.absoluteUrl(next) : undefined,
    };
  }

  /** A page, retried on transient failures; reading is safe to repeat. */
  private async loadPage(
    operation: string,
    fetchPage: () => Promise<SdkPage> | undefined,
  ): Promise<SdkPage | undefined> {
    try {
      return await this.retry.execute(() => fetchPage());
    } catch (error) {
      throw toProviderError(operation, error);
    }
  }

  private toAvailable(
    payload: AvailablePhoneNumberPayload,
    type: NumberType,
    country: string,
  ): AvailableNumber[] {
    try {
      const capabilities = payload.capabilities ?? {};
      return [
        {
          phoneNumber: E164Number.parse(payload.phoneNumber),
          friendlyName: payload.friendlyName ?? payload.phoneNumber,
          isoCountry: payload.isoCountry || country,
          type,
          locality: payload.locality || null,
          region: payload.region || null,
          postalCode: payload.postalCode || null,
          rateCenter: payload.rateCenter || null,
          latitude: coordinate(payload.latitude),
          longitude: coordinate(payload.longitude),
          beta: Boolean(payload.beta),
          addressRequirements: addressRequirement(payload.addressRequirements),
          // Twilio's JSON has used both "sms" and "SMS" here.
          capabilities: {
            voice: Boolean(capabilities.voice ?? capabilities.Voice),
            sms: Boolean(capabilities.sms ?? capabilities.SMS),
            mms: Boolean(capabilities.mms ?? capabilities.MMS),
          },
        },
      ];
    } catch (error) {
      this.logger.warn(`Skipped an available number Twilio listed: ${String(error)}`);
      return [];
    }
  }

  /** A number from a listing; one Loquent cannot represent is skipped rather than failing the list. */
  private toIncoming(record: ListedNumber): IncomingNumber[] {
    try {
      return [
        this.toIncomingStrict({
          sid: record.sid,
          phoneNumber: record.phone_number,
          friendlyName: record.friendly_name,
          voiceUrl: record.voice_url,
          voiceFallbackUrl: record.voice_fallback_url,
        }),
      ];
    } catch (error) {
      this.logger.warn(`Skipped a number of the Twilio account: ${String(error)}`);
      return [];
    }
  }

  private toIncomingStrict(payload: IncomingPhoneNumberPayload): IncomingNumber {
    return {
      sid: TwilioNumberSid.parse(payload.sid),
      phoneNumber: E164Number.parse(payload.phoneNumber),
      friendlyName: payload.friendlyName || null,
      voiceUrl: VoiceUrl.parseOptional(payload.voiceUrl),
      ...(payload.voiceFallbackUrl
        ? { voiceFallbackUrl: VoiceUrl.parseOptional(payload.voiceFallbackUrl) }
        : {}),
    };
  }
}

/**
 * A promise started now and awaited later: its failure is kept for whoever awaits it, not
 * reported as unhandled meanwhile (nor at all if nobody does, the reader having stopped).
 */
function settledLater<T>(promise: Promise<T>): () => Promise<T> {
  const settled = promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  return async () => {
    const outcome = await settled;
    if (outcome.ok) return outcome.value;
    throw outcome.error;
  };
}

/** AvailablePhoneNumbers/{Country}/{Local|TollFree|Mobile}.json, one page of `limit` numbers. */
function availableNumbersPage(
  client: Twilio,
  search: AvailableNumberSearch,
): Promise<{ instances: AvailablePhoneNumberPayload[] }> {
  const country = client.availablePhoneNumbers(search.country.value);
  const params = searchParams(search);
  switch (search.type) {
    case 'local':
      return country.local.page(params);
    case 'toll_free':
      return country.tollFree.page(params);
    case 'mobile':
      return country.mobile.page(params);
  }
}

function searchParams(search: AvailableNumberSearch): SearchParams {
  const params: SearchParams = { pageSize: search.limit };
  if (search.areaCode) params.areaCode = Number(search.areaCode.value);
  if (search.contains) params.contains = search.contains.value;
  if (search.inLocality !== null) params.inLocality = search.inLocality;
  if (search.inRegion !== null) params.inRegion = search.inRegion;
  if (search.inPostalCode !== null) params.inPostalCode = search.inPostalCode;
  if (search.nearNumber) params.nearNumber = search.nearNumber.value;
  if (search.distanceMiles !== null) params.distance = search.distanceMiles;
  // Only what is required is sent: false would ask for numbers without the capability.
  if (search.capabilities.voice) params.voiceEnabled = true;
  if (search.capabilities.sms) params.smsEnabled = true;
  if (search.capabilities.mms) params.mmsEnabled = true;
  if (search.excludeAddressRequired === 'all') params.excludeAllAddressRequired = true;
  if (search.excludeAddressRequired === 'local') params.excludeLocalAddressRequired = true;
  if (search.excludeAddressRequired === 'foreign') params.excludeForeignAddressRequired = true;
  if (search.beta !== null) params.beta = search.beta;
  return params;
}

/** The types Loquent buys among a country's subresource_uris (local, toll_free, mobile, ...). */
function typesOf(subresourceUris: Record<string, string> | null | undefined): NumberType[] {
  return NUMBER_TYPES.filter((type) => Boolean(subresourceUris?.[type]));
}

function coordinate(value: number | string | null | undefined): number | null {
  if (value === null || value === undefined || value === '') return null;
  const parsed = Number(value);
  return Number.isFinite(parsed) ? parsed : null;
}

/** One Twilio has not documented is taken as needing an address: the purchase will say which. */
function addressRequirement(value: string | null | undefined): AddressRequirement {
  if (value === null || value === undefined || value === '') return 'none';
  return (ADDRESS_REQUIREMENTS as readonly string[]).includes(value)
    ? (value as AddressRequirement)
    : 'any';
}
