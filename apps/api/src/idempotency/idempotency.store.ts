import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** How long a response is kept for replay, and how long a request may hold its key. */
export const IDEMPOTENCY_KEY_TTL = '24 hours';
export const IDEMPOTENCY_LEASE = '2 minutes';

/** A final response, as it is replayed: status, the headers that matter, and body. */
export interface StoredResponse {
  status: number;
  contentType: string;
  headers: Record<string, string>;
  body: unknown;
}

export type IdempotencyClaim =
  | { kind: 'claimed' }
  | { kind: 'in_flight' }
  | { kind: 'mismatch' }
  | ({ kind: 'replay' } & StoredResponse);

/**
 * response_body holds the body and the headers replayed with it, marked so that a row stored
 * before headers were kept (a bare body) still replays as it was.
 */
const ENVELOPE = 'loquent_idempotent_response';

interface StoredEnvelope {
  [ENVELOPE]: 1;
  headers: Record<string, string>;
  body: unknown;
}

function unwrap(stored: unknown): { headers: Record<string, string>; body: unknown } {
  if (stored && typeof stored === 'object' && (stored as StoredEnvelope)[ENVELOPE] === 1) {
    const { headers, body } = stored as StoredEnvelope;
    return { headers, body };
  }
  return { headers: {}, body: stored };
}

interface KeyRow {
  fingerprint: string;
  state: 'in_flight' | 'completed';
  response_status: number | null;
  response_content_type: string | null;
  response_body: unknown;
}

/**
 * Idempotency keys in PostgreSQL, per organization, so every API process sees the same ones.
 * The first request with a key claims it (a row, INSERT ... ON CONFLICT: exactly one wins);
 * later ones get its stored response, or are told it is still in flight. A claim whose request
 * died with its process lapses after the lease; an expired key may be used again.
 */
@Injectable()
export class IdempotencyStore {
  constructor(private readonly dataSource: DataSource) {}

  async claim(organizationId: string, key: string, fingerprint: string): Promise<IdempotencyClaim> {
    const claimed: unknown[] = await this.dataSource.query(
      `INSERT INTO idempotency_key (organization_id, key, fingerprint, state, locked_until, expires_at)
       VALUES ($1, $2, $3, 'in_flight', now() + interval '${IDEMPOTENCY_LEASE}', now() + interval '${IDEMPOTENCY_KEY_TTL}')
       ON CONFLICT (organization_id, key) DO UPDATE
         SET fingerprint = EXCLUDED.fingerprint, state = 'in_flight', locked_until = EXCLUDED.locked_until,
             response_status = NULL, response_content_type = NULL, response_body = NULL,
             created_at = now(), expires_at = EXCLUDED.expires_at
         WHERE idempotency_key.expires_at < now()
            OR (idempotency_key.state = 'in_flight' AND idempotency_key.locked_until < now()
                AND idempotency_key.fingerprint = EXCLUDED.fingerprint)
       RETURNING 1`,
      [organizationId, key, fingerprint],
    );
    if (claimed.length > 0) return { kind: 'claimed' };

    const [row]: KeyRow[] = await this.dataSource.query(
      `SELECT fingerprint, state, response_status, response_content_type, response_body
       FROM idempotency_key WHERE organization_id = $1 AND key = $2`,
      [organizationId, key],
    );
    // Deleted in between (its request failed and gave the key back): the caller may try again.
    if (!row) return { kind: 'in_flight' };
    if (row.fingerprint !== fingerprint) return { kind: 'mismatch' };
    if (row.state === 'in_flight') return { kind: 'in_flight' };
    const { headers, body } = unwrap(row.response_body);
    return {
      kind: 'replay',
      status: row.response_status!,
      contentType: row.response_content_type ?? 'application/json',
      headers,
      body,
    };
  }

  async complete(organizationId: string, key: string, response: StoredResponse): Promise<void> {
    const stored: StoredEnvelope = {
      [ENVELOPE]: 1,
      headers: response.headers,
      body: response.body ?? null,
    };
    await this.dataSource.query(
      `UPDATE idempotency_key
       SET state = 'completed', response_status = $3, response_content_type = $4, response_body = $5::json,
           locked_until = NULL
       WHERE organization_id = $1 AND key = $2`,
      [organizationId, key, response.status, response.contentType, JSON.stringify(stored)],
    );
  }

  /** Gives the key back, so that a retry runs the request again (after a server-side failure). */
  async release(organizationId: string, key: string): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM idempotency_key WHERE organization_id = $1 AND key = $2 AND state = 'in_flight'`,
      [organizationId, key],
    );
  }

  async deleteExpired(): Promise<number> {
    const [, affected]: [unknown, number] = await this.dataSource.query(
      'DELETE FROM idempotency_key WHERE expires_at < now()',
    );
    return affected;
  }
}
