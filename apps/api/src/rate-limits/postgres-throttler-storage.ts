import { OnModuleDestroy } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { DataSource } from 'typeorm';

/** What the throttler guard reads of a hit (the package does not export its name). */
export type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/** Counters whose window ended a minute ago are swept this often (at most one statement). */
export const RATE_LIMIT_SWEEP_INTERVAL_MS = 60_000;

/**
 * The throttler's counters in PostgreSQL, shared by every replica on the database: one atomic
 * upsert per request (a row per throttler key, its window starting at the first hit), so N
 * replicas admit an organization's limit in total, not N times it. Over the limit, requests are
 * refused until the window ends (what Retry-After says).
 */
export class PostgresThrottlerStorage implements ThrottlerStorage, OnModuleDestroy {
  private readonly sweep: NodeJS.Timeout;

  constructor(private readonly dataSource: DataSource) {
    this.sweep = setInterval(() => void this.sweepExpired(), RATE_LIMIT_SWEEP_INTERVAL_MS);
    this.sweep.unref();
  }

  async increment(
    key: string,
    ttl: number,
    limit: number,
    _blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    const rows = (await this.dataSource.query(
      `INSERT INTO rate_limit_counter AS c (key, hits, window_ends_at)
       VALUES ($1, 1, clock_timestamp() + $2 * interval '1 millisecond')
       ON CONFLICT (key) DO UPDATE SET
         hits = CASE WHEN c.window_ends_at <= clock_timestamp() THEN 1 ELSE c.hits + 1 END,
         window_ends_at = CASE WHEN c.window_ends_at <= clock_timestamp()
           THEN excluded.window_ends_at ELSE c.window_ends_at END
       RETURNING hits,
         GREATEST(0, CEIL(EXTRACT(EPOCH FROM (window_ends_at - clock_timestamp()))))::int AS left_s`,
      [`${throttlerName}:${key}`, ttl],
    )) as { hits: number; left_s: number }[];
    return toRecord(rows[0]!.hits, rows[0]!.left_s, limit);
  }

  onModuleDestroy(): void {
    clearInterval(this.sweep);
  }

  private async sweepExpired(): Promise<void> {
    try {
      await this.dataSource.query(
        `DELETE FROM rate_limit_counter WHERE window_ends_at < now() - interval '1 minute'`,
      );
    } catch {
      // The next sweep tries again; a counter left over only takes room.
    }
  }
}

/** What the throttler guard reads: blocked once over the limit, until the window ends. */
export function toRecord(hits: number, secondsLeft: number, limit: number): ThrottlerStorageRecord {
  const isBlocked = hits > limit;
  return {
    totalHits: hits,
    timeToExpire: secondsLeft,
    isBlocked,
    timeToBlockExpire: isBlocked ? Math.max(1, secondsLeft) : 0,
  };
}
