import { FriendlyName } from '../phone-number/friendly-name.value-object';
import { PhoneNumber } from '../phone-number/phone-number.aggregate';
import { NumberAlreadyRegistered } from '../phone-number/phone-number.errors';
import { Clock } from '../ports/clock.port';
import { IdGenerator } from '../ports/id-generator.port';
import { PurchasePreconditions } from '../ports/purchase-preconditions.port';
import { TelephonyProviderError } from '../ports/telephony-provider.errors';
import { IncomingNumber, TelephonyProvider } from '../ports/telephony-provider.port';
import { UnitOfWork } from '../ports/unit-of-work.port';
import { VoiceWebhookUrls } from '../ports/voice-webhook-urls.port';
import { PhoneNumberChanges } from './phone-number-changes';

/**
 * What follows a purchase, whoever completes it (BuyNumber, or the reconciler after a crash):
 * register the number with the organization's default analyzers, then point its voice URL at
 * Loquent, remembering the URL the provider gave it. A failed voice URL update leaves the number
 * registered with status `failed`.
 */
export class PurchasedNumberRegistration {
  private readonly changes: PhoneNumberChanges;

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly provider: TelephonyProvider,
    private readonly preconditions: PurchasePreconditions,
    private readonly webhookUrls: VoiceWebhookUrls,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {
    this.changes = new PhoneNumberChanges(unitOfWork);
  }

  /** Saves the number; throws NumberAlreadyRegistered (or a storage error) as the repository does. */
  async register(
    organizationId: string,
    purchased: IncomingNumber,
    options: { friendlyName: FriendlyName | null; analyzerIds: string[] },
  ): Promise<PhoneNumber> {
    const phoneNumber = PhoneNumber.purchased({
      id: this.ids.next(),
      organizationId,
      number: purchased.phoneNumber,
      twilioSid: purchased.sid,
      friendlyName: options.friendlyName ?? FriendlyName.salvage(purchased.friendlyName),
      analyzerIds: options.analyzerIds,
      at: this.clock.now(),
    });
    await this.unitOfWork.run(({ phoneNumbers }) => phoneNumbers.save(phoneNumber));
    return phoneNumber;
  }

  /**
   * The number as saved: a change that landed since it was registered (a rename) is kept, and
   * the outcome at the provider is applied on top of it.
   */
  async pointVoiceUrlAtLoquent(
    phoneNumber: PhoneNumber,
    urlThatWasThere: IncomingNumber['voiceUrl'],
  ): Promise<PhoneNumber> {
    const loquentUrl = this.webhookUrls.voiceUrl();
    const loquentFallbackUrl = this.webhookUrls.voiceFallbackUrl();
    let outcome: (phoneNumber: PhoneNumber) => void;
    try {
      await this.provider.updateVoiceUrl(
        phoneNumber.organizationId,
        phoneNumber.twilioSid,
        loquentUrl,
        loquentFallbackUrl ? { voiceFallbackUrl: loquentFallbackUrl } : {},
      );
      // A number just bought has no fallback URL of its own to remember.
      outcome = (n) =>
        n.voiceUrlConfigured(
          loquentUrl,
          urlThatWasThere,
          this.clock.now(),
          loquentFallbackUrl
            ? { loquentUrl: loquentFallbackUrl, urlThatWasThere: null }
            : undefined,
        );
    } catch (error) {
      if (!(error instanceof TelephonyProviderError)) throw error;
      outcome = (n) => n.voiceUrlFailed(this.clock.now());
    }
    return this.changes.applyTo(phoneNumber, outcome);
  }

  /** Registers a purchased number unless it already is; null when it already was. */
  async registerIfNew(
    organizationId: string,
    purchased: IncomingNumber,
  ): Promise<PhoneNumber | null> {
    const { numberRegistered, defaultAnalyzerIds } = await this.preconditions.read(
      organizationId,
      purchased.phoneNumber,
    );
    if (numberRegistered) return null;
    try {
      return await this.register(organizationId, purchased, {
        friendlyName: null,
        analyzerIds: defaultAnalyzerIds,
      });
    } catch (error) {
      if (error instanceof NumberAlreadyRegistered) return null;
      throw error;
    }
  }
}
