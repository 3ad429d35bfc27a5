import { AddressSid } from '../available-numbers/address-sid.value-object';
import {
  AddressRequirement,
  AvailableNumberSearch,
  NumberType,
} from '../available-numbers/available-number-search';
import { BundleSid } from '../available-numbers/bundle-sid.value-object';
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
  /** ISO 3166-1 alpha-2 country of the number, as the provider reports it. */
  isoCountry: string;
  type: NumberType;
  locality: string | null;
  region: string | null;
  postalCode: string | null;
  rateCenter: string | null;
  latitude: number | null;
  longitude: number | null;
  /** New to the provider's platform. */
  beta: boolean;
  /** The Address the number needs to be bought. */
  addressRequirements: AddressRequirement;
  capabilities: NumberCapabilities;
}

/**
 * The numbers a search found; or none because the provider sells no numbers in the country, or
 * none of the type there (with the types it does sell there).
 */
export type AvailableNumbersResult =
  | { outcome: 'found'; numbers: AvailableNumber[] }
  | { outcome: 'country_not_sold'; numbers: []; country: string }
  | {
      outcome: 'type_not_sold';
      numbers: [];
      country: string;
      type: NumberType;
      typesSold: NumberType[];
    };

/** A country the provider sells numbers in, and which of the types Loquent buys it sells there. */
export interface AvailableCountry {
  /** ISO 3166-1 alpha-2. */
  countryCode: string;
  name: string;
  /** Every number the provider has there is new to its platform. */
  beta: boolean;
  types: NumberType[];
}

/** A number held in a provider account, as the provider reports it. */
export interface IncomingNumber {
  sid: TwilioNumberSid;
  phoneNumber: E164Number;
  friendlyName: string | null;
  voiceUrl: VoiceUrl | null;
  /** What the provider requests when the voice URL fails (Twilio's VoiceFallbackUrl); absent: none. */
  voiceFallbackUrl?: VoiceUrl | null;
}

export interface PurchaseOptions {
  friendlyName: string | null;
  /** The Address the number needs (see AvailableNumber.addressRequirements), if any. */
  addressSid?: AddressSid | null;
  /** The regulatory Bundle the number needs, if any. */
  bundleSid?: BundleSid | null;
}

/**
 * The telephony provider (Twilio), always in the account that serves the given organization.
 * Failures are thrown as TelephonyProviderError subclasses (NumberNotAvailable, AddressRequired and
 * BundleRequired among them), or as InvalidPhoneNumber where the provider says so.
 */
export abstract class TelephonyProvider {
  /**
   * Numbers for sale matching every criterion, at most `search.limit`. A country or a type the
   * provider does not sell is an outcome, not an error; so is an area code with nothing for sale.
   */
  abstract searchAvailableNumbers(
    organizationId: string,
    search: AvailableNumberSearch,
  ): Promise<AvailableNumbersResult>;

  /** The countries the provider sells numbers in, with the types each offers. */
  abstract listAvailableCountries(organizationId: string): Promise<AvailableCountry[]>;

  /**
   * Buys the number. Not idempotent: never retry it blindly. Refused with AddressRequired or
   * BundleRequired when the number needs an address or bundle that was not given or does not fit.
   */
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
   * them rather than reading the whole account, and may answer from a listing of the account
   * made moments before (a minute at most) rather than ask again.
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

  /**
   * Sets the voice URL (requested with POST), or clears it with null; with `voiceFallbackUrl`,
   * the fallback URL too (POST; null clears it). Touches nothing else.
   */
  abstract updateVoiceUrl(
    organizationId: string,
    sid: TwilioNumberSid,
    voiceUrl: VoiceUrl | null,
    options?: { voiceFallbackUrl?: VoiceUrl | null },
  ): Promise<IncomingNumber>;

  /** Gives the number back to the provider. */
  abstract release(organizationId: string, sid: TwilioNumberSid): Promise<void>;
}
