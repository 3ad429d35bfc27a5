import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { PhoneNumberEventRecord } from '../events/phone-number-event';
import { JobEngine, transactionDb, WEBHOOK_DELIVERY_QUEUE } from './job-engine';

export interface DeliveryJob {
  deliveryId: string;
}

/**
 * The deliveries an event is owed, one per enabled endpoint of its organization that takes its
 * type, each with its pg-boss job: written in the event's transaction, so an event is either
 * stored with every delivery it is owed queued, or not at all.
 */
export class WebhookOutbox {
  constructor(private readonly jobs: JobEngine) {}

  async enqueue(manager: EntityManager, records: readonly PhoneNumberEventRecord[]): Promise<void> {
    const organizations = [...new Set(records.map((r) => r.organizationId))];
    const endpoints: { id: string; organization_id: string; event_types: string[] | null }[] =
      await manager.query(
        `SELECT id, organization_id, event_types FROM webhook_endpoints
          WHERE organization_id = ANY($1::uuid[]) AND disabled_at IS NULL`,
        [organizations],
      );
    if (endpoints.length === 0) return;

    const deliveries: { id: string; endpointId: string; eventId: string }[] = [];
    for (const record of records) {
      for (const endpoint of endpoints) {
        if (endpoint.organization_id !== record.organizationId) continue;
        if (endpoint.event_types && !endpoint.event_types.includes(record.type)) continue;
        deliveries.push({ id: randomUUID(), endpointId: endpoint.id, eventId: record.id });
      }
    }
    if (deliveries.length === 0) return;
    await manager.query(
      `INSERT INTO webhook_deliveries (id, endpoint_id, event_id, created_at, next_attempt_at)
       SELECT d.id, d.endpoint_id, d.event_id, now(), now()
         FROM unnest($1::uuid[], $2::uuid[], $3::uuid[]) AS d(id, endpoint_id, event_id)`,
      [
        deliveries.map((d) => d.id),
        deliveries.map((d) => d.endpointId),
        deliveries.map((d) => d.eventId),
      ],
    );
    await this.jobs.boss.insert(
      WEBHOOK_DELIVERY_QUEUE,
      deliveries.map((d) => ({ data: { deliveryId: d.id } satisfies DeliveryJob })),
      { db: transactionDb(manager) },
    );
  }
}
