import type { EntityManager } from 'typeorm';
import { JobEngine, transactionDb, WEBHOOK_DELIVERY_QUEUE } from './job-engine';

export interface DeliveryJob {
  deliveryId: string;
}

/**
 * The pg-boss job of each delivery an event is owed (the event log writes the deliveries with the
 * events), inserted in the event's transaction: an event is either stored with every delivery it
 * is owed queued, or not at all.
 */
export class WebhookOutbox {
  constructor(private readonly jobs: JobEngine) {}

  async enqueue(manager: EntityManager, deliveryIds: readonly string[]): Promise<void> {
    if (deliveryIds.length === 0) return;
    await this.jobs.boss.insert(
      WEBHOOK_DELIVERY_QUEUE,
      deliveryIds.map((deliveryId) => ({ data: { deliveryId } satisfies DeliveryJob })),
      { db: transactionDb(manager) },
    );
  }
}
