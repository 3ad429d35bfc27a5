import { PhoneNumber } from '../phone-number/phone-number.aggregate';
import { InsertManyResult, PhoneNumberRepository } from './phone-number.repository.port';

/** The transaction-scoped adapters a unit of work hands to its work. */
export interface UnitOfWorkPorts {
  readonly phoneNumbers: PhoneNumberRepository;
}

/**
 * One business transaction, owned by the application. The work gets adapters scoped to the unit:
 * they read what is committed at once, and what the work saves or deletes is written when it
 * returns, in one database transaction (nothing at all when it throws). So no transaction is open
 * while the work waits on something slow, such as the provider; the `version` of each saved
 * aggregate is what keeps a read-then-write safe, and a save of a copy that is no longer the
 * stored version fails the whole unit with ConcurrentUpdate, from `run` itself.
 *
 * Once the unit has committed, the domain events of the aggregates saved in it are dispatched;
 * repositories never publish. (`insertMany`, whose caller needs its result, writes at once, inside
 * the unit's transaction.)
 */
export abstract class UnitOfWork {
  abstract run<T>(work: (ports: UnitOfWorkPorts) => Promise<T>): Promise<T>;

  /**
   * A unit whose only write registers new numbers in bulk: what
   * `run(({ phoneNumbers }) => phoneNumbers.insertMany(numbers))` does, the events of the numbers
   * inserted dispatched once it has committed (those of a number already registered are not: it
   * was not registered now). Knowing nothing else is written, an adapter may write the numbers and
   * their events in fewer round trips.
   */
  insertMany(numbers: readonly PhoneNumber[]): Promise<InsertManyResult> {
    return this.run(({ phoneNumbers }) => phoneNumbers.insertMany(numbers));
  }
}
