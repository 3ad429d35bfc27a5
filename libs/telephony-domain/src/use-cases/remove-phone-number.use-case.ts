import {
  PhoneNumberNotFound,
  NumberNotInProviderAccount,
} from '../phone-number/phone-number.errors';
import { Clock } from '../ports/clock.port';
import { PhoneNumberRepository } from '../ports/phone-number.repository.port';
import type { TelephonyProviderError } from '../ports/telephony-provider.errors';
import { TelephonyProvider } from '../ports/telephony-provider.port';
import { VoiceWebhookUrls } from '../ports/voice-webhook-urls.port';
import { VoiceUrlHandback } from './voice-url-handback';

export interface RemovePhoneNumberCommand {
  organizationId: string;
  phoneNumberId: string;
  /** Also give the number back to the provider (it stops being the organization's). */
  release: boolean;
}

export interface RemovePhoneNumberResult {
  /** The previous voice URL was put back at the provider. */
  voiceUrlRestored: boolean;
  /** The number was released at the provider. */
  released: boolean;
}

export type RemovePhoneNumberError = PhoneNumberNotFound | TelephonyProviderError;

/**
 * Takes a number out of Loquent. By default it stays in the organization's account with the voice
 * URL it had before Loquent (nothing else at the provider changes); with `release` it is given
 * back to the provider. The provider is changed first: if that fails, nothing is removed. A number
 * already gone from the account is simply removed.
 */
export class RemovePhoneNumber {
  private readonly handback: VoiceUrlHandback;

  constructor(
    private readonly phoneNumbers: PhoneNumberRepository,
    private readonly provider: TelephonyProvider,
    webhookUrls: VoiceWebhookUrls,
    private readonly clock: Clock,
  ) {
    this.handback = new VoiceUrlHandback(provider, webhookUrls, clock);
  }

  async execute(command: RemovePhoneNumberCommand): Promise<RemovePhoneNumberResult> {
    const phoneNumber = await this.phoneNumbers.findById(
      command.organizationId,
      command.phoneNumberId,
    );
    if (!phoneNumber) throw new PhoneNumberNotFound(command.phoneNumberId);

    const result: RemovePhoneNumberResult = { voiceUrlRestored: false, released: false };
    try {
      if (command.release) {
        await this.provider.release(phoneNumber.organizationId, phoneNumber.twilioSid);
        result.released = true;
      } else {
        result.voiceUrlRestored = await this.handback.handBack(phoneNumber);
      }
    } catch (error) {
      if (!(error instanceof NumberNotInProviderAccount)) throw error;
    }
    phoneNumber.removed(this.clock.now(), { released: result.released });
    await this.phoneNumbers.delete(phoneNumber);
    return result;
  }
}
