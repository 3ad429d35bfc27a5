import { AreaCode } from '../phone-number/area-code.value-object';
import { E164Number } from '../phone-number/e164-number.value-object';
import { TwilioNumberSid } from '../phone-number/twilio-number-sid.value-object';
import { VoiceUrl } from '../phone-number/voice-url.value-object';

export interface NumberCapabilities {
  voice: boolean;
  sms: boolean;
  mms: boolean;
}

/** A number the provider offers for sale. */
export interface AvailableNumber {
  phoneNumber: E164Number;
  friendlyName: string;
  locality: string | null;
  region: string | null;
  capabilities: NumberCapabilities;
}

/** A number held in a provider account, as the provider reports it. */
export interface IncomingNumber {
  sid: TwilioNumberSid;
  phoneNumber: E164Number;
  friendlyName: string | null;
  voiceUrl: VoiceUrl | null;
}

export interface PurchaseOptions {
  friendlyName: string | null;
}

/**
 * The telephony provider (Twilio), always in the account that serves the given organization.
 * Failures are thrown as TelephonyProviderError subclasses, or as NumberNotAvailable and
 * InvalidPhoneNumber where the provider says so.
 */
export abstract class TelephonyProvider {
  abstract searchAvailableLocalNumbers(
    organizationId: string,
    areaCode: AreaCode,
  ): Promise<AvailableNumber[]>;

  /** Buys the number. Not idempotent: never retry it blindly. */
  abstract purchase(
    organizationId: string,
    number: E164Number,
    options: PurchaseOptions,
  ): Promise<IncomingNumber>;

  /** Every number in the account, one provider page at a time. */
  abstract incomingNumberPages(organizationId: string): AsyncIterable<IncomingNumber[]>;

  /**
   * The account's numbers with these sids, in batches as the provider serves them; a sid in no
   * batch is not in the account. Where the provider can, it goes straight to the pages holding
   * them rather than reading the whole account.
   */
  abstract incomingNumbersWithSids(
    organizationId: string,
    sids: readonly TwilioNumberSid[],
  ): AsyncIterable<IncomingNumber[]>;

  /** The number with this sid, or null when it is not in the account. */
  abstract fetchIncomingNumber(
    organizationId: string,
    sid: TwilioNumberSid,
  ): Promise<IncomingNumber | null>;

  /** The number with this E.164 number, or null when it is not in the account. */
  abstract findIncomingNumber(
    organizationId: string,
    number: E164Number,
  ): Promise<IncomingNumber | null>;

  /** Sets the voice URL (requested with POST), or clears it with null. Touches nothing else. */
  abstract updateVoiceUrl(
    organizationId: string,
    sid: TwilioNumberSid,
    voiceUrl: VoiceUrl | null,
  ): Promise<IncomingNumber>;

  /** Gives the number back to the provider. */
  abstract release(organizationId: string, sid: TwilioNumberSid): Promise<void>;
}
