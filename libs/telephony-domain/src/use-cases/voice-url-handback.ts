import { PhoneNumber } from '../phone-number/phone-number.aggregate';
import { NumberNotInProviderAccount } from '../phone-number/phone-number.errors';
import { TelephonyProvider } from '../ports/telephony-provider.port';
import { VoiceWebhookUrls } from '../ports/voice-webhook-urls.port';

/**
 * Gives a number's voice URL back at the provider: the URL that was there before Loquent took the
 * number over goes back on it (cleared when there was none). Only Loquent's own URL is replaced:
 * if someone has pointed the number elsewhere since, their choice stands. A number Loquent never
 * took over is left alone. The caller records the hand-back on the number (`voiceUrlRestored`).
 */
export class VoiceUrlHandback {
  constructor(
    private readonly provider: TelephonyProvider,
    private readonly webhookUrls: VoiceWebhookUrls,
  ) {}

  /** True when the provider was changed; throws NumberNotInProviderAccount when it is gone. */
  async handBack(phoneNumber: PhoneNumber): Promise<boolean> {
    if (!phoneNumber.voiceUrlTakenOver) return false;
    const current = await this.provider.fetchIncomingNumber(
      phoneNumber.organizationId,
      phoneNumber.twilioSid,
    );
    if (!current) throw new NumberNotInProviderAccount(phoneNumber.twilioSid.value);
    const pointsAtLoquent = this.webhookUrls.voiceUrl().equals(current.voiceUrl);
    // The fallback URL likewise: put back only over Loquent's own.
    const loquentFallback = this.webhookUrls.voiceFallbackUrl();
    const fallbackIsLoquents =
      phoneNumber.voiceFallbackUrlTakenOver &&
      loquentFallback !== null &&
      loquentFallback.equals(current.voiceFallbackUrl ?? null);
    if (pointsAtLoquent) {
      await this.provider.updateVoiceUrl(
        phoneNumber.organizationId,
        phoneNumber.twilioSid,
        phoneNumber.previousVoiceUrl,
        fallbackIsLoquents ? { voiceFallbackUrl: phoneNumber.previousVoiceFallbackUrl } : {},
      );
    }
    return pointsAtLoquent;
  }
}
