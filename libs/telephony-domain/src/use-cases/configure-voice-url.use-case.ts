import { PhoneNumber } from '../phone-number/phone-number.aggregate';
import {
  ConcurrentUpdate,
  NumberNotInProviderAccount,
  PhoneNumberNotFound,
} from '../phone-number/phone-number.errors';
import { Clock } from '../ports/clock.port';
import { ProviderChangeLocks } from '../ports/provider-change-locks.port';
import { TelephonyProviderError } from '../ports/telephony-provider.errors';
import { TelephonyProvider } from '../ports/telephony-provider.port';
import { UnitOfWork } from '../ports/unit-of-work.port';
import { VoiceWebhookUrls } from '../ports/voice-webhook-urls.port';
import { PhoneNumberChanges } from './phone-number-changes';

export interface ConfigureVoiceUrlCommand {
  organizationId: string;
  phoneNumberId: string;
}

export type ConfigureVoiceUrlError =
  PhoneNumberNotFound | NumberNotInProviderAccount | TelephonyProviderError | ConcurrentUpdate;

/**
 * Points a registered number's voice webhook at Loquent, remembering the URL that was there the
 * first time. Also the retry for a number whose configuration failed when it was bought.
 *
 * Where the transaction goes: the number is read, Twilio is asked and updated with no transaction
 * open (Twilio may take seconds, and nothing may wait on it holding a row), and only then is the
 * outcome saved, in a short unit of work with the version check. A rename or an assignment that
 * landed meanwhile makes that save conflict; the outcome is then applied again to the number as
 * it is now, which keeps their change, and keeps the first previous_voice_url (the aggregate
 * remembers only the first takeover). Other changes at Twilio of the same number (configure,
 * restore, remove) wait on the number's provider lock, so their Twilio calls never interleave.
 */
export class ConfigureVoiceUrl {
  private readonly changes: PhoneNumberChanges;

  constructor(
    unitOfWork: UnitOfWork,
    private readonly provider: TelephonyProvider,
    private readonly webhookUrls: VoiceWebhookUrls,
    private readonly clock: Clock,
    private readonly locks: ProviderChangeLocks,
  ) {
    this.changes = new PhoneNumberChanges(unitOfWork);
  }

  execute(command: ConfigureVoiceUrlCommand): Promise<PhoneNumber> {
    const { organizationId, phoneNumberId } = command;
    return this.locks.exclusively(phoneNumberId, async () => {
      const phoneNumber = await this.changes.load(organizationId, phoneNumberId);

      const current = await this.provider.fetchIncomingNumber(
        organizationId,
        phoneNumber.twilioSid,
      );
      if (!current) throw new NumberNotInProviderAccount(phoneNumber.twilioSid.value);

      const loquentUrl = this.webhookUrls.voiceUrl();
      const loquentFallbackUrl = this.webhookUrls.voiceFallbackUrl();
      const wasThereFallback = current.voiceFallbackUrl ?? null;
      try {
        // Updated even when the URL already matches: the update also sets VoiceMethod to POST.
        await this.provider.updateVoiceUrl(
          organizationId,
          phoneNumber.twilioSid,
          loquentUrl,
          loquentFallbackUrl ? { voiceFallbackUrl: loquentFallbackUrl } : {},
        );
      } catch (error) {
        if (error instanceof TelephonyProviderError) {
          await this.changes.applyTo(phoneNumber, (n) => n.voiceUrlFailed(this.clock.now()));
        }
        throw error;
      }
      try {
        return await this.changes.applyTo(phoneNumber, (n) =>
          n.voiceUrlConfigured(
            loquentUrl,
            current.voiceUrl,
            this.clock.now(),
            loquentFallbackUrl
              ? { loquentUrl: loquentFallbackUrl, urlThatWasThere: wasThereFallback }
              : undefined,
          ),
        );
      } catch (error) {
        // Not saved: put back what Twilio had, or the URL it held would be known to nobody.
        if (error instanceof ConcurrentUpdate && !loquentUrl.equals(current.voiceUrl)) {
          await this.provider
            .updateVoiceUrl(
              organizationId,
              phoneNumber.twilioSid,
              current.voiceUrl,
              loquentFallbackUrl ? { voiceFallbackUrl: wasThereFallback } : {},
            )
            .catch(() => undefined);
        }
        throw error;
      }
    });
  }
}
