import { randomUUID } from 'node:crypto';
import {
  ConcurrentUpdate,
  DomainEvent,
  FriendlyName,
  PhoneNumber,
} from '@loquent/telephony-domain';
import { anImportedPhoneNumber, aPhoneNumber } from '@loquent/telephony-domain/testing';
import { DataSource, EntityManager, Logger } from 'typeorm';
import { openTestDataSource } from '../../../../test/support/postgres/test-database';
import { TypeOrmPhoneNumberRepository } from './typeorm-phone-number.repository';
import {
  InTransactionEventStore,
  OwnedDomainEvent,
  TypeOrmUnitOfWork,
} from './typeorm-unit-of-work';

let dataSource: DataSource;
let close: () => Promise<void>;
let organization: string;
let repository: TypeOrmPhoneNumberRepository;
const at = new Date('2026-03-01T00:00:00.000Z');

beforeAll(async () => {
  ({ dataSource, close } = await openTestDataSource());
  // A stand-in for the outbox a later change adds: any table written with the unit's manager.
  await dataSource.query(
    'CREATE TABLE test_event_log (aggregate_id UUID NOT NULL, event_name TEXT NOT NULL)',
  );
});

afterAll(() => close());

beforeEach(async () => {
  await dataSource.query('TRUNCATE organization, phone_number, test_event_log CASCADE');
  organization = randomUUID();
  await dataSource.query(`INSERT INTO organization (id, name) VALUES ($1, 'A')`, [organization]);
  repository = new TypeOrmPhoneNumberRepository(dataSource);
});

const columns = (events: readonly OwnedDomainEvent[]) => [
  events.map(({ event }) => event.aggregateId),
  events.map(({ event }) => event.eventName),
];
/** What `committed` was given, by the last unit. */
let committedResult: unknown;
const eventLog: InTransactionEventStore = {
  async append(manager: EntityManager, events: readonly OwnedDomainEvent[]) {
    await manager.query(
      'INSERT INTO test_event_log SELECT * FROM unnest($1::uuid[], $2::text[])',
      columns(events),
    );
  },
  alongside(events: readonly OwnedDomainEvent[], gate: string, first: number) {
    return {
      ctes: `logged AS (
        INSERT INTO test_event_log
        SELECT e.* FROM unnest($${first}::uuid[], $${first + 1}::text[]) AS e(aggregate_id, event_name)
        JOIN ${gate} AS written ON written.id = e.aggregate_id
        RETURNING event_name)`,
      parameters: columns(events),
      result: 'ARRAY(SELECT event_name FROM logged)',
    };
  },
  async committed(result: unknown) {
    committedResult = result;
  },
};

async function statementsOf(work: () => Promise<unknown>): Promise<string[]> {
  const statements: string[] = [];
  const logger = dataSource.logger;
  dataSource.logger = {
    ...logger,
    logQuery: (query: string) => void statements.push(query.replace(/\s+/g, ' ').trim()),
  } as Logger;
  try {
    await work();
  } finally {
    dataSource.logger = logger;
  }
  return statements;
}

const noEvents = { publish: () => undefined };

/** A number as an import registers it: recording its PhoneNumberImported event. */
const anImportedNumber = (number?: string, organizationId = organization): PhoneNumber =>
  anImportedPhoneNumber(organizationId, { id: randomUUID(), number, at });

/** A unit that reads the number and saves it renamed: one read, one write. */
function renameIn(unitOfWork: TypeOrmUnitOfWork, id: string): Promise<void> {
  return unitOfWork.run(async ({ phoneNumbers }) => {
    const copy = (await phoneNumbers.findById(organization, id))!;
    copy.rename(FriendlyName.parse('Lobby'), at);
    await phoneNumbers.save(copy);
  });
}

