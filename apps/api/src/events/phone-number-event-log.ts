import type { EntityManager } from 'typeorm';
import { typedArrayParameter } from '../persistence/postgres-arrays';
import { uuidV7 } from '../system/uuid-v7';
import type { StatementPart } from '../persistence/phone-number-writes';
import type {
  InTransactionEventStore,
  OwnedDomainEvent,
} from '../persistence/typeorm-unit-of-work';
import { WebhookOutbox } from '../webhooks/webhook-outbox';
import { AuditContext } from './audit-context';
import { eventRecord, type PhoneNumberEventRecord } from './phone-number-event';

/**
 * The transactional outbox: every event of a number is written with the change that made it (in
 * its transaction, or in its very statement), with who made it (AuditContext), and so are the
 * webhook deliveries it is owed. A change rolled back leaves neither.
 *
 * Readers page the log by `seq`, which is taken at INSERT, not at COMMIT: so that a page never
 * passes an event that commits later, writers of one organization's events take its lock (until
 * their COMMIT) before they take a `seq`. The records go as arrays, so any number of them is one
 * statement within PostgreSQL's limit of bind parameters.
 */
export class PhoneNumberEventLog implements InTransactionEventStore {
  constructor(private readonly outbox: WebhookOutbox) {}

  async append(manager: EntityManager, events: readonly OwnedDomainEvent[]): Promise<void> {
    await this.write(manager, this.records(events));
  }

  alongside(
    events: readonly OwnedDomainEvent[],
    gate: string,
    firstParameter: number,
  ): StatementPart {
    const { ctes, parameters } = statement(this.records(events), firstParameter, gate);
    return { ctes, parameters, result: 'ARRAY(SELECT id FROM delivery)' };
  }

  /**
   * The deliveries the statement wrote, queued now it has committed. Were the process to die
   * first, or the queue to fail, WebhookDeliveryWorker's sweep queues them.
   */
  async committed(deliveryIds: unknown): Promise<void> {
    await this.outbox.enqueueCommitted(deliveryIds as string[]);
  }

  /** Records that are not an aggregate's (the drift check's), in the caller's transaction. */
  async write(manager: EntityManager, records: readonly PhoneNumberEventRecord[]): Promise<void> {
    if (records.length === 0) return;
    const { ctes, parameters } = statement(records, 1, null);
    const deliveries: { id: string }[] = await manager.query(
      `WITH ${ctes} SELECT id FROM delivery`,
      parameters,
    );
    await this.outbox.enqueue(
      manager,
      deliveries.map((d) => d.id),
    );
  }

  private records(events: readonly OwnedDomainEvent[]): PhoneNumberEventRecord[] {
    const actor = AuditContext.current();
    return events.map(({ organizationId, event }) =>
      eventRecord(uuidV7(), organizationId, event, actor),
    );
  }
}

/** The record's columns in the table's order: each a parameter of the statement. */
const COLUMNS: readonly {
  name: string;
  type: string;
  value: (record: PhoneNumberEventRecord) => string | Date | null;
  /** Equal for every record in most statements (one request's, one organization's). */
  sharable: boolean;
}[] = [
  { name: 'id', type: 'uuid', value: (r) => r.id, sharable: false },
  { name: 'organization_id', type: 'uuid', value: (r) => r.organizationId, sharable: true },
  { name: 'phone_number_id', type: 'uuid', value: (r) => r.phoneNumberId, sharable: false },
  { name: 'type', type: 'text', value: (r) => r.type, sharable: true },
  { name: 'occurred_at', type: 'timestamptz', value: (r) => r.occurredAt, sharable: true },
  { name: 'actor', type: 'text', value: (r) => r.actor, sharable: true },
  { name: 'request_id', type: 'text', value: (r) => r.requestId, sharable: true },
];

const same = (a: string | Date | null, b: string | Date | null): boolean =>
  a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : a === b;

/**
 * The organizations' locks, the events, and a delivery for each enabled endpoint that takes their
 * type (the CTE `delivery`). With a `gate` (a write's CTE returning the `id` of each number it
 * wrote), only the events of the numbers it wrote, and the locks only once every one of its
 * numbers is written (`count(*)` reads them all; `EXISTS` would stop at the first): a write's
 * number rows are always locked before the organization's lock, never after (which could deadlock
 * with a writer holding the lock and waiting for one of those rows). Its analyzer links, a CTE
 * nobody reads, are written at the statement's end, after the lock: imports have none, and
 * nothing in the API updates or deletes an analyzer.
 *
 * A column whose value every record shares (an import's thousand events have one organization,
 * type, time, actor and request) is one parameter, not an array of copies to serialize, send and
 * unnest: the ids always go as arrays, and the data as one JSON array (PostgreSQL reads a thousand
 * changes from one JSON text in about half the time it takes from an array of jsonb literals,
 * each quoted and escaped).
 */
function statement(
  records: readonly PhoneNumberEventRecord[],
  first: number,
  gate: string | null,
): { ctes: string; parameters: unknown[] } {
  const parameters: unknown[] = [];
  const parameter = (value: unknown) => `$${first + parameters.push(value) - 1}`;
  const arrays: { name: string; placeholder: string; rows: string }[] = [];
  const expression: Record<string, string> = {};
  for (const { name, type, value, sharable } of COLUMNS) {
    const values = records.map(value);
    if (sharable && values.every((v) => same(v, values[0]!))) {
      expression[name] = `${parameter(values[0])}::${type}`;
    } else {
      const placeholder = `${parameter(typedArrayParameter(type, values))}::${type}[]`;
      arrays.push({ name, placeholder, rows: `unnest(${placeholder})` });
      expression[name] = `r.${name}`;
    }
  }
  const data = `${parameter(JSON.stringify(records.map((record) => record.data)))}::jsonb`;
  arrays.push({ name: 'data', placeholder: data, rows: `jsonb_array_elements(${data})` });
  expression.data = 'r.data';
  const organizationArray = arrays.find((array) => array.name === 'organization_id');
  const organizations = organizationArray
    ? `SELECT DISTINCT o FROM unnest(${organizationArray.placeholder}) AS o ORDER BY o`
    : `SELECT ${expression.organization_id} AS o`;
  return {
    ctes: `locked AS (
         SELECT count(*) AS organizations FROM (
           SELECT pg_advisory_xact_lock(hashtextextended('phone_number_events:' || o::text, 0))
             FROM (${organizations}) AS organizations
            ${gate ? `WHERE (SELECT count(*) FROM ${gate}) > 0` : ''}
         ) AS locks
       ), event AS (
         INSERT INTO phone_number_events
           (id, organization_id, phone_number_id, type, occurred_at, actor, request_id, data)
         SELECT ${[...COLUMNS.map(({ name }) => expression[name]), expression.data].join(', ')}
           FROM locked,
                ROWS FROM (${arrays.map((a) => a.rows).join(', ')})
                  WITH ORDINALITY AS r(${arrays.map((a) => a.name).join(', ')}, position)
                ${gate ? `JOIN ${gate} AS written ON written.id = r.phone_number_id` : ''}
          WHERE locked.organizations > 0
          ORDER BY r.position
         RETURNING id, organization_id, type
       ), delivery AS (
         INSERT INTO webhook_deliveries (id, endpoint_id, event_id, created_at, next_attempt_at)
         SELECT gen_random_uuid(), w.id, event.id, now(), now()
           FROM event JOIN webhook_endpoints w
             ON w.organization_id = event.organization_id AND w.disabled_at IS NULL
            AND (w.event_types IS NULL OR event.type = ANY (w.event_types))
         RETURNING id
       )`,
    parameters,
  };
}
