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
import { arrayParameter } from './postgres-arrays';

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
      // Held before the row exists (taken while the row to insert is made, and the row is seen
      // only once the statement ends), so the reconciler never sees it unheld while it is worked
      // on. One statement for both: the buy's first round trip.
      const [row]: IntentRow[] = await runner.query(
        `INSERT INTO purchase_intent (id, organization_id, number, status)
         SELECT $1::uuid, $2::uuid, $3::text, 'open' FROM (SELECT pg_advisory_lock(${lockKey('$4')})) AS held
         RETURNING id, organization_id, number, created_at`,
        [id, organizationId, number.value, lockName(id)],
      );
      return new HeldIntent(runner, toIntent(row!));
    } catch (error) {
      await unlockAndRelease(runner, lockName(id));
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
      [arrayParameter(numbers.map((n) => n.value))],
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
        `SELECT pg_try_advisory_lock(${lockKey()}) AS locked`,
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
        await unlockAndRelease(runner, lockName(intent.id));
        return null;
      }
      return new HeldIntent(runner, toIntent(row));
    } catch (error) {
      await unlockAndRelease(runner, lockName(intent.id));
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
  private unlocked = false;

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
    await this.close(`status = 'completed', twilio_sid = $3`, twilioSid.value);
  }

  async fail(reason: string): Promise<void> {
    await this.close(`status = 'failed', failure_reason = $3`, reason.slice(0, 1000));
  }

  /**
   * Closes the intent and, in the same statement, lets go of its lock: a closed intent is nobody's
   * to finish, so the lock has nothing left to guard.
   */
  private async close(assignments: string, value: string): Promise<void> {
    const [rows]: [{ unlocked: boolean }[], number] = await this.runner.query(
      `UPDATE purchase_intent SET ${assignments}, updated_at = now() WHERE id = $1
       RETURNING pg_advisory_unlock(${lockKey('$2')}) AS unlocked`,
      [this.id, lockName(this.id), value],
    );
    if (rows[0]?.unlocked) this.unlocked = true;
  }

  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    if (this.unlocked) await this.runner.release();
    else await unlockAndRelease(this.runner, lockName(this.id));
  }
}

/** The 64-bit key of the advisory lock named by a statement parameter. */
function lockKey(parameter = '$1'): string {
  return `hashtextextended(${parameter}, 0)`;
}

/** Lets go of a session advisory lock, then of the connection holding it. */
async function unlockAndRelease(runner: QueryRunner, name: string): Promise<void> {
  try {
    await runner.query(`SELECT pg_advisory_unlock(${lockKey()})`, [name]);
  } catch {
    // The connection is gone, and its lock with it.
  } finally {
    await runner.release();
  }
}

function lockName(intentId: string): string {
  return `loquent:purchase_intent:${intentId}`;
}

function toIntent(row: IntentRow): PurchaseIntent {
  return {
    id: row.id,
    organizationId: row.organization_id,
    number: E164Number.parse(row.number),
    createdAt: row.created_at,
  };
}
