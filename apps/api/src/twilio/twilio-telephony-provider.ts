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
    for await (const page of this.pages(organizationId, 'listIncomingNumbers', {
      pageSize: INCOMING_NUMBERS_PAGE_SIZE,
    })) {
      yield page.flatMap((instance) => this.toIncoming(instance));
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
    const filter = { phoneNumber: number.value, pageSize: LOOKUP_PAGE_SIZE };
    for await (const page of this.pages(organizationId, 'findIncomingNumber', filter)) {
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

  /** The account's numbers a page at a time, following Twilio's next_page_uri. */
  private async *pages(
    organizationId: string,
    operation: string,
    params: { pageSize: number; phoneNumber?: string },
  ): AsyncGenerator<IncomingPhoneNumberPayload[]> {
    const client = await this.clients.forOrganization(organizationId);
    const load = async (
      fetchPage: () => Promise<SdkPage> | undefined,
    ): Promise<SdkPage | undefined> => {
      try {
        return await this.retry.execute(() => fetchPage());
      } catch (error) {
        throw toProviderError(operation, error);
      }
    };
    let page = await load(() => client.incomingPhoneNumbers.page(params) as Promise<SdkPage>);
    while (page) {
      yield page.instances;
      const current = page;
      // nextPage() goes through the same HTTP client, so paging stays on the configured origin.
      page = current.nextPageUrl ? await load(() => current.nextPage()) : undefined;
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
