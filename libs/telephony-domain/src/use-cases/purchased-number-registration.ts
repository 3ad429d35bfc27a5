import { PhoneNumber } from '../phone-number/phone-number.aggregate';
import { NumberAlreadyRegistered } from '../phone-number/phone-number.errors';
import { Clock } from '../ports/clock.port';
import { DefaultAnalyzers } from '../ports/default-analyzers.port';
import { IdGenerator } from '../ports/id-generator.port';
import { PhoneNumberRepository } from '../ports/phone-number.repository.port';
import { TelephonyProviderError } from '../ports/telephony-provider.errors';
import { IncomingNumber, TelephonyProvider } from '../ports/telephony-provider.port';
import { VoiceWebhookUrls } from '../ports/voice-webhook-urls.port';

/**
 * What follows a purchase, whoever completes it (BuyNumber, or the reconciler after a crash):
 * register the number with the organization's default analyzers, then point its voice URL at
 * Loquent, remembering the URL the provider gave it. A failed voice URL update leaves the number
 * registered with status `failed`.
 */
export class PurchasedNumberRegistration {
  constructor(
    private readonly phoneNumbers: PhoneNumberRepository,
    private readonly provider: TelephonyProvider,
    private readonly defaultAnalyzers: DefaultAnalyzers,
    private readonly webhookUrls: VoiceWebhookUrls,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  /** Saves the number; throws NumberAlreadyRegistered (or a storage error) as the repository does. */
  async register(
    organizationId: string,
    purchased: IncomingNumber,
    options: { friendlyName: string | null; analyzerIds?: string[] },
  ): Promise<PhoneNumber> {
    const phoneNumber = PhoneNumber.purchased({
      id: this.ids.next(),
      organizationId,
      number: purchased.phoneNumber,
      twilioSid: purchased.sid,
      friendlyName: options.friendlyName ?? purchased.friendlyName,
      analyzerIds:
        options.analyzerIds ?? (await this.defaultAnalyzers.forOrganization(organizationId)),
      at: this.clock.now(),
    });
    await this.phoneNumbers.save(phoneNumber);
    return phoneNumber;
  }

  async pointVoiceUrlAtLoquent(
    phoneNumber: PhoneNumber,
    urlThatWasThere: IncomingNumber['voiceUrl'],
  ): Promise<void> {
    const loquentUrl = this.webhookUrls.voiceUrl();
    try {
      await this.provider.updateVoiceUrl(
        phoneNumber.organizationId,
        phoneNumber.twilioSid,
        loquentUrl,
      );
      phoneNumber.voiceUrlConfigured(loquentUrl, urlThatWasThere, this.clock.now());
    } catch (error) {
      if (!(error instanceof TelephonyProviderError)) throw error;
      phoneNumber.voiceUrlFailed(this.clock.now());
    }
    await this.phoneNumbers.save(phoneNumber);
  }

  /** Registers a purchased number unless it already is; null when it already was. */
  async registerIfNew(
    organizationId: string,
    purchased: IncomingNumber,
  ): Promise<PhoneNumber | null> {
    if (await this.phoneNumbers.isNumberRegistered(purchased.phoneNumber)) return null;
    try {
      return await this.register(organizationId, purchased, { friendlyName: null });
    } catch (error) {
      if (error instanceof NumberAlreadyRegistered) return null;
      throw error;
    }
  }
}
