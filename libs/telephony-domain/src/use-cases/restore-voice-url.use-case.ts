import { PhoneNumber } from '../phone-number/phone-number.aggregate';
import {
  ConcurrentUpdate,
  NumberNotInProviderAccount,
  PhoneNumberNotFound,
} from '../phone-number/phone-number.errors';
import { Clock } from '../ports/clock.port';
import { ProviderChangeLocks } from '../ports/provider-change-locks.port';
import type { TelephonyProviderError } from '../ports/telephony-provider.errors';
import { TelephonyProvider } from '../ports/telephony-provider.port';
import { UnitOfWork } from '../ports/unit-of-work.port';
import { VoiceWebhookUrls } from '../ports/voice-webhook-urls.port';
import { PhoneNumberChanges } from './phone-number-changes';
import { VoiceUrlHandback } from './voice-url-handback';

export interface RestoreVoiceUrlCommand {
  organizationId: string;
  phoneNumberId: string;
}

export type RestoreVoiceUrlError =
  PhoneNumberNotFound | NumberNotInProviderAccount | TelephonyProviderError | ConcurrentUpdate;

/**
 * Puts back the voice URL a number had before Loquent pointed it at itself (clearing it when there
 * was none), and forgets it in Loquent: the number stays registered but no longer calls Loquent.
 * Like ConfigureVoiceUrl, Twilio is called with no transaction open, under the number's provider
 * lock, and the hand-back is applied again to a number renamed meanwhile.
 */
export class RestoreVoiceUrl {
  private readonly handback: VoiceUrlHandback;
  private readonly changes: PhoneNumberChanges;

  constructor(
    unitOfWork: UnitOfWork,
    private readonly provider: TelephonyProvider,
    private readonly webhookUrls: VoiceWebhookUrls,
    private readonly clock: Clock,
    private readonly locks: ProviderChangeLocks,
  ) {
    this.handback = new VoiceUrlHandback(provider, webhookUrls);
    this.changes = new PhoneNumberChanges(unitOfWork);
  }

  execute(command: RestoreVoiceUrlCommand): Promise<PhoneNumber> {
    const { organizationId, phoneNumberId } = command;
    return this.locks.exclusively(phoneNumberId, async () => {
      const phoneNumber = await this.changes.load(organizationId, phoneNumberId);
      if (!phoneNumber.voiceUrlTakenOver) return phoneNumber;
      const handedBack = await this.handback.handBack(phoneNumber);
      try {
        return await this.changes.applyTo(phoneNumber, (n) => {
          if (n.voiceUrlTakenOver) n.voiceUrlRestored(this.clock.now());
        });
      } catch (error) {
        // Not saved: point the number at Loquent again, as Loquent still says it is.
        if (error instanceof ConcurrentUpdate && handedBack) {
          await this.provider
            .updateVoiceUrl(organizationId, phoneNumber.twilioSid, this.webhookUrls.voiceUrl())
            .catch(() => undefined);
        }
        throw error;
      }
    });
  }
}
