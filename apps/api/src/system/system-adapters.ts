import { Inject, Injectable } from '@nestjs/common';
import { Clock, IdGenerator, VoiceUrl, VoiceWebhookUrls } from '@loquent/telephony-domain';
import { RUNTIME_CONFIG, type RuntimeConfig } from '../config/runtime-config';
import { uuidV7 } from './uuid-v7';

@Injectable()
export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}

/** Ids that sort in the order they are made (UUID v7): rows keyed by them go to the index's end. */
@Injectable()
export class TimeOrderedUuidGenerator extends IdGenerator {
  next(): string {
    return uuidV7();
  }
}

/** Loquent's voice webhook: POST ${PUBLIC_BASE_URL}/twilio/voice, and VOICE_FALLBACK_URL beside it. */
@Injectable()
export class ConfiguredVoiceWebhookUrls extends VoiceWebhookUrls {
  private readonly url: VoiceUrl;
  private readonly fallbackUrl: VoiceUrl | null;

  constructor(@Inject(RUNTIME_CONFIG) config: RuntimeConfig) {
    super();
    this.url = VoiceUrl.parse(`${config.publicBaseUrl}/twilio/voice`);
    this.fallbackUrl = VoiceUrl.parseOptional(config.voiceFallbackUrl ?? null);
  }

  voiceUrl(): VoiceUrl {
    return this.url;
  }

  /** VOICE_FALLBACK_URL, when set. */
  override voiceFallbackUrl(): VoiceUrl | null {
    return this.fallbackUrl;
  }
}
