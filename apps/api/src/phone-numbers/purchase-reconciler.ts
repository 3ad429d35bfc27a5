import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { ReconcilePurchases, ReconcilePurchasesReport } from '@loquent/telephony-domain';
import { RUNTIME_CONFIG, type RuntimeConfig } from '../config/runtime-config';
import { AuditContext, RECONCILER } from '../events/audit-context';
import { IdempotencyStore } from '../idempotency/idempotency.store';

/**
 * Runs ReconcilePurchases at start-up and then periodically, in every API process (safe: each
 * open purchase is worked on by one process at a time), and drops expired idempotency keys.
 */
@Injectable()
export class PurchaseReconciler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Reconciler');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly reconcilePurchases: ReconcilePurchases,
    private readonly idempotencyKeys: IdempotencyStore,
    @Inject(RUNTIME_CONFIG) private readonly config: RuntimeConfig,
  ) {}

  onApplicationBootstrap(): void {
    // Not awaited: start-up must not wait on Twilio.
    void this.runOnce();
    this.timer = setInterval(() => void this.runOnce(), this.config.reconcileIntervalMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One pass; a pass still running is joined rather than doubled. */
  runOnce(): Promise<void> {
    this.running ??= this.pass().finally(() => (this.running = undefined));
    return this.running;
  }

  private async pass(): Promise<void> {
    try {
      this.log(
        await AuditContext.run(RECONCILER, () =>
          this.reconcilePurchases.execute({ settleMs: this.config.purchaseSettleMs }),
        ),
      );
      const expired = await this.idempotencyKeys.deleteExpired();
      if (expired > 0) this.logger.log(`Dropped ${expired} expired idempotency keys`);
    } catch (error) {
      this.logger.warn(
        `Reconciliation failed, tried again in ${this.config.reconcileIntervalMs} ms: ${String(error)}`,
      );
    }
  }

  private log(report: ReconcilePurchasesReport): void {
    if (report.registered.length)
      this.logger.log(`Registered purchased numbers: ${report.registered.join(', ')}`);
    if (report.alreadyRegistered.length) {
      this.logger.log(
        `Closed purchases already registered: ${report.alreadyRegistered.join(', ')}`,
      );
    }
    if (report.notPurchased.length)
      this.logger.log(`Purchases that did not happen: ${report.notPurchased.join(', ')}`);
    if (report.retryLater.length)
      this.logger.warn(`Purchases to confirm later: ${report.retryLater.join(', ')}`);
  }
}
