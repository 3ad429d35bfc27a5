import { setTimeout as sleep } from 'node:timers/promises';
import { ConcurrentUpdate, ProviderChangeLocks } from '@loquent/telephony-domain';
import { DataSource } from 'typeorm';
import { lockKey, unlockAndRelease } from './advisory-locks';

export interface ProviderChangeLockOptions {
  /** How long to wait for a number's lock before answering ConcurrentUpdate. */
  waitMs: number;
}

/**
 * ProviderChangeLocks as PostgreSQL session advisory locks, so they hold across API processes.
 * The holder keeps one connection (no transaction, no row lock) while its work runs; a process
 * that dies lets go with its connection. A waiter polls with pg_try_advisory_lock rather than
 * blocking on a connection: waiters never hold connections the holder may need.
 */
export class PostgresProviderChangeLocks extends ProviderChangeLocks {
  constructor(
    private readonly dataSource: DataSource,
    private readonly options: ProviderChangeLockOptions = { waitMs: 15_000 },
  ) {
    super();
  }

  async exclusively<T>(phoneNumberId: string, work: () => Promise<T>): Promise<T> {
    const name = `loquent:phone_number_provider:${phoneNumberId}`;
    const deadline = Date.now() + this.options.waitMs;
    for (let pause = 5; ; pause = Math.min(pause * 2, 200)) {
      const runner = this.dataSource.createQueryRunner();
      let locked = false;
      try {
        await runner.connect();
        const [row]: { locked: boolean }[] = await runner.query(
          `SELECT pg_try_advisory_lock(${lockKey()}) AS locked`,
          [name],
        );
        locked = row?.locked === true;
      } finally {
        if (!locked) await runner.release();
      }
      if (locked) {
        try {
          return await work();
        } finally {
          await unlockAndRelease(runner, name);
        }
      }
      if (Date.now() >= deadline) throw new ConcurrentUpdate(phoneNumberId);
      await sleep(pause + Math.random() * pause);
    }
  }
}
