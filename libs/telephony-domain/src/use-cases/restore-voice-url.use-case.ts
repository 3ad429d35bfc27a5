import { PhoneNumber } from '../phone-number/phone-number.aggregate';
import {
  NumberNotInProviderAccount,
  PhoneNumberNotFound,
} from '../phone-number/phone-number.errors';
import { Clock } from '../ports/clock.port';
import { PhoneNumberRepository } from '../ports/phone-number.repository.port';
import type { TelephonyProviderError } from '../ports/telephony-provider.errors';
import { TelephonyProvider } from '../ports/telephony-provider.port';
import { VoiceWebhookUrls } from '../ports/voice-webhook-urls.port';
import { VoiceUrlHandback } from './voice-url-handback';

export interface RestoreVoiceUrlCommand {
  organizationId: string;
  phoneNumberId: string;
}

export type RestoreVoiceUrlError =
  PhoneNumberNotFound | NumberNotInProviderAccount | TelephonyProviderError;

/**
 * Puts back the voice URL a number had before Loquent pointed it at itself (clearing it when there
 * was none), and forgets it in Loquent: the number stays registered but no longer calls Loquent.
 */
export class RestoreVoiceUrl {
  private readonly handback: VoiceUrlHandback;

  constructor(
    private readonly phoneNumbers: PhoneNumberRepository,
    provider: TelephonyProvider,
    webhookUrls: VoiceWebhookUrls,
    clock: Clock,
  ) {
    this.handback = new VoiceUrlHandback(provider, webhookUrls, clock);
  }

  async execute(command: RestoreVoiceUrlCommand): Promise<PhoneNumber> {
    const phoneNumber = await this.phoneNumbers.findById(
      command.organizationId,
      command.phoneNumberId,
    );
    if (!phoneNumber) throw new PhoneNumberNotFound(command.phoneNumberId);
    if (!phoneNumber.voiceUrlTakenOver) return phoneNumber;
    await this.handback.handBack(phoneNumber);
    await this.phoneNumbers.save(phoneNumber);
    return phoneNumber;
  }
}
