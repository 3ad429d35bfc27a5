import { E164Number } from '../phone-number/e164-number.value-object';
import { normaliseFriendlyName } from '../phone-number/friendly-name';
import { PhoneNumber } from '../phone-number/phone-number.aggregate';
import {
  InvalidFriendlyName,
  InvalidPhoneNumber,
  NumberAlreadyRegistered,
  PurchasedNumberNotSaved,
} from '../phone-number/phone-number.errors';
import { Clock } from '../ports/clock.port';
import { DefaultAnalyzers } from '../ports/default-analyzers.port';
import { IdGenerator } from '../ports/id-generator.port';
import { PhoneNumberRepository } from '../ports/phone-number.repository.port';
import { NumberNotAvailable } from '../ports/telephony-provider.errors';
import { TelephonyProviderError } from '../ports/telephony-provider.errors';
import { TelephonyProvider } from '../ports/telephony-provider.port';
import { VoiceWebhookUrls } from '../ports/voice-webhook-urls.port';

export interface BuyNumberCommand {
  organizationId: string;
  phoneNumber: string;
  friendlyName?: string | null;
}

export type BuyNumberError =
  | InvalidPhoneNumber
  | InvalidFriendlyName
  | NumberAlreadyRegistered
  | NumberNotAvailable
  | TelephonyProviderError
  | PurchasedNumberNotSaved;

/**
 * Buys a number in the organization's account and registers it in one step: default analyzers
 * attached, voice URL pointed at Loquent with the previous one remembered.
 *
 * Once the provider has sold the number it must never be lost: it is saved before anything else
 * can fail, and a failed save is reported with the purchased sid. A failed voice URL update keeps
 * the number registered with status `failed`, to be retried with ConfigureVoiceUrl.
 */
export class BuyNumber {
  constructor(
    private readonly phoneNumbers: PhoneNumberRepository,
    private readonly provider: TelephonyProvider,
    private readonly defaultAnalyzers: DefaultAnalyzers,
    private readonly webhookUrls: VoiceWebhookUrls,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  async execute(command: BuyNumberCommand): Promise<PhoneNumber> {
    const { organizationId } = command;
    const number = E164Number.parse(command.phoneNumber);
    const friendlyName = normaliseFriendlyName(command.friendlyName);
    if (await this.phoneNumbers.isNumberRegistered(number)) {
      throw new NumberAlreadyRegistered(number.value);
    }
    // Read before buying: a failure here must not strand a purchased number.
    const analyzerIds = await this.defaultAnalyzers.forOrganization(organizationId);
    const loquentUrl = this.webhookUrls.voiceUrl();

    const purchased = await this.provider.purchase(organizationId, number, { friendlyName });

    const phoneNumber = PhoneNumber.purchased({
      id: this.ids.next(),
      organizationId,
      number: purchased.phoneNumber,
      twilioSid: purchased.sid,
      friendlyName: friendlyName ?? purchased.friendlyName,
      analyzerIds,
      at: this.clock.now(),
    });
    try {
      await this.phoneNumbers.save(phoneNumber);
    } catch (error) {
      throw new PurchasedNumberNotSaved(purchased.phoneNumber.value, purchased.sid.value, error);
    }

    try {
      await this.provider.updateVoiceUrl(organizationId, purchased.sid, loquentUrl);
      phoneNumber.voiceUrlConfigured(loquentUrl, purchased.voiceUrl, this.clock.now());
    } catch (error) {
      if (!(error instanceof TelephonyProviderError)) throw error;
      phoneNumber.voiceUrlFailed(this.clock.now());
    }
    await this.phoneNumbers.save(phoneNumber);
    return phoneNumber;
  }
}
