import { Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { JobEngine, transactionDb, WEBHOOK_DELIVERY_QUEUE } from './job-engine';

export interface DeliveryJob {
  deliveryId: string;
}

/**
 * The pg-boss job of each delivery an event is owed (the event log writes the deliveries with the
 * events). A delivery's first job has the delivery's id, so queuing it twice queues it once
 * (pg-boss inserts ON CONFLICT DO NOTHING): the sweep of WebhookDeliveryWorker can queue whatever
 * was stored and not queued without queuing anything twice.
 */
export class WebhookOutbox {
  private readonly logger = new Logger('Webhooks');

  constructor(private readonly jobs: JobEngine) {}

  /** In the event's transaction: the event is stored with its deliveries queued, or not at all. */
  async enqueue(manager: EntityManager, deliveryIds: readonly string[]): Promise<void> {
    if (deliveryIds.length === 0) return;
    await this.jobs.boss.insert(WEBHOOK_DELIVERY_QUEUE, firstJobs(deliveryIds), {
      db: transactionDb(manager),
    });
  }

  /**
   * After the statement that stored the event and its deliveries has committed. A failure here
   * loses nothing (the deliveries are stored; the sweep queues them), so it is logged, not thrown:
   * the change it follows is made.
   */
  async enqueueCommitted(deliveryIds: readonly string[]): Promise<void> {
    if (deliveryIds.length === 0) return;
    try {
      await this.jobs.boss.insert(WEBHOOK_DELIVERY_QUEUE, firstJobs(deliveryIds));
    } catch (error) {
      this.logger.warn(
        `${deliveryIds.length} webhook deliveries stored, not queued yet (the sweep will): ${String(error)}`,
      );
    }
  }
}

/** The first attempt's job of each delivery, under the delivery's own id. */
export function firstJobs(deliveryIds: readonly string[]) {
  return deliveryIds.map((deliveryId) => ({
    id: deliveryId,
    data: { deliveryId } satisfies DeliveryJob,
  }));
}
