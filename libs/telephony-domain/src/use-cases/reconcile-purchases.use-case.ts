import { Clock } from '../ports/clock.port';
import { IdGenerator } from '../ports/id-generator.port';
import { PurchaseIntents } from '../ports/purchase-intents.port';
import { PurchasePreconditions } from '../ports/purchase-preconditions.port';
import { TelephonyProvider } from '../ports/telephony-provider.port';
import { UnitOfWork } from '../ports/unit-of-work.port';
import { VoiceWebhookUrls } from '../ports/voice-webhook-urls.port';
import { PurchasedNumberRegistration } from './purchased-number-registration';

/** Long enough for any purchase Twilio accepted to show in the account. */
export const DEFAULT_SETTLE_MS = 10 * 60 * 1000;

export interface ReconcilePurchasesReport {
  /** Purchases confirmed in the account and registered now. */
  registered: string[];
  /** Purchases confirmed whose number was already registered. */
  alreadyRegistered: string[];
  /** Purchases the provider never made: closed as failed once they had time to settle. */
  notPurchased: string[];
  /** Not in the account yet, but recent enough that a slow purchase may still land. */
  unconfirmed: string[];
  /** Intents left open because the provider or the database failed; tried again next time. */
  retryLater: string[];
  /** Intents another process is working on. */
  skipped: string[];
}

/**
 * Finishes purchases nobody is finishing: a process killed after the provider sold a number, or a
 * purchase whose outcome was unknown. For each abandoned intent it asks the provider whether the
 * number is in the organization's account, then registers it (default analyzers, voice URL at
 * Loquent) or closes the intent. Safe to run from every API process at once.
 */
export class ReconcilePurchases {
  private readonly registration: PurchasedNumberRegistration;

  constructor(
    private readonly intents: PurchaseIntents,
    private readonly provider: TelephonyProvider,
    unitOfWork: UnitOfWork,
    preconditions: PurchasePreconditions,
    webhookUrls: VoiceWebhookUrls,
    private readonly clock: Clock,
    ids: IdGenerator,
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

  /**
   * @param settleMs how long after its start a purchase missing from the account is taken as not
   *   made: a purchase the provider did not answer may still complete meanwhile.
   */
  async execute({
    batchSize = 100,
    settleMs = DEFAULT_SETTLE_MS,
  }: { batchSize?: number; settleMs?: number } = {}): Promise<ReconcilePurchasesReport> {
    const report: ReconcilePurchasesReport = {
      registered: [],
      alreadyRegistered: [],
      notPurchased: [],
      unconfirmed: [],
      retryLater: [],
      skipped: [],
    };
    for (const candidate of await this.intents.open(batchSize)) {
      const intent = await this.intents.tryHold(candidate);
      if (!intent) {
        report.skipped.push(candidate.number.value);
        continue;
      }
      try {
        const found = await this.provider.findIncomingNumber(intent.organizationId, intent.number);
        if (!found) {
          if (this.clock.now().getTime() - intent.createdAt.getTime() < settleMs) {
            report.unconfirmed.push(intent.number.value);
          } else {
            await intent.fail(
              'The number never appeared in the account: the purchase did not happen',
            );
            report.notPurchased.push(intent.number.value);
          }
          continue;
        }
        const phoneNumber = await this.registration.registerIfNew(intent.organizationId, found);
        await intent.complete(found.sid);
        if (phoneNumber) {
          await this.registration.pointVoiceUrlAtLoquent(phoneNumber, found.voiceUrl);
          report.registered.push(intent.number.value);
        } else {
          report.alreadyRegistered.push(intent.number.value);
        }
      } catch {
        report.retryLater.push(intent.number.value);
      } finally {
        await intent.release();
      }
    }
    return report;
  }
}
