import {
  DomainEvent,
  InsertManyResult,
  PhoneNumber,
  UnitOfWork,
  UnitOfWorkPorts,
} from '@loquent/telephony-domain';
import { DataSource, EntityManager, QueryRunner } from 'typeorm';
import type { DomainEventPublisher } from '../system/domain-event-publisher';
import {
  insertedIds,
  insertManySql,
  insertManyStatement,
  PhoneNumberWrite,
  StatementPart,
} from './phone-number-writes';
import {
  insertManyResult,
  PhoneNumberWriteTarget,
  runWrite,
  runWriteWith,
  settled,
  TypeOrmPhoneNumberRepository,
} from './typeorm-phone-number.repository';

/**
 * Stores a unit's events with the change that made them, atomically: where an outbox goes (every
 * event stored with the change, then delivered from there).
 */
export interface InTransactionEventStore {
  /** In the unit's open transaction, just before it commits. */
  append(manager: EntityManager, events: readonly OwnedDomainEvent[]): Promise<void>;
  /**
   * In the statement of the unit's only write: common table expressions that follow the write's
   * own and store the events of the numbers its CTE `gate` wrote (it returns the `id` of each, and
   * is read whole before anything else is locked), with parameters numbered from `firstParameter`;
   * `result`, an expression of the statement's result row, is what `committed` is given once the
   * statement has run.
   */
  alongside(
    events: readonly OwnedDomainEvent[],
    gate: string,
    firstParameter: number,
  ): StatementPart;
  /** After that statement: what its `result` was. Never throws; the change is stored already. */
  committed(result: unknown): Promise<void>;
}

/** An event with the organization of the number that recorded it. */
export interface OwnedDomainEvent {
  organizationId: string;
  event: DomainEvent;
}

/**
 * UnitOfWork on PostgreSQL. The work reads through the pool at once; what it saves and deletes
 * is held and written when it returns, so no transaction stays open while the work waits (on
 * Twilio, say). A unit with one write runs it as one statement, its events (if any) written in
 * that same statement: atomic on its own, with no BEGIN and COMMIT to pay for. A unit with more
 * writes, or with an immediate one, runs them and the events in one transaction.
 * A save whose version is no longer the stored one (`UPDATE … WHERE id = $1 AND version = $2`
 * matching no row) rolls the unit back with ConcurrentUpdate. The events of the aggregates saved in
 * the unit are pulled before commit (for the event store) and dispatched only after it.
 */
export class TypeOrmUnitOfWork extends UnitOfWork {
  constructor(
    private readonly dataSource: DataSource,
    private readonly publisher: Pick<DomainEventPublisher, 'publish'>,
    private readonly eventStore: InTransactionEventStore | null = null,
  ) {
    super();
  }

  async run<T>(work: (ports: UnitOfWorkPorts) => Promise<T>): Promise<T> {
    const unit = new Unit(this.dataSource, this.eventStore);
    try {
      const result = await work({
        phoneNumbers: new TypeOrmPhoneNumberRepository(this.dataSource, unit),
      });
      const events = await unit.commit();
      this.publisher.publish(events);
      return result;
    } finally {
      await unit.end();
    }
  }

  /**
   * The numbers and the events of those inserted in one statement, atomic on its own: no BEGIN,
   * no COMMIT, no connection held in between (an import's page of 1,000 numbers is one such unit).
   * The events of every number given are pulled before the statement runs (they go in it): those
   * of a number already registered are dropped with it, and a failed statement drops them all
   * (the numbers were not registered; the default path would leave them on the aggregates).
   */
  override async insertMany(phoneNumbers: readonly PhoneNumber[]): Promise<InsertManyResult> {
    if (!this.eventStore || phoneNumbers.length === 0) return super.insertMany(phoneNumbers);
    const rows = phoneNumbers.map((n) => n.toPrimitives());
    const write = insertManyStatement(rows);
    const owned = pullOwnedEvents(phoneNumbers);
    const part =
      owned.length > 0
        ? this.eventStore.alongside(owned, write.gate, write.parameters.length + 1)
        : null;
    const [row]: { inserted: string | null; part?: unknown }[] = await this.dataSource.query(
      insertManySql(write, part),
      part ? [...write.parameters, ...part.parameters] : write.parameters,
    );
    const inserted = new Set(insertedIds(row!.inserted));
    const result = insertManyResult(phoneNumbers, inserted);
    phoneNumbers.forEach((phoneNumber, i) => {
      if (!inserted.has(phoneNumber.id)) return;
      // What is stored is the row the statement was built from, now at version 1.
      const stored = rows[i]!;
      stored.version = 1;
      settled(phoneNumber, 1, stored);
    });
    if (part) await this.eventStore.committed(row!.part);
    this.publisher.publish(
      owned.map(({ event }) => event).filter((event) => inserted.has(event.aggregateId)),
    );
    return result;
  }
}

