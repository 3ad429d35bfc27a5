import { E164Number } from '../phone-number/e164-number.value-object';
import { PhoneNumber, PhoneNumberPrimitives } from '../phone-number/phone-number.aggregate';
import { NumberAlreadyRegistered } from '../phone-number/phone-number.errors';
import { TwilioNumberSid } from '../phone-number/twilio-number-sid.value-object';
import {
  InsertManyResult,
  PhoneNumberListQuery,
  PhoneNumberRepository,
  PhoneNumberSummary,
} from '../ports/phone-number.repository.port';

/**
 * PhoneNumberRepository in memory, with the same uniqueness rules as the database (one row per
 * sid and per number, across organizations). Stores copies, so tests see only what was saved.
 */
export class InMemoryPhoneNumberRepository extends PhoneNumberRepository {
  private readonly rows = new Map<string, PhoneNumberPrimitives>();
  private nextSaveFailure: Error | null = null;
  /** How many calls reached the repository, by method: lets tests check for N+1 access. */
  readonly calls = {
    findById: 0,
    findByNumber: 0,
    findRegisteredSids: 0,
    isNumberRegistered: 0,
    list: 0,
    save: 0,
    delete: 0,
    insertMany: 0,
  };

  /** Makes the next save throw this error, as a database outage would. */
  failNextSave(error: Error = new Error('database unavailable')): void {
    this.nextSaveFailure = error;
  }

  /** Every stored number, for assertions. */
  all(): PhoneNumber[] {
    return [...this.rows.values()].map((row) => PhoneNumber.fromPrimitives(row));
  }

  async findById(organizationId: string, id: string): Promise<PhoneNumber | null> {
    this.calls.findById++;
    const row = this.rows.get(id);
    return row && row.organizationId === organizationId ? PhoneNumber.fromPrimitives(row) : null;
  }

  async findByNumber(number: E164Number): Promise<PhoneNumber | null> {
    this.calls.findByNumber++;
    const row = [...this.rows.values()].find((r) => r.number === number.value);
    return row ? PhoneNumber.fromPrimitives(row) : null;
  }

  async delete(phoneNumber: PhoneNumber): Promise<void> {
    this.calls.delete++;
    this.rows.delete(phoneNumber.id);
  }

  async findRegisteredSids(sids: readonly TwilioNumberSid[]): Promise<Set<string>> {
    this.calls.findRegisteredSids++;
    const wanted = new Set(sids.map((sid) => sid.value));
    return new Set(
      [...this.rows.values()].map((row) => row.twilioSid).filter((sid) => wanted.has(sid)),
    );
  }

  async isNumberRegistered(number: E164Number): Promise<boolean> {
    this.calls.isNumberRegistered++;
    return [...this.rows.values()].some((row) => row.number === number.value);
  }

  async list(query: PhoneNumberListQuery): Promise<PhoneNumberSummary[]> {
    this.calls.list++;
    const after = query.after?.value ?? null;
    const rows = [...this.rows.values()]
      .filter((row) => row.organizationId === query.organizationId)
      .filter((row) => after === null || row.number > after)
      .sort((a, b) => (a.number < b.number ? -1 : a.number > b.number ? 1 : 0));
    return (query.limit === null ? rows : rows.slice(0, query.limit)).map(toSummary);
  }

  async save(phoneNumber: PhoneNumber): Promise<void> {
    this.calls.save++;
    if (this.nextSaveFailure) {
      const error = this.nextSaveFailure;
      this.nextSaveFailure = null;
      throw error;
    }
    const row = phoneNumber.toPrimitives();
    if (!this.rows.has(row.id) && this.conflicts(row))
      throw new NumberAlreadyRegistered(row.number);
    this.rows.set(row.id, row);
  }

  async insertMany(phoneNumbers: readonly PhoneNumber[]): Promise<InsertManyResult> {
    this.calls.insertMany++;
    const result: InsertManyResult = { inserted: [], alreadyExisted: [] };
    for (const phoneNumber of phoneNumbers) {
      const row = phoneNumber.toPrimitives();
      if (this.rows.has(row.id) || this.conflicts(row)) {
        result.alreadyExisted.push(phoneNumber);
      } else {
        this.rows.set(row.id, row);
        result.inserted.push(phoneNumber);
      }
    }
    return result;
  }

  private conflicts(candidate: PhoneNumberPrimitives): boolean {
    return [...this.rows.values()].some(
      (row) => row.number === candidate.number || row.twilioSid === candidate.twilioSid,
    );
  }
}

function toSummary(row: PhoneNumberPrimitives): PhoneNumberSummary {
  return {
    id: row.id,
    number: row.number,
    twilioSid: row.twilioSid,
    friendlyName: row.friendlyName,
    agentId: row.agentId,
    voiceUrlStatus: row.voiceUrlStatus,
    source: row.source,
    createdAt: row.createdAt,
  };
}
