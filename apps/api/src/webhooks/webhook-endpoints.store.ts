import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CredentialsCipher } from '../twilio-accounts/credentials-cipher';
import { newWebhookSecret } from './webhook-signature';

export interface WebhookEndpoint {
  id: string;
  organizationId: string;
  url: string;
  /** null: every type. */
  eventTypes: string[] | null;
  createdAt: Date;
  failingSince: Date | null;
  disabledAt: Date | null;
  disabledReason: string | null;
}

export interface WebhookAttempt {
  attemptedAt: Date;
  responseStatus: number | null;
  error: string | null;
  responseBody: string | null;
  nextAttemptAt: Date | null;
}

export interface WebhookDelivery {
  id: string;
  eventId: string;
  eventType: string;
  status: 'pending' | 'delivered' | 'failed' | 'cancelled';
  createdAt: Date;
  deliveredAt: Date | null;
  nextAttemptAt: Date | null;
  attempts: WebhookAttempt[];
}

interface EndpointRow {
  id: string;
  organization_id: string;
  url: string;
  event_types: string[] | null;
  created_at: Date;
  failing_since: Date | null;
  disabled_at: Date | null;
  disabled_reason: string | null;
}

const COLUMNS =
  'id, organization_id, url, event_types, created_at, failing_since, disabled_at, disabled_reason';

/**
 * The organizations' webhook endpoints. The signing secret is sealed at rest (AES-256-GCM with
 * CREDENTIALS_ENCRYPTION_KEY, bound to the endpoint) and shown once, when the endpoint is made.
 */
export class WebhookEndpoints {
  constructor(
    private readonly dataSource: DataSource,
    private readonly cipher: CredentialsCipher,
  ) {}

  async create(
    organizationId: string,
    url: string,
    eventTypes: string[] | null,
  ): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
    const id = randomUUID();
    const secret = newWebhookSecret();
    const [row]: EndpointRow[] = await this.dataSource.query(
      `INSERT INTO webhook_endpoints (id, organization_id, url, event_types, sealed_secret, created_at)
       VALUES ($1, $2, $3, $4, $5, now()) RETURNING ${COLUMNS}`,
      [id, organizationId, url, eventTypes, this.cipher.encrypt(secret, boundTo(id))],
    );
    return { endpoint: fromRow(row!), secret };
  }

  async list(organizationId: string): Promise<WebhookEndpoint[]> {
    const rows: EndpointRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM webhook_endpoints WHERE organization_id = $1 ORDER BY created_at, id`,
      [organizationId],
    );
    return rows.map(fromRow);
  }

  async find(organizationId: string, id: string): Promise<WebhookEndpoint | null> {
    const [row]: EndpointRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM webhook_endpoints WHERE organization_id = $1 AND id = $2`,
      [organizationId, id],
    );
    return row ? fromRow(row) : null;
  }

  /** Whether there was one to delete; its pending deliveries go with it. */
  async delete(organizationId: string, id: string): Promise<boolean> {
    const [, count]: [unknown, number] = await this.dataSource.query(
      `DELETE FROM webhook_endpoints WHERE organization_id = $1 AND id = $2`,
      [organizationId, id],
    );
    return count > 0;
  }

  openSecret(id: string, sealed: string): string {
    return this.cipher.decrypt(sealed, boundTo(id));
  }

  /** The endpoint's latest deliveries, newest first, each with every attempt. */
  async deliveries(endpointId: string, limit: number): Promise<WebhookDelivery[]> {
    const rows: {
      id: string;
      event_id: string;
      type: string;
      status: WebhookDelivery['status'];
      created_at: Date;
      delivered_at: Date | null;
      next_attempt_at: Date | null;
      attempts: {
        attempted_at: string;
        response_status: number | null;
        error: string | null;
        response_body: string | null;
        next_attempt_at: string | null;
      }[];
    }[] = await this.dataSource.query(
      `SELECT d.id, d.event_id, e.type, d.status, d.created_at, d.delivered_at,
              CASE WHEN d.status = 'pending' THEN d.next_attempt_at END AS next_attempt_at,
              COALESCE((SELECT json_agg(json_build_object(
                         'attempted_at', a.attempted_at, 'response_status', a.response_status,
                         'error', a.error, 'response_body', a.response_body,
                         'next_attempt_at', a.next_attempt_at) ORDER BY a.seq)
                  FROM webhook_delivery_attempts a WHERE a.delivery_id = d.id), '[]') AS attempts
         FROM webhook_deliveries d JOIN phone_number_events e ON e.id = d.event_id
        WHERE d.endpoint_id = $1
        ORDER BY e.seq DESC LIMIT $2`,
      [endpointId, limit],
    );
    return rows.map((r) => ({
      id: r.id,
      eventId: r.event_id,
      eventType: r.type,
      status: r.status,
      createdAt: r.created_at,
      deliveredAt: r.delivered_at,
      nextAttemptAt: r.next_attempt_at,
      attempts: r.attempts.map((a) => ({
        attemptedAt: new Date(a.attempted_at),
        responseStatus: a.response_status,
        error: a.error,
        responseBody: a.response_body,
        nextAttemptAt: a.next_attempt_at === null ? null : new Date(a.next_attempt_at),
      })),
    }));
  }
}

function boundTo(endpointId: string): string {
  return `webhook-endpoint:${endpointId}`;
}

function fromRow(row: EndpointRow): WebhookEndpoint {
  return {
    id: row.id,
    organizationId: row.organization_id,
    url: row.url,
    eventTypes: row.event_types,
    createdAt: row.created_at,
    failingSince: row.failing_since,
    disabledAt: row.disabled_at,
    disabledReason: row.disabled_reason,
  };
}