describe('TypeOrmUnitOfWork', () => {
  it('writes a unit with one save as one statement, with no transaction around it', async () => {
    const phoneNumber = aPhoneNumber().withOrganization(organization).build();
    await repository.save(phoneNumber);
    const unitOfWork = new TypeOrmUnitOfWork(dataSource, noEvents);

    const statements = await statementsOf(() => renameIn(unitOfWork, phoneNumber.id));

    expect(statements).toHaveLength(2);
    expect(statements[0]).toMatch(/^SELECT/);
    expect(statements[1]).toMatch(/^WITH updated AS \( UPDATE phone_number SET/);
  });

  it('writes one save and its events in one statement, with no transaction around it', async () => {
    const phoneNumber = aPhoneNumber().withOrganization(organization).build();
    await repository.save(phoneNumber);
    const unitOfWork = new TypeOrmUnitOfWork(dataSource, noEvents, eventLog);

    const statements = await statementsOf(() => renameIn(unitOfWork, phoneNumber.id));

    expect(statements).toHaveLength(2);
    expect(statements[1]).toMatch(/^WITH updated AS \( UPDATE phone_number SET .* logged AS \(/);
    expect(await dataSource.query('SELECT event_name FROM test_event_log')).toEqual([
      { event_name: 'phone_number.renamed' },
    ]);
    expect(committedResult).toEqual(['phone_number.renamed']);
  });

  it('stores no event of a lone save that meets a newer version', async () => {
    const stored = aPhoneNumber().withOrganization(organization).build();
    await repository.save(stored);
    const stale = (await repository.findById(organization, stored.id))!;
    const newer = (await repository.findById(organization, stored.id))!;
    newer.rename(FriendlyName.parse('Newer'), at);
    await repository.save(newer);
    const unitOfWork = new TypeOrmUnitOfWork(dataSource, noEvents, eventLog);

    await expect(
      unitOfWork.run(async ({ phoneNumbers }) => {
        stale.rename(FriendlyName.parse('Stale'), at);
        await phoneNumbers.save(stale);
      }),
    ).rejects.toEqual(new ConcurrentUpdate(stored.id));

    expect(await dataSource.query('SELECT friendly_name FROM phone_number')).toEqual([
      { friendly_name: 'Newer' },
    ]);
    expect(await dataSource.query('SELECT * FROM test_event_log')).toEqual([]);
  });

  it('writes several saves, and the events with them, in one transaction', async () => {
    const unitOfWork = new TypeOrmUnitOfWork(dataSource, noEvents, eventLog);
    const [first, second] = [0, 1].map(() => aPhoneNumber().withOrganization(organization).build());
    first!.rename(FriendlyName.parse('First'), at);

    const statements = await statementsOf(() =>
      unitOfWork.run(async ({ phoneNumbers }) => {
        await phoneNumbers.save(first!);
        await phoneNumbers.save(second!);
      }),
    );

    expect(statements[0]).toBe('START TRANSACTION');
    expect(statements.at(-1)).toBe('COMMIT');
    expect(await dataSource.query('SELECT count(*)::int AS n FROM phone_number')).toEqual([
      { n: 2 },
    ]);
    expect(
      await dataSource.query('SELECT event_name FROM test_event_log ORDER BY event_name'),
    ).toEqual([{ event_name: 'phone_number.renamed' }]);
  });

  it('takes back the saves and the stored events of a unit that meets a newer version', async () => {
    const stored = aPhoneNumber().withOrganization(organization).build();
    await repository.save(stored);
    const stale = (await repository.findById(organization, stored.id))!;
    const newer = (await repository.findById(organization, stored.id))!;
    newer.rename(FriendlyName.parse('Newer'), at);
    await repository.save(newer);
    const published: DomainEvent[] = [];
    const unitOfWork = new TypeOrmUnitOfWork(
      dataSource,
      { publish: (events) => published.push(...events) },
      eventLog,
    );

    await expect(
      unitOfWork.run(async ({ phoneNumbers }) => {
        await phoneNumbers.save(aPhoneNumber().withOrganization(organization).build());
        stale.rename(FriendlyName.parse('Stale'), at);
        await phoneNumbers.save(stale);
      }),
    ).rejects.toEqual(new ConcurrentUpdate(stored.id));

    expect(await dataSource.query('SELECT friendly_name, version FROM phone_number')).toEqual([
      { friendly_name: 'Newer', version: 2 },
    ]);
    expect(await dataSource.query('SELECT * FROM test_event_log')).toEqual([]);
    expect(published).toEqual([]);
  });

  it('writes a bulk insert and the events of the numbers it inserted in one statement', async () => {
    const registered = aPhoneNumber().withOrganization(organization).build();
    await repository.save(registered);
    const published: DomainEvent[] = [];
    const unitOfWork = new TypeOrmUnitOfWork(
      dataSource,
      { publish: (events) => published.push(...events) },
      eventLog,
    );
    const fresh = anImportedNumber();
    const again = anImportedNumber(registered.number.value);

    const statements = await statementsOf(() => unitOfWork.insertMany([again, fresh]));

    expect(statements).toHaveLength(1);
    expect(statements[0]).toMatch(/^WITH inserted AS \( INSERT INTO phone_number .* logged AS \(/);
    expect(await dataSource.query('SELECT aggregate_id, event_name FROM test_event_log')).toEqual([
      { aggregate_id: fresh.id, event_name: 'phone_number.imported' },
    ]);
    expect(committedResult).toEqual(['phone_number.imported']);
    expect(published.map((event) => event.aggregateId)).toEqual([fresh.id]);
  });

  it('writes neither the numbers nor their events of a bulk insert that fails', async () => {
    const published: DomainEvent[] = [];
    const unitOfWork = new TypeOrmUnitOfWork(
      dataSource,
      { publish: (events) => published.push(...events) },
      eventLog,
    );
    // No such organization: its foreign key refuses the second row, and so the whole statement.
    const numbers = [anImportedNumber(), anImportedNumber(undefined, randomUUID())];

    await expect(unitOfWork.insertMany(numbers)).rejects.toThrow(/foreign key/);

    expect(await dataSource.query('SELECT * FROM phone_number')).toEqual([]);
    expect(await dataSource.query('SELECT * FROM test_event_log')).toEqual([]);
    expect(published).toEqual([]);
    expect(numbers.map((n) => n.version)).toEqual([0, 0]);
  });

  it('gives its connection back whatever happens', async () => {
    const unitOfWork = new TypeOrmUnitOfWork(dataSource, noEvents, eventLog);
    const before = dataSource.driver as unknown as {
      master: { totalCount: number; idleCount: number };
    };

    for (let i = 0; i < 20; i++) {
      await unitOfWork
        .run(async ({ phoneNumbers }) => {
          await phoneNumbers.insertMany([aPhoneNumber().withOrganization(organization).build()]);
          if (i % 2 === 0) throw new Error('fails half the time');
        })
        .catch(() => undefined);
    }

    expect(before.master.totalCount - before.master.idleCount).toBe(0);
    expect(await dataSource.query('SELECT count(*)::int AS n FROM phone_number')).toEqual([
      { n: 10 },
    ]);
  });
});
