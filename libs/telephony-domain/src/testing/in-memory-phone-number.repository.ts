import { E164Number } from '../phone-number/e164-number.value-object';
import { PhoneNumber, PhoneNumberPrimitives } from '../phone-number/phone-number.aggregate';
import { ConcurrentUpdate, NumberAlreadyRegistered } from '../phone-number/phone-number.errors';
import { TwilioNumberSid } from '../phone-number/twilio-number-sid.value-object';
import {
  InsertManyResult,
  PhoneNumberListQuery,
  PhoneNumberRepository,
  PhoneNumberSummary,
} from '../ports/phone-number.repository.port';

/** One write of a unit of work, as the in-memory store applies it. */
export type InMemoryPhoneNumberWrite =
  | { kind: 'save'; phoneNumber: PhoneNumber; row: PhoneNumberPrimitives }
  | { kind: 'delete'; id: string };

/**
 * PhoneNumberRepository in memory, with the same rules as the database: one row per sid and per
 * number, across organizations, and a version per row that a save must match. Stores copies, so
 * tests see only what was saved.
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
  /**
   * Called after findById has read a number and before it answers: lets a test make another
   * writer land between a read and the save that follows it.
   */
  afterRead: (() => Promise<void>) | null = null;

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
    const found =
      row && row.organizationId === organizationId ? PhoneNumber.fromPrimitives(row) : null;
    await this.afterRead?.();
    return found;
  }

  async findByNumber(number: E164Number): Promise<PhoneNumber | null> {
    this.calls.findByNumber++;
    const row = [...this.rows.values()].find((r) => r.number === number.value);
    return row ? PhoneNumber.fromPrimitives(row) : null;
  }

  async delete(phoneNumber: PhoneNumber): Promise<void> {
    this.apply([{ kind: 'delete', id: phoneNumber.id }]);
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
    this.apply([{ kind: 'save', phoneNumber, row: phoneNumber.toPrimitives() }]);
  }

  /**
   * Applies writes all or nothing, at once (nothing else runs in between): what the in-memory
   * unit of work commits.
   */
  apply(writes: readonly InMemoryPhoneNumberWrite[]): void {
    const staged = new Map(this.rows);
    const saved: [PhoneNumber, number][] = [];
    for (const write of writes) {
      if (write.kind === 'delete') {
        this.calls.delete++;
        staged.delete(write.id);
        continue;
      }
      this.calls.save++;
      // Nothing to write: not even the version moves.
      if (!write.phoneNumber.hasUnsavedChanges) continue;
      if (this.nextSaveFailure) {
        const error = this.nextSaveFailure;
        this.nextSaveFailure = null;
        throw error;
      }
      const { row } = write;
      const stored = staged.get(row.id);
      if (row.version === 0) {
        if (stored || conflicts(staged, row)) throw new NumberAlreadyRegistered(row.number);
      } else if (!stored || stored.version !== row.version) {
        throw new ConcurrentUpdate(row.id);
      }
      staged.set(row.id, { ...row, version: row.version + 1 });
      saved.push([write.phoneNumber, row.version + 1]);
    }
    this.rows.clear();
    for (const [id, row] of staged) this.rows.set(id, row);
    for (const [phoneNumber, version] of saved) phoneNumber.markPersisted(version);
  }

  async insertMany(phoneNumbers: readonly PhoneNumber[]): Promise<InsertManyResult> {
    this.calls.insertMany++;
    const result: InsertManyResult = { inserted: [], alreadyExisted: [] };
    for (const phoneNumber of phoneNumbers) {
      const row = phoneNumber.toPrimitives();
      if (this.rows.has(row.id) || conflicts(this.rows, row)) {
        result.alreadyExisted.push(phoneNumber);
      } else {
        this.rows.set(row.id, { ...row, version: 1 });
        phoneNumber.markPersisted(1);
        result.inserted.push(phoneNumber);
      }
    }
    return result;
  }

  /** Takes inserted numbers out again: the in-memory unit of work rolling back an insertMany. */
  forget(ids: readonly string[]): void {
    for (const id of ids) this.rows.delete(id);
  }
}

function conflicts(
  rows: ReadonlyMap<string, PhoneNumberPrimitives>,
  candidate: PhoneNumberPrimitives,
): boolean {
  return [...rows.values()].some(
    (row) => row.number === candidate.number || row.twilioSid === candidate.twilioSid,
  );
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
