import {
  NumberNotInProviderAccount,
  PhoneNumberNotFound,
} from '../phone-number/phone-number.errors';
import { Clock } from '../ports/clock.port';
import { ProviderChangeLocks } from '../ports/provider-change-locks.port';
import type { TelephonyProviderError } from '../ports/telephony-provider.errors';
import { TelephonyProvider } from '../ports/telephony-provider.port';
import { UnitOfWork } from '../ports/unit-of-work.port';
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
 * back to the provider. The provider is changed first, under the number's provider lock: if that
 * fails, nothing is removed. A number already gone from the account is simply removed.
 */
export class RemovePhoneNumber {
  private readonly handback: VoiceUrlHandback;

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly provider: TelephonyProvider,
    webhookUrls: VoiceWebhookUrls,
    private readonly clock: Clock,
    private readonly locks: ProviderChangeLocks,
  ) {
    this.handback = new VoiceUrlHandback(provider, webhookUrls);
  }

  execute(command: RemovePhoneNumberCommand): Promise<RemovePhoneNumberResult> {
    return this.locks.exclusively(command.phoneNumberId, () =>
      // The unit's work calls Twilio: no transaction is open until it returns.
      this.unitOfWork.run(async ({ phoneNumbers }) => {
        const phoneNumber = await phoneNumbers.findById(
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
            if (phoneNumber.voiceUrlTakenOver) phoneNumber.voiceUrlRestored(this.clock.now());
          }
        } catch (error) {
          if (!(error instanceof NumberNotInProviderAccount)) throw error;
        }
        phoneNumber.removed(this.clock.now(), { released: result.released });
        await phoneNumbers.delete(phoneNumber);
        return result;
      }),
    );
  }
}
