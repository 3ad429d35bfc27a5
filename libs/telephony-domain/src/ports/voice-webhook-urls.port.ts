import { VoiceUrl } from '../phone-number/voice-url.value-object';

/** Where Loquent receives calls: the voice URL it sets on the numbers it serves. */
export abstract class VoiceWebhookUrls {
  abstract voiceUrl(): VoiceUrl;
}
