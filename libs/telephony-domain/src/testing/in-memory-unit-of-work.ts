import { E164Number } from '../phone-number/e164-number.value-object';
import { PhoneNumber } from '../phone-number/phone-number.aggregate';
import { TwilioNumberSid } from '../phone-number/twilio-number-sid.value-object';
import {
  InsertManyResult,
  PhoneNumberListQuery,
  PhoneNumberRepository,
  PhoneNumberSummary,
} from '../ports/phone-number.repository.port';
import { UnitOfWork, UnitOfWorkPorts } from '../ports/unit-of-work.port';
import { DomainEvent } from '../shared/domain-event';
import {
  InMemoryPhoneNumberRepository,
  InMemoryPhoneNumberWrite,
} from './in-memory-phone-number.repository';

/**
 * UnitOfWork over the in-memory repository, with the database adapter's semantics: reads at once,
 * saves and deletes held until the work returns and then applied all or nothing, events of the
 * saved aggregates dispatched only after that.
 */
export class InMemoryUnitOfWork extends UnitOfWork {
  /** Every event dispatched, in order. */
  readonly dispatched: DomainEvent[] = [];
  /** How many units committed, and how many rolled back. */
  readonly outcomes = { committed: 0, rolledBack: 0 };

  constructor(
    readonly phoneNumbers: InMemoryPhoneNumberRepository,
    private readonly dispatch: (events: readonly DomainEvent[]) => void = () => undefined,
  ) {
    super();
  }

  async run<T>(work: (ports: UnitOfWorkPorts) => Promise<T>): Promise<T> {
    const scope = new ScopedPhoneNumbers(this.phoneNumbers);
    try {
      const result = await work({ phoneNumbers: scope });
      const events = scope.saved.flatMap((aggregate) => aggregate.pullDomainEvents());
      this.phoneNumbers.apply(scope.pendingWrites());
      this.outcomes.committed++;
      this.dispatched.push(...events);
      this.dispatch(events);
      return result;
    } catch (error) {
      this.phoneNumbers.forget(scope.insertedIds);
      this.outcomes.rolledBack++;
      throw error;
    }
  }
}

class ScopedPhoneNumbers extends PhoneNumberRepository {
  private readonly writes = new Map<PhoneNumber | string, InMemoryPhoneNumberWrite>();
  readonly saved: PhoneNumber[] = [];
  readonly insertedIds: string[] = [];

  constructor(private readonly store: InMemoryPhoneNumberRepository) {
    super();
  }

  pendingWrites(): InMemoryPhoneNumberWrite[] {
    return [...this.writes.values()];
  }

  findById(organizationId: string, id: string): Promise<PhoneNumber | null> {
    return this.store.findById(organizationId, id);
  }
  findByNumber(number: E164Number): Promise<PhoneNumber | null> {
    return this.store.findByNumber(number);
  }
  findRegisteredSids(sids: readonly TwilioNumberSid[]): Promise<Set<string>> {
    return this.store.findRegisteredSids(sids);
  }
  isNumberRegistered(number: E164Number): Promise<boolean> {
    return this.store.isNumberRegistered(number);
  }
  list(query: PhoneNumberListQuery): Promise<PhoneNumberSummary[]> {
    return this.store.list(query);
  }

  async save(phoneNumber: PhoneNumber): Promise<void> {
    // Saved twice in one unit: the last state is the one written.
    this.writes.set(phoneNumber, { kind: 'save', phoneNumber, row: phoneNumber.toPrimitives() });
    if (!this.saved.includes(phoneNumber)) this.saved.push(phoneNumber);
  }

  async delete(phoneNumber: PhoneNumber): Promise<void> {
    this.writes.delete(phoneNumber);
    this.writes.set(phoneNumber.id, { kind: 'delete', id: phoneNumber.id });
    if (!this.saved.includes(phoneNumber)) this.saved.push(phoneNumber);
  }

  async insertMany(phoneNumbers: readonly PhoneNumber[]): Promise<InsertManyResult> {
    const result = await this.store.insertMany(phoneNumbers);
    this.insertedIds.push(...result.inserted.map((n) => n.id));
    this.saved.push(...result.inserted);
    return result;
  }
}
