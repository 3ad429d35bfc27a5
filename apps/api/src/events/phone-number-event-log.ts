import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type {
  InTransactionEventStore,
  OwnedDomainEvent,
} from '../persistence/typeorm-unit-of-work';
import { WebhookOutbox } from '../webhooks/webhook-outbox';
import { AuditContext } from './audit-context';
import { eventRecord, type PhoneNumberEventRecord } from './phone-number-event';

/**
 * The transactional outbox: every event of a number is written in the transaction of the change
 * that made it, with who made it (AuditContext), and so are the webhook deliveries it is owed. A
 * change rolled back leaves neither.
 */
export class PhoneNumberEventLog implements InTransactionEventStore {
  constructor(private readonly outbox: WebhookOutbox) {}

  async append(manager: EntityManager, events: readonly OwnedDomainEvent[]): Promise<void> {
    const actor = AuditContext.current();
    await this.write(
      manager,
      events.map(({ organizationId, event }) =>
        eventRecord(randomUUID(), organizationId, event, actor),
      ),
    );
  }

  /** Records that are not an aggregate's (the drift check's), in the caller's transaction. */
  async write(manager: EntityManager, records: readonly PhoneNumberEventRecord[]): Promise<void> {
    if (records.length === 0) return;
    const values: unknown[] = [];
    const rows = records.map((r) => {
      values.push(
        r.id,
        r.organizationId,
        r.phoneNumberId,
        r.type,
        r.occurredAt,
        r.actor,
        r.requestId,
        JSON.stringify(r.data),
      );
      const n = values.length - 8;
      return `($${n + 1}, $${n + 2}, $${n + 3}, $${n + 4}, $${n + 5}, $${n + 6}, $${n + 7}, $${n + 8}::jsonb)`;
    });
    // One statement: the events, and a delivery for each enabled endpoint that takes its type.
    const deliveries: { id: string }[] = await manager.query(
      `WITH event AS (
         INSERT INTO phone_number_events
           (id, organization_id, phone_number_id, type, occurred_at, actor, request_id, data)
         VALUES ${rows.join(', ')}
         RETURNING id, organization_id, type
       ), delivery AS (
         INSERT INTO webhook_deliveries (id, endpoint_id, event_id, created_at, next_attempt_at)
         SELECT gen_random_uuid(), w.id, event.id, now(), now()
           FROM event JOIN webhook_endpoints w
             ON w.organization_id = event.organization_id AND w.disabled_at IS NULL
            AND (w.event_types IS NULL OR event.type = ANY (w.event_types))
         RETURNING id
       )
       SELECT id FROM delivery`,
      values,
    );
    await this.outbox.enqueue(
      manager,
      deliveries.map((d) => d.id),
    );
  }
}
