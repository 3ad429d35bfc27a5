import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { Clock, IdGenerator, VoiceUrl, VoiceWebhookUrls } from '@loquent/telephony-domain';
import { RUNTIME_CONFIG, type RuntimeConfig } from '../config/runtime-config';

@Injectable()
export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}

@Injectable()
export class RandomUuidGenerator extends IdGenerator {
  next(): string {
    return randomUUID();
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
