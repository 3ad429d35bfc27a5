import { Injectable, Logger } from '@nestjs/common';
import {
  AreaCode,
  AvailableNumber,
  E164Number,
  IncomingNumber,
  InvalidPhoneNumber,
  NumberNotAvailable,
  NumberNotInProviderAccount,
  PurchaseOptions,
  TelephonyProvider,
  TelephonyProviderRejected,
  TwilioNumberSid,
  VoiceUrl,
} from '@loquent/telephony-domain';
import {
  isTwilioError,
  isTwilioNotFound,
  toProviderError,
  TwilioErrorCode,
} from './twilio-error-mapper';
import { IPolicy } from 'cockatiel';
import { Twilio } from 'twilio';
import { AccountPageIndex, PageLocation } from './account-page-index';
import { TwilioClients } from './twilio-clients';
import { DEFAULT_TWILIO_RETRY, twilioRetryPolicy, type TwilioRetryOptions } from './twilio-retry';

/** Twilio's largest page; always passed explicitly (a bare `limit` makes the SDK pick its own). */
export const INCOMING_NUMBERS_PAGE_SIZE = 1000;
export const SEARCH_PAGE_SIZE = 20;
const LOOKUP_PAGE_SIZE = 20;

interface IncomingPhoneNumberPayload {
  sid: string;
  phoneNumber: string;
  friendlyName: string | null;
  voiceUrl: string | null;
}

/** The part of the SDK's Page the adapter uses. */
interface SdkPage {
  instances: IncomingPhoneNumberPayload[];
  nextPageUrl?: string;
  nextPage(): Promise<SdkPage> | undefined;
}

interface AvailablePhoneNumberPayload {
  phoneNumber: string;
  friendlyName: string | null;
  locality: string | null;
  region: string | null;
  capabilities: Record<string, boolean | undefined> | null;
}

/** TelephonyProvider over the official Twilio SDK, in the account that serves each organization. */
@Injectable()
export class TwilioTelephonyProvider extends TelephonyProvider {
  private readonly logger = new Logger(TwilioTelephonyProvider.name);
  /** For the calls that are safe to repeat; never for a purchase. */
  private readonly retry: IPolicy;
  private readonly pageIndex = new AccountPageIndex();

  constructor(
    private readonly clients: TwilioClients,
    retry: TwilioRetryOptions = DEFAULT_TWILIO_RETRY,
  ) {
    super();
    this.retry = twilioRetryPolicy(retry);
  }

  async searchAvailableLocalNumbers(
    organizationId: string,
    areaCode: AreaCode,
  ): Promise<AvailableNumber[]> {
    const client = await this.clients.forOrganization(organizationId);
    try {
      const page = await this.retry.execute(() =>
        client
          .availablePhoneNumbers('US')
          .local.page({ areaCode: Number(areaCode.value), pageSize: SEARCH_PAGE_SIZE }),
      );
      return page.instances.flatMap((instance) => this.toAvailable(instance));
    } catch (error) {
      // Twilio reports an area code with nothing for sale as an error; for a search it is no result.
      if (isTwilioError(error, TwilioErrorCode.NoNumbersInAreaCode)) return [];
      throw toProviderError('searchAvailableLocalNumbers', error);
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
      });
      return this.toIncomingStrict(created);
    } catch (error) {
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
    for await (const page of this.listing(organizationId)) {
      yield page.flatMap((instance) => this.toIncoming(instance));
    }
  }

  async *incomingNumbersWithSids(
    organizationId: string,
    sids: readonly TwilioNumberSid[],
  ): AsyncIterable<IncomingNumber[]> {
    const remaining = new Set(sids.map((sid) => sid.value));
    // Only the numbers asked for are turned into domain values: most of a page is skipped.
    const take = (instances: IncomingPhoneNumberPayload[]): IncomingNumber[] => {
      const found = instances.filter((instance) => remaining.delete(instance.sid));
      return found.flatMap((instance) => this.toIncoming(instance));
    };
    const client = await this.clients.forOrganization(organizationId);
    const { pages } = this.pageIndex.locate(client.accountSid, remaining);
    for (const location of pages) {
      let page: SdkPage | undefined;
      try {
        page = await this.loadPage('listIncomingNumbers', () => this.fetchPage(client, location));
      } catch (error) {
        // A page Twilio no longer serves (its cursor refused): read the account from the start.
        if (error instanceof TelephonyProviderRejected) break;
        throw error;
      }
      const found = take(page?.instances ?? []);
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
  ): Promise<IncomingNumber> {
    const client = await this.clients.forOrganization(organizationId);
    try {
      // Only the voice URL and its method: SMS settings (and everything else) are left as they are.
      const updated = await this.retry.execute(() =>
        client
          .incomingPhoneNumbers(sid.value)
          .update({ voiceUrl: voiceUrl?.value ?? '', voiceMethod: 'POST' }),
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
    }
  }

  /**
   * The whole account a page at a time, following Twilio's next_page_uri; what it sees is
   * remembered in the page index.
   */
  private async *listing(organizationId: string): AsyncGenerator<IncomingPhoneNumberPayload[]> {
    const client = await this.clients.forOrganization(organizationId);
    const recorder = this.pageIndex.beginListing(client.accountSid);
    let location: PageLocation = { kind: 'first' };
    let page = await this.loadPage('listIncomingNumbers', () => this.fetchPage(client, location));
    while (page) {
      recorder.page(
        location,
        page.instances.map((instance) => instance.sid),
      );
      if (!page.nextPageUrl) recorder.complete();
      yield page.instances;
      if (!page.nextPageUrl) return;
      // The SDK fetches next_page_uri through the same HTTP client: paging stays on the origin.
      location = { kind: 'url', url: page.nextPageUrl };
      const next = location;
      page = await this.loadPage('listIncomingNumbers', () => this.fetchPage(client, next));
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

  private fetchPage(client: Twilio, location: PageLocation): Promise<SdkPage> {
    return (
      location.kind === 'first'
        ? client.incomingPhoneNumbers.page({ pageSize: INCOMING_NUMBERS_PAGE_SIZE })
        : client.incomingPhoneNumbers.getPage(location.url)
    ) as Promise<SdkPage>;
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

  private toAvailable(payload: AvailablePhoneNumberPayload): AvailableNumber[] {
    try {
      const capabilities = payload.capabilities ?? {};
      return [
        {
          phoneNumber: E164Number.parse(payload.phoneNumber),
          friendlyName: payload.friendlyName ?? payload.phoneNumber,
          locality: payload.locality || null,
          region: payload.region || null,
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
  private toIncoming(payload: IncomingPhoneNumberPayload): IncomingNumber[] {
    try {
      return [this.toIncomingStrict(payload)];
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
    };
  }
}