/** The events the aggregates recorded, each with its aggregate's organization. */
function pullOwnedEvents(aggregates: readonly PhoneNumber[]): OwnedDomainEvent[] {
  return aggregates.flatMap((aggregate) =>
    aggregate
      .pullDomainEvents()
      .map((event) => ({ organizationId: aggregate.organizationId, event })),
  );
}

class Unit implements PhoneNumberWriteTarget {
  /** By aggregate: saved twice in one unit, a number is written once, as it last was. */
  private readonly pending = new Map<PhoneNumber, PhoneNumberWrite>();
  /** Written already, by an immediate write, inside the open transaction. */
  private readonly written: PhoneNumber[] = [];
  private runner: QueryRunner | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly eventStore: InTransactionEventStore | null,
  ) {}

  async write(write: PhoneNumberWrite): Promise<void> {
    this.pending.delete(write.phoneNumber);
    this.pending.set(write.phoneNumber, write);
  }

  async now<T>(
    run: (manager: EntityManager) => Promise<{ result: T; saved: readonly PhoneNumber[] }>,
  ): Promise<T> {
    const manager = await this.transaction();
    const { result, saved } = await run(manager);
    this.written.push(...saved);
    return result;
  }

  /** Writes everything and commits; the events of what it wrote, to dispatch. */
  async commit(): Promise<DomainEvent[]> {
    const writes = [...this.pending.values()];
    const aggregates = [...this.written, ...writes.map((w) => w.phoneNumber)];
    const owned = pullOwnedEvents(aggregates);
    const events = owned.map(({ event }) => event);
    const versions: [PhoneNumber, number | null][] = [];

    if (!this.runner && writes.length <= 1) {
      // The events, if any, are the one write's aggregate's.
      const [write] = writes;
      if (write) versions.push([write.phoneNumber, await this.single(write, owned)]);
    } else {
      const manager = await this.transaction();
      for (const write of writes) {
        versions.push([write.phoneNumber, await runWrite(manager, write)]);
      }
      if (this.eventStore && owned.length > 0) await this.eventStore.append(manager, owned);
      await this.runner!.commitTransaction();
    }

    for (const phoneNumber of this.written) settled(phoneNumber, 1);
    for (const [phoneNumber, version] of versions) settled(phoneNumber, version);
    return events;
  }

  /** One write and its events in one statement; the number's version once it has run. */
  private async single(
    write: PhoneNumberWrite,
    owned: readonly OwnedDomainEvent[],
  ): Promise<number | null> {
    if (!this.eventStore || owned.length === 0) return runWrite(this.dataSource.manager, write);
    const events = this.eventStore.alongside(owned, write.gate, write.parameters.length + 1);
    const { version, part } = await runWriteWith(this.dataSource.manager, write, events);
    await this.eventStore.committed(part);
    return version;
  }

  /** Rolls back whatever is still open, and gives the connection back. */
  async end(): Promise<void> {
    const runner = this.runner;
    if (!runner) return;
    this.runner = null;
    try {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
    } finally {
      await runner.release();
    }
  }

  private async transaction(): Promise<EntityManager> {
    if (!this.runner) {
      const runner = this.dataSource.createQueryRunner();
      this.runner = runner;
      await runner.connect();
      await runner.startTransaction();
    }
    return this.runner.manager;
  }
}
