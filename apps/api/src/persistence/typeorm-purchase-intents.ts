import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  E164Number,
  HeldPurchaseIntent,
  PurchaseInProgress,
  PurchaseIntent,
  PurchaseIntents,
  TwilioNumberSid,
} from '@loquent/telephony-domain';
import { DataSource, QueryRunner } from 'typeorm';
import { violatedUniqueConstraint } from './postgres-errors';

interface IntentRow {
  id: string;
  organization_id: string;
  number: string;
  created_at: Date;
}

/**
 * Purchase intents in PostgreSQL. The partial unique index on open intents keeps two buyers, in
 * any API process, from buying one number. Whoever works on an intent holds a session advisory
 * lock on it, on a connection of its own: when that process dies its connection closes and the
 * lock with it, so the reconciler can tell an abandoned intent from a slow one at once, with no
 * timeout to guess.
 */
@Injectable()
export class TypeOrmPurchaseIntents extends PurchaseIntents {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async begin(organizationId: string, number: E164Number): Promise<HeldPurchaseIntent> {
    const id = randomUUID();
    const runner = await this.connect();
    try {
      // Held before the row exists, so the reconciler never sees it unheld while it is worked on.
      await runner.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [lockName(id)]);
      const [row]: IntentRow[] = await runner.query(
        `INSERT INTO purchase_intent (id, organization_id, number, status) VALUES ($1, $2, $3, 'open')
         RETURNING id, organization_id, number, created_at`,
        [id, organizationId, number.value],
      );
      return new HeldIntent(runner, toIntent(row!));
    } catch (error) {
      await unlockAndRelease(runner, id);
      if (violatedUniqueConstraint(error) === 'purchase_intent_open_number_key') {
        throw new PurchaseInProgress(number.value);
      }
      throw error;
    }
  }

  async openFor(numbers: readonly E164Number[]): Promise<Set<string>> {
    if (numbers.length === 0) return new Set();
    const rows: { number: string }[] = await this.dataSource.query(
      `SELECT number FROM purchase_intent WHERE status = 'open' AND number = ANY($1::text[])`,
      [numbers.map((n) => n.value)],
    );
    return new Set(rows.map((row) => row.number));
  }

  async open(limit: number): Promise<PurchaseIntent[]> {
    const rows: IntentRow[] = await this.dataSource.query(
      `SELECT id, organization_id, number, created_at FROM purchase_intent
       WHERE status = 'open' ORDER BY created_at LIMIT $1`,
      [limit],
    );
    return rows.map(toIntent);
  }

  async tryHold(intent: PurchaseIntent): Promise<HeldPurchaseIntent | null> {
    const runner = await this.connect();
    try {
      const [lock]: { locked: boolean }[] = await runner.query(
        'SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked',
        [lockName(intent.id)],
      );
      if (!lock?.locked) {
        await runner.release();
        return null;
      }
      // Closed between the listing and the lock: nothing left to do.
      const [row]: IntentRow[] = await runner.query(
        `SELECT id, organization_id, number, created_at FROM purchase_intent WHERE id = $1 AND status = 'open'`,
        [intent.id],
      );
      if (!row) {
        await unlockAndRelease(runner, intent.id);
        return null;
      }
      return new HeldIntent(runner, toIntent(row));
    } catch (error) {
      await unlockAndRelease(runner, intent.id);
      throw error;
    }
  }

  private async connect(): Promise<QueryRunner> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    return runner;
  }
}

class HeldIntent implements HeldPurchaseIntent {
  readonly id: string;
  readonly organizationId: string;
  readonly number: E164Number;
  readonly createdAt: Date;
  private released = false;

  constructor(
    private readonly runner: QueryRunner,
    intent: PurchaseIntent,
  ) {
    ({
      id: this.id,
      organizationId: this.organizationId,
      number: this.number,
      createdAt: this.createdAt,
    } = intent);
  }

  async complete(twilioSid: TwilioNumberSid): Promise<void> {
    await this.runner.query(
      `UPDATE purchase_intent SET status = 'completed', twilio_sid = $2, updated_at = now() WHERE id = $1`,
      [this.id, twilioSid.value],
    );
  }

  async fail(reason: string): Promise<void> {
    await this.runner.query(
      `UPDATE purchase_intent SET status = 'failed', failure_reason = $2, updated_at = now() WHERE id = $1`,
      [this.id, reason.slice(0, 1000)],
    );
  }

  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    await unlockAndRelease(this.runner, this.id);
  }
}

function lockName(intentId: string): string {
  return `loquent:purchase_intent:${intentId}`;
}

async function unlockAndRelease(runner: QueryRunner, intentId: string): Promise<void> {
  try {
    await runner.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [lockName(intentId)]);
  } catch {
    // The connection is gone, and its lock with it.
  } finally {
    await runner.release();
  }
}

function toIntent(row: IntentRow): PurchaseIntent {
  return {
    id: row.id,
    organizationId: row.organization_id,
    number: E164Number.parse(row.number),
    createdAt: row.created_at,
  };
}
