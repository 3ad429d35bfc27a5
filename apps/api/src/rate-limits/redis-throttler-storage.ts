import { OnModuleDestroy } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import type Redis from 'ioredis';
import { ThrottlerStorageRecord, toRecord } from './postgres-throttler-storage';

/** One round trip, atomic in Redis: count the hit, start the window at the first one. */
const INCREMENT = `
local hits = redis.call('INCR', KEYS[1])
local left = redis.call('PTTL', KEYS[1])
if hits == 1 or left < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  left = tonumber(ARGV[1])
end
return {hits, left}
`;

const PREFIX = 'loquent:rate-limit:';

/**
 * The throttler's counters in Redis (when REDIS_URL is set), shared by every replica: the same
 * fixed window per key as PostgresThrottlerStorage, a Lua script per request.
 */
export class RedisThrottlerStorage implements ThrottlerStorage, OnModuleDestroy {
  private constructor(private readonly redis: Redis) {}

  /** ioredis is loaded here, when REDIS_URL is set, and not by every API process at start. */
  static async connect(url: string): Promise<RedisThrottlerStorage> {
    const { Redis: RedisClient } = await import('ioredis');
    return new RedisThrottlerStorage(
      new RedisClient(url, { lazyConnect: false, maxRetriesPerRequest: 2 }),
    );
  }

  async increment(
    key: string,
    ttl: number,
    limit: number,
    _blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    const [hits, leftMs] = (await this.redis.eval(
      INCREMENT,
      1,
      `${PREFIX}${throttlerName}:${key}`,
      String(ttl),
    )) as [number, number];
    return toRecord(hits, Math.ceil(leftMs / 1000), limit);
  }

  async onModuleDestroy(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
