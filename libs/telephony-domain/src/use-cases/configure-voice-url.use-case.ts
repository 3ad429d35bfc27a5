import { PhoneNumber } from '../phone-number/phone-number.aggregate';
import {
  NumberNotInProviderAccount,
  PhoneNumberNotFound,
} from '../phone-number/phone-number.errors';
import { Clock } from '../ports/clock.port';
import { PhoneNumberRepository } from '../ports/phone-number.repository.port';
import { TelephonyProviderError } from '../ports/telephony-provider.errors';
import { TelephonyProvider } from '../ports/telephony-provider.port';
import { VoiceWebhookUrls } from '../ports/voice-webhook-urls.port';

export interface ConfigureVoiceUrlCommand {
  organizationId: string;
  phoneNumberId: string;
}

export type ConfigureVoiceUrlError =
  PhoneNumberNotFound | NumberNotInProviderAccount | TelephonyProviderError;

/**
 * Points a registered number's voice webhook at Loquent, remembering the URL that was there the
 * first time. Also the retry for a number whose configuration failed when it was bought.
 */
export class ConfigureVoiceUrl {
  constructor(
    private readonly phoneNumbers: PhoneNumberRepository,
    private readonly provider: TelephonyProvider,
    private readonly webhookUrls: VoiceWebhookUrls,
    private readonly clock: Clock,
  ) {}

  async execute(command: ConfigureVoiceUrlCommand): Promise<PhoneNumber> {
    const { organizationId, phoneNumberId } = command;
    const phoneNumber = await this.phoneNumbers.findById(organizationId, phoneNumberId);
    if (!phoneNumber) throw new PhoneNumberNotFound(phoneNumberId);

    const current = await this.provider.fetchIncomingNumber(organizationId, phoneNumber.twilioSid);
    if (!current) throw new NumberNotInProviderAccount(phoneNumber.twilioSid.value);

    const loquentUrl = this.webhookUrls.voiceUrl();
    try {
      // Updated even when the URL already matches: the update also sets VoiceMethod to POST.
      await this.provider.updateVoiceUrl(organizationId, phoneNumber.twilioSid, loquentUrl);
    } catch (error) {
      if (error instanceof TelephonyProviderError) {
        phoneNumber.voiceUrlFailed(this.clock.now());
        await this.phoneNumbers.save(phoneNumber);
      }
      throw error;
    }
    phoneNumber.voiceUrlConfigured(loquentUrl, current.voiceUrl, this.clock.now());
    await this.phoneNumbers.save(phoneNumber);
    return phoneNumber;
  }
}
