import { VoiceUrl } from '../phone-number/voice-url.value-object';

/** Where Loquent receives calls: the voice URL it sets on the numbers it serves. */
export abstract class VoiceWebhookUrls {
  abstract voiceUrl(): VoiceUrl;

  /**
   * The fallback URL Loquent sets beside it (a TwiML document hosted apart from Loquent, for
   * when Loquent cannot answer); null: Loquent leaves the numbers' fallback URLs alone.
   */
  voiceFallbackUrl(): VoiceUrl | null {
    return null;
  }
}
