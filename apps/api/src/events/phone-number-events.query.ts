import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { RequestValidationFailed } from '../http/problem.exception';
import type {
  EventChange,
  PhoneNumberEventRecord,
  PhoneNumberEventType,
} from './phone-number-event';

export interface EventPage {
  items: PhoneNumberEventRecord[];
  hasMore: boolean;
}

interface EventRow {
  id: string;
  organization_id: string;
  phone_number_id: string;
  type: PhoneNumberEventType;
  occurred_at: Date;
  actor: string;
  request_id: string | null;
  data: EventChange;
}

/**
 * Reads the event log straight to pages (no aggregate): oldest first, in the order events were
 * stored, a keyset page after the event a client last saw.
 */
@Injectable()
export class PhoneNumberEvents {
  constructor(private readonly dataSource: DataSource) {}

  async page(query: {
    organizationId: string;
    type: PhoneNumberEventType | null;
    phoneNumberId: string | null;
    after: string | null;
    limit: number;
  }): Promise<EventPage> {
    let afterSeq = '0';
    if (query.after !== null) {
      const [cursor]: { seq: string }[] = await this.dataSource.query(
        `SELECT seq FROM phone_number_events WHERE organization_id = $1 AND id = $2`,
        [query.organizationId, query.after],
      );
      if (!cursor) {
        throw new RequestValidationFailed([
          { field: 'after', message: 'after must be the id of one of the organization’s events' },
        ]);
      }
      afterSeq = cursor.seq;
    }
    const rows: EventRow[] = await this.dataSource.query(
      `SELECT id, organization_id, phone_number_id, type, occurred_at, actor, request_id, data
         FROM phone_number_events
        WHERE organization_id = $1 AND seq > $2
          AND ($3::text IS NULL OR type = $3)
          AND ($4::uuid IS NULL OR phone_number_id = $4)
        ORDER BY seq
        LIMIT $5`,
      [query.organizationId, afterSeq, query.type, query.phoneNumberId, query.limit + 1],
    );
    return {
      items: rows.slice(0, query.limit).map((row) => ({
        id: row.id,
        organizationId: row.organization_id,
        phoneNumberId: row.phone_number_id,
        type: row.type,
        occurredAt: row.occurred_at,
        actor: row.actor,
        requestId: row.request_id,
        data: row.data,
      })),
      hasMore: rows.length > query.limit,
    };
  }

  async phoneExists(organizationId: string, phoneNumberId: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM phone_number WHERE organization_id = $1 AND id = $2`,
      [organizationId, phoneNumberId],
    );
    return rows.length > 0;
  }
}
