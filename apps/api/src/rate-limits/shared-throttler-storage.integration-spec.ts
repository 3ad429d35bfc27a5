import { randomUUID } from 'node:crypto';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { DataSource } from 'typeorm';
import { openTestDataSource } from '../../../../test/support/postgres/test-database';
import { testRedisUrl } from '../../../../test/support/redis/test-redis';
import { dataSourceOptions } from '../persistence/data-source';
import { PostgresThrottlerStorage } from './postgres-throttler-storage';
import { RedisThrottlerStorage } from './redis-throttler-storage';

/**
 * Both shared stores of the throttler, each as two replicas would use it (two storages, two
 * connection pools or clients, one PostgreSQL or Redis): hits racing from both count once each.
 * Redis is the one at REDIS_URL, or on 127.0.0.1:6379 (.ci/run starts one); without one, outside
 * CI, the Redis cases are skipped and the run says so (test/support/redis/test-redis.ts).
 */
const REDIS_URL = testRedisUrl();

let dataSource: DataSource;
let second: DataSource;
let close: () => Promise<void>;
const toClose: { onModuleDestroy(): unknown }[] = [];

beforeAll(async () => {
  const opened = await openTestDataSource();
  ({ dataSource, close } = opened);
  second = new DataSource(dataSourceOptions(opened.database.url, 5));
  await second.initialize();
});

afterAll(async () => {
  for (const storage of toClose) await storage.onModuleDestroy();
  await second.destroy();
  await close();
});

const stores: [string, () => Promise<[ThrottlerStorage, ThrottlerStorage]>][] = [
  [
    'PostgreSQL',
    async () => {
      const pair: [PostgresThrottlerStorage, PostgresThrottlerStorage] = [
        new PostgresThrottlerStorage(dataSource),
        new PostgresThrottlerStorage(second),
      ];
      toClose.push(...pair);
      return pair;
    },
  ],
];
if (REDIS_URL) {
  const url = REDIS_URL;
  stores.push([
    'Redis',
    async () => {
      const pair: [RedisThrottlerStorage, RedisThrottlerStorage] = [
        await RedisThrottlerStorage.connect(url),
        await RedisThrottlerStorage.connect(url),
      ];
      toClose.push(...pair);
      return pair;
    },
  ]);
}

describe.each(stores)('the throttler counters in %s, shared by two replicas', (_name, open) => {
  let one: ThrottlerStorage;
  let other: ThrottlerStorage;
  beforeAll(async () => {
    [one, other] = await open();
  });

  it('admit the limit in total when hits race from both, then block with the time left', async () => {
    const key = `org:${randomUUID()}`;
    const hits = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        (i % 2 ? one : other).increment(key, 60_000, 5, 60_000, 'buy'),
      ),
    );

    expect(hits.filter((hit) => !hit.isBlocked)).toHaveLength(5);
    expect(hits.map((hit) => hit.totalHits).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 12 }, (_, i) => i + 1),
    );
    const blocked = hits.filter((hit) => hit.isBlocked);
    expect(blocked).toHaveLength(7);
    for (const hit of blocked) {
      expect(hit.timeToBlockExpire).toBeGreaterThan(0);
      expect(hit.timeToBlockExpire).toBeLessThanOrEqual(60);
    }
  });

  it('keeps throttlers and keys apart', async () => {
    const key = `org:${randomUUID()}`;
    await one.increment(key, 60_000, 1, 60_000, 'buy');

    expect((await other.increment(key, 60_000, 1, 60_000, 'buy')).isBlocked).toBe(true);
    expect((await other.increment(key, 60_000, 1, 60_000, 'search')).isBlocked).toBe(false);
    expect((await other.increment(`${key}-b`, 60_000, 1, 60_000, 'buy')).isBlocked).toBe(false);
  });

  it('starts a new window once the last one has ended', async () => {
    const key = `org:${randomUUID()}`;
    await one.increment(key, 100, 1, 100, 'buy');
    expect((await other.increment(key, 100, 1, 100, 'buy')).isBlocked).toBe(true);

    await new Promise((resolve) => setTimeout(resolve, 250));

    expect(await other.increment(key, 100, 1, 100, 'buy')).toMatchObject({
      totalHits: 1,
      isBlocked: false,
    });
  });
});
