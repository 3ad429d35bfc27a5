import { randomUUID } from 'node:crypto';
import { ConcurrentUpdate } from '@loquent/telephony-domain';
import {
  aPhoneNumber,
  describeProviderChangeLocksContract,
} from '@loquent/telephony-domain/testing';
import { DataSource } from 'typeorm';
import { openTestDataSource } from '../../../../test/support/postgres/test-database';
import { TypeOrmPhoneNumberRepository } from './typeorm-phone-number.repository';
import { TypeOrmProviderChangeLocks } from './typeorm-provider-change-locks';

let dataSource: DataSource;
let close: () => Promise<void>;
let organization: string;

beforeAll(async () => {
  // A small pool: holding a lock must not hold one of its connections.
  ({ dataSource, close } = await openTestDataSource(3));
});

afterAll(() => close());

beforeEach(async () => {
  await dataSource.query('TRUNCATE organization, phone_number CASCADE');
  organization = randomUUID();
  await dataSource.query(`INSERT INTO organization (id, name) VALUES ($1, 'A')`, [organization]);
});

async function phoneNumberIds(count: number): Promise<string[]> {
  const numbers = Array.from({ length: count }, () =>
    aPhoneNumber().withOrganization(organization).build(),
  );
  await new TypeOrmPhoneNumberRepository(dataSource).insertMany(numbers);
  return numbers.map((n) => n.id);
}

describeProviderChangeLocksContract(
  { describe, it, beforeEach, afterEach, expect },
  'TypeOrmProviderChangeLocks on PostgreSQL',
  async () => ({
    locks: new TypeOrmProviderChangeLocks(dataSource),
    phoneNumberIds,
  }),
);

describe('TypeOrmProviderChangeLocks', () => {
  it('keeps no connection while the work runs, so holders of many numbers need only the pool', async () => {
    const ids = await phoneNumberIds(6);
    const locks = new TypeOrmProviderChangeLocks(dataSource);

    // Twice the pool size, each reading through the pool while it holds its number.
    const read = await Promise.all(
      ids.map((id) =>
        locks.exclusively(id, async () => {
          await new Promise((resolve) => setTimeout(resolve, 50));
          return (await dataSource.query('SELECT id FROM phone_number WHERE id = $1', [id]))[0].id;
        }),
      ),
    );

    expect(read).toEqual(ids);
  });

  it('answers ConcurrentUpdate when the number stays taken longer than it waits', async () => {
    const [id] = await phoneNumberIds(1);
    const locks = new TypeOrmProviderChangeLocks(dataSource, { waitMs: 200, leaseMs: 60_000 });
    let letGo!: () => void;
    const holding = locks.exclusively(id!, () => new Promise<void>((resolve) => (letGo = resolve)));
    while (!letGo) await new Promise((resolve) => setTimeout(resolve, 5));

    await expect(locks.exclusively(id!, async () => 'never')).rejects.toEqual(
      new ConcurrentUpdate(id!),
    );
    letGo();
    await holding;
    await expect(locks.exclusively(id!, async () => 'now')).resolves.toBe('now');
  });

  it('takes over the lease of a holder that died once it has run out', async () => {
    const [id] = await phoneNumberIds(1);
    // What a process killed while holding leaves behind.
    await dataSource.query(
      `INSERT INTO phone_number_provider_lease (phone_number_id, holder, expires_at)
       VALUES ($1, $2, now() - interval '1 second')`,
      [id, randomUUID()],
    );
    const locks = new TypeOrmProviderChangeLocks(dataSource, { waitMs: 200, leaseMs: 60_000 });

    await expect(locks.exclusively(id!, async () => 'taken over')).resolves.toBe('taken over');
    expect(await dataSource.query('SELECT * FROM phone_number_provider_lease')).toEqual([]);
  });

  it('runs the work of a number that does not exist without a lease (it finds nothing)', async () => {
    const locks = new TypeOrmProviderChangeLocks(dataSource);

    await expect(locks.exclusively(randomUUID(), async () => 'not found')).resolves.toBe(
      'not found',
    );
    await expect(locks.exclusively('not-a-uuid', async () => 'not found')).resolves.toBe(
      'not found',
    );
  });

  it('goes with the number when the number is removed', async () => {
    const [id] = await phoneNumberIds(1);
    const locks = new TypeOrmProviderChangeLocks(dataSource);

    await locks.exclusively(id!, async () => {
      await dataSource.query('DELETE FROM phone_number WHERE id = $1', [id]);
    });

    expect(await dataSource.query('SELECT * FROM phone_number_provider_lease')).toEqual([]);
  });
});
