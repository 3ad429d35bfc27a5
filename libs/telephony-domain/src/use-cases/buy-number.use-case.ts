import { AddressSid } from '../available-numbers/address-sid.value-object';
import { InvalidAddressSid, InvalidBundleSid } from '../available-numbers/available-numbers.errors';
import { BundleSid } from '../available-numbers/bundle-sid.value-object';
import { E164Number } from '../phone-number/e164-number.value-object';
import { FriendlyName } from '../phone-number/friendly-name.value-object';
import { PhoneNumber } from '../phone-number/phone-number.aggregate';
import {
  InvalidFriendlyName,
  InvalidPhoneNumber,
  NumberAlreadyRegistered,
  PurchasedNumberNotSaved,
  PurchaseInProgress,
} from '../phone-number/phone-number.errors';
import { Clock } from '../ports/clock.port';
import { IdGenerator } from '../ports/id-generator.port';
import { HeldPurchaseIntent, PurchaseIntents } from '../ports/purchase-intents.port';
import { PurchasePreconditions } from '../ports/purchase-preconditions.port';
import {
  NumberNotAvailable,
  TelephonyProviderError,
  TelephonyProviderUnavailable,
} from '../ports/telephony-provider.errors';
import {
  IncomingNumber,
  PurchaseOptions,
  TelephonyProvider,
} from '../ports/telephony-provider.port';
import { UnitOfWork } from '../ports/unit-of-work.port';
import { VoiceWebhookUrls } from '../ports/voice-webhook-urls.port';
import { PurchasedNumberRegistration } from './purchased-number-registration';

export interface BuyNumberCommand {
  organizationId: string;
  phoneNumber: string;
  friendlyName?: string | null;
  /** The Twilio Address the number needs (AD…), when it needs one. */
  addressSid?: string | null;
  /** The regulatory Bundle the number needs (BU…), when it needs one. */
  bundleSid?: string | null;
}

export type BuyNumberResult =
  /** Bought and registered; `phoneNumber.voiceUrlStatus` says whether the voice URL was set. */
  | { outcome: 'registered'; phoneNumber: PhoneNumber }
  /**
   * The provider did not answer whether it sold the number, and could not be asked. The purchase
   * stays recorded: the reconciler confirms it and registers the number if it was bought.
   */
  | { outcome: 'pending_confirmation'; number: E164Number; intentId: string };

export type BuyNumberError =
  | InvalidPhoneNumber
  | InvalidFriendlyName
  | InvalidAddressSid
  | InvalidBundleSid
  | NumberAlreadyRegistered
  | PurchaseInProgress
  | NumberNotAvailable
  | TelephonyProviderError // AddressRequired and BundleRequired among them
  | PurchasedNumberNotSaved;

/**
 * Buys a number in the organization's account and registers it in one step: default analyzers
 * attached, voice URL pointed at Loquent with the previous one remembered.
 *
 * A purchase spends money and the provider takes no idempotency key, so: the intent is recorded
 * (and held) before the provider is called, which also keeps a second purchase of the number from
 * starting; the purchase is never retried, and when it failed with no clear refusal (a 5xx, a
 * timeout, a dropped connection) the account is searched for the number instead; and once the
 * provider has sold it the number is saved before anything else can fail. Whatever is left open
 * (a crash, a purchase with no answer) is finished by ReconcilePurchases.
 *
 * Whether the number is registered is asked once, after the intent is held: asked before, a
 * purchase finishing in between would go unseen anyway, and the answer would cost every buy a
 * look-up.
 */
export class BuyNumber {
  private readonly registration: PurchasedNumberRegistration;

  constructor(
    unitOfWork: UnitOfWork,
    private readonly provider: TelephonyProvider,
    private readonly preconditions: PurchasePreconditions,
    webhookUrls: VoiceWebhookUrls,
    clock: Clock,
    ids: IdGenerator,
    private readonly intents: PurchaseIntents,
  ) {
    this.registration = new PurchasedNumberRegistration(
      unitOfWork,
      provider,
      preconditions,
      webhookUrls,
      clock,
      ids,
    );
  }

  async execute(command: BuyNumberCommand): Promise<BuyNumberResult> {
    const { organizationId } = command;
    const number = E164Number.parse(command.phoneNumber);
    const friendlyName = FriendlyName.parseOptional(command.friendlyName);
    const addressSid = AddressSid.parseOptional(command.addressSid);
    const bundleSid = BundleSid.parseOptional(command.bundleSid);

    const intent = await this.intents.begin(organizationId, number);
    try {
      // Asked now the intent is ours: a purchase that finished before begin() registered the
      // number before closing its intent. The analyzers are read before buying: a failure here
      // must not strand a purchased number.
      const { numberRegistered, defaultAnalyzerIds } = await this.preconditions.read(
        organizationId,
        number,
      );
      if (numberRegistered) {
        await intent.fail('Already registered');
        throw new NumberAlreadyRegistered(number.value);
      }
      const purchased = await this.purchaseOrFindOut(intent, {
        friendlyName: friendlyName?.value ?? null,
        addressSid,
        bundleSid,
      });
      if (purchased === null)
        return { outcome: 'pending_confirmation', number, intentId: intent.id };

      let phoneNumber: PhoneNumber;
      try {
        phoneNumber = await this.registration.register(organizationId, purchased, {
          friendlyName,
          analyzerIds: defaultAnalyzerIds,
        });
      } catch (error) {
        // The intent stays open: the reconciler registers the number once it can.
        throw new PurchasedNumberNotSaved(purchased.phoneNumber.value, purchased.sid.value, error);
      }
      // Registered is what matters; an intent left open is closed by the reconciler.
      await intent.complete(purchased.sid).catch(() => undefined);
      return {
        outcome: 'registered',
        phoneNumber: await this.registration.pointVoiceUrlAtLoquent(
          phoneNumber,
          purchased.voiceUrl,
        ),
      };
    } finally {
      await intent.release();
    }
  }

  /** The purchased number; null when nobody can tell yet whether it was bought. */
  private async purchaseOrFindOut(
    intent: HeldPurchaseIntent,
    options: PurchaseOptions,
  ): Promise<IncomingNumber | null> {
    try {
      return await this.provider.purchase(intent.organizationId, intent.number, options);
    } catch (error) {
      if (!(error instanceof TelephonyProviderUnavailable)) {
        // A refusal (not available, invalid, rate limited, bad credentials): nothing was bought.
        await intent.fail(error instanceof Error ? error.message : String(error));
        throw error;
      }
      // The purchase may have happened: look in the account rather than buy again.
      let found: IncomingNumber | null;
      try {
        found = await this.provider.findIncomingNumber(intent.organizationId, intent.number);
      } catch {
        return null;
      }
      if (found) return found;
      // The provider answered with a failure and the number is not there: it was not bought.
      // With no answer at all (a timeout), a slow purchase may still land: leave it open.
      if (error.params.providerStatus === null) return null;
      await intent.fail(error.message);
      throw error;
    }
  }
}
