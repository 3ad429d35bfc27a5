import { randomUUID } from 'node:crypto';
import { E164Number } from '@loquent/telephony-domain';
import { describePurchaseIntentsContract } from '@loquent/telephony-domain/testing';
import { DataSource } from 'typeorm';
import { openTestDataSource } from '../../../../test/support/postgres/test-database';
import { dataSourceOptions } from './data-source';
import { TypeOrmPurchaseIntents } from './typeorm-purchase-intents';

let dataSource: DataSource;
let databaseUrl: string;
let close: () => Promise<void>;
let organizations: [string, string];

beforeAll(async () => {
  const opened = await openTestDataSource();
  ({ dataSource, close } = opened);
  databaseUrl = opened.database.url;
});

afterAll(() => close());

beforeEach(async () => {
  await dataSource.query('TRUNCATE organization, purchase_intent CASCADE');
  organizations = [randomUUID(), randomUUID()];
  await dataSource.query(
    `INSERT INTO organization (id, name) VALUES ($1, 'A'), ($2, 'B')`,
    organizations,
  );
});

describePurchaseIntentsContract(
  { describe, it, beforeEach, afterEach, expect },
  'TypeOrmPurchaseIntents on PostgreSQL',
  async () => ({
    intents: new TypeOrmPurchaseIntents(dataSource),
    organizations,
  }),
);

describe('TypeOrmPurchaseIntents across processes', () => {
  it('frees an intent as soon as the process holding it loses its database connection', async () => {
    // Another API process, as far as PostgreSQL can tell: its own pool and sessions.
    const otherProcess = new DataSource(dataSourceOptions(databaseUrl, 2));
    await otherProcess.initialize();
    const intent = await new TypeOrmPurchaseIntents(otherProcess).begin(
      organizations[0],
      E164Number.parse('+14155550100'),
    );
    const here = new TypeOrmPurchaseIntents(dataSource);
    await expect(here.tryHold(intent)).resolves.toBeNull();

    await otherProcess.destroy();

    // PostgreSQL ends the backend (and its locks) as soon as it sees the connection close,
    // which is a moment after the client closed it.
    let taken = await here.tryHold(intent);
    for (let attempt = 0; !taken && attempt < 50; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      taken = await here.tryHold(intent);
    }
    expect(taken?.id).toBe(intent.id);
    await taken!.release();
  });

  it('lets exactly one of twenty concurrent purchases of a number begin', async () => {
    const intents = new TypeOrmPurchaseIntents(dataSource);
    const number = E164Number.parse('+14155550100');

    const outcomes = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => intents.begin(organizations[i % 2]!, number)),
    );

    const begun = outcomes.filter((o) => o.status === 'fulfilled');
    expect(begun).toHaveLength(1);
    expect(
      outcomes
        .filter((o) => o.status === 'rejected')
        .map((o) => (o as PromiseRejectedResult).reason.code),
    ).toEqual(Array(19).fill('purchase_in_progress'));
    await (
      begun[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof intents.begin>>>
    ).value.release();
  });
});
