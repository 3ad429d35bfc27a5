import { E164Number } from '../phone-number/e164-number.value-object';
import { VoiceUrl } from '../phone-number/voice-url.value-object';
import { Clock } from '../ports/clock.port';
import { IdGenerator } from '../ports/id-generator.port';
import { PhoneNumberRepository } from '../ports/phone-number.repository.port';
import {
  PurchasePreconditions,
  PurchasePreconditionsRead,
} from '../ports/purchase-preconditions.port';
import { VoiceWebhookUrls } from '../ports/voice-webhook-urls.port';

/** A clock that moves only when told to. */
export class FixedClock extends Clock {
  constructor(private current = new Date('2026-01-01T00:00:00.000Z')) {
    super();
  }

  now(): Date {
    return new Date(this.current);
  }

  set(at: Date): void {
    this.current = new Date(at);
  }

  advance(milliseconds: number): void {
    this.current = new Date(this.current.getTime() + milliseconds);
  }
}

/** UUIDs counting up from 1, so tests can name the ids they expect. */
export class SequentialIdGenerator extends IdGenerator {
  private counter = 0;

  next(): string {
    this.counter++;
    return sequentialUuid(this.counter);
  }
}

/** The n-th UUID of SequentialIdGenerator. */
export function sequentialUuid(n: number): string {
  const hex = n.toString(16).padStart(12, '0');
  return `00000000-0000-4000-8000-${hex}`;
}

/**
 * PurchasePreconditions over a phone number repository (whether a number is registered) and the
 * default analyzers per organization the test configures.
 */
export class InMemoryPurchasePreconditions extends PurchasePreconditions {
  private readonly defaultAnalyzers = new Map<string, string[]>();

  constructor(private readonly phoneNumbers: PhoneNumberRepository) {
    super();
  }

  setDefaultAnalyzers(organizationId: string, analyzerIds: string[]): this {
    this.defaultAnalyzers.set(organizationId, [...analyzerIds].sort());
    return this;
  }

  async read(organizationId: string, number: E164Number): Promise<PurchasePreconditionsRead> {
    return {
      numberRegistered: await this.phoneNumbers.isNumberRegistered(number),
      defaultAnalyzerIds: [...(this.defaultAnalyzers.get(organizationId) ?? [])],
    };
  }
}

export class StaticVoiceWebhookUrls extends VoiceWebhookUrls {
  private readonly url: VoiceUrl;

  private readonly fallbackUrl: VoiceUrl | null;

  constructor(url = 'https://loquent.test/twilio/voice', fallbackUrl: string | null = null) {
    super();
    this.url = VoiceUrl.parse(url);
    this.fallbackUrl = VoiceUrl.parseOptional(fallbackUrl);
  }

  voiceUrl(): VoiceUrl {
    return this.url;
  }

  override voiceFallbackUrl(): VoiceUrl | null {
    return this.fallbackUrl;
  }
}
