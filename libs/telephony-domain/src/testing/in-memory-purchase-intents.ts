import { E164Number } from '../phone-number/e164-number.value-object';
import { PurchaseInProgress } from '../phone-number/phone-number.errors';
import { TwilioNumberSid } from '../phone-number/twilio-number-sid.value-object';
import {
  HeldPurchaseIntent,
  PurchaseIntent,
  PurchaseIntents,
} from '../ports/purchase-intents.port';
import { sequentialUuid } from './simple-adapters';

export type PurchaseIntentStatus = 'open' | 'completed' | 'failed';

interface Row extends PurchaseIntent {
  status: PurchaseIntentStatus;
  held: boolean;
  twilioSid: string | null;
  failure: string | null;
}

/** PurchaseIntents in memory, with the same rule as the database: one open intent per number. */
export class InMemoryPurchaseIntents extends PurchaseIntents {
  private readonly rows: Row[] = [];

  /** Every intent with its state, for assertions. */
  all(): ReadonlyArray<Readonly<Row>> {
    return this.rows.map((row) => ({ ...row }));
  }

  /** An open intent left by a process that ended, as after a crash. */
  abandon(organizationId: string, number: string, createdAt = new Date()): PurchaseIntent {
    const row: Row = {
      id: sequentialUuid(10_000 + this.rows.length),
      organizationId,
      number: E164Number.parse(number),
      createdAt,
      status: 'open',
      held: false,
      twilioSid: null,
      failure: null,
    };
    this.rows.push(row);
    return row;
  }

  async begin(organizationId: string, number: E164Number): Promise<HeldPurchaseIntent> {
    if (this.rows.some((row) => row.status === 'open' && row.number.equals(number))) {
      throw new PurchaseInProgress(number.value);
    }
    const row = this.abandon(organizationId, number.value) as Row;
    row.held = true;
    return this.handle(row);
  }

  async openFor(numbers: readonly E164Number[]): Promise<Set<string>> {
    const wanted = new Set(numbers.map((n) => n.value));
    return new Set(
      this.rows
        .filter((r) => r.status === 'open' && wanted.has(r.number.value))
        .map((r) => r.number.value),
    );
  }

  async open(limit: number): Promise<PurchaseIntent[]> {
    return this.rows
      .filter((row) => row.status === 'open')
      .slice(0, limit)
      .map(({ id, organizationId, number, createdAt }) => ({
        id,
        organizationId,
        number,
        createdAt,
      }));
  }

  async tryHold(intent: PurchaseIntent): Promise<HeldPurchaseIntent | null> {
    const row = this.rows.find((r) => r.id === intent.id);
    if (!row || row.held || row.status !== 'open') return null;
    row.held = true;
    return this.handle(row);
  }

  private handle(row: Row): HeldPurchaseIntent {
    return {
      id: row.id,
      organizationId: row.organizationId,
      number: row.number,
      createdAt: row.createdAt,
      complete: async (twilioSid: TwilioNumberSid) => {
        row.status = 'completed';
        row.twilioSid = twilioSid.value;
      },
      fail: async (reason: string) => {
        row.status = 'failed';
        row.failure = reason;
      },
      release: async () => {
        row.held = false;
      },
    };
  }
}
