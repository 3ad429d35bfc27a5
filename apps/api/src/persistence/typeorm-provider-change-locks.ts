import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { ConcurrentUpdate, ProviderChangeLocks } from '@loquent/telephony-domain';
import { isUuid } from './uuid';
import { DataSource } from 'typeorm';
import { violatedForeignKey } from './postgres-errors';

export interface ProviderChangeLockOptions {
  /** How long to wait for a number's lock before answering ConcurrentUpdate. */
  waitMs: number;
  /**
   * How long a lease lasts: longer than any holder's work (its Twilio calls are bounded by their
   * timeouts and retries). A process that dies holding one blocks that number this long at most.
   */
  leaseMs: number;
}

export const DEFAULT_PROVIDER_CHANGE_LOCK_OPTIONS: ProviderChangeLockOptions = {
  waitMs: 15_000,
  leaseMs: 120_000,
};

/**
 * ProviderChangeLocks as leases in PostgreSQL (a row per number being changed at Twilio), so they
 * hold across API processes. Taking and giving back a lease is one short statement each: no
 * connection, transaction or row lock is kept while the holder waits on Twilio, so any number of
 * numbers can be configured at once without starving the pool. A waiter polls.
 */
export class TypeOrmProviderChangeLocks extends ProviderChangeLocks {
  constructor(
    private readonly dataSource: DataSource,
    private readonly options: ProviderChangeLockOptions = DEFAULT_PROVIDER_CHANGE_LOCK_OPTIONS,
  ) {
    super();
  }

  async exclusively<T>(phoneNumberId: string, work: () => Promise<T>): Promise<T> {
    // Not a number of anyone's: the work finds nothing, and there is nothing to keep apart.
    if (!isUuid(phoneNumberId)) return work();
    const holder = randomUUID();
    const deadline = Date.now() + this.options.waitMs;
    for (let pause = 5; ; pause = Math.min(pause * 2, 200)) {
      const taken = await this.take(phoneNumberId, holder);
      if (taken === 'no_such_number') return work();
      if (taken === 'taken') {
        try {
          return await work();
        } finally {
          await this.dataSource.query(
            'DELETE FROM phone_number_provider_lease WHERE phone_number_id = $1 AND holder = $2',
            [phoneNumberId, holder],
          );
        }
      }
      if (Date.now() >= deadline) throw new ConcurrentUpdate(phoneNumberId);
      await sleep(pause + Math.random() * pause);
    }
  }

  /** Takes the lease unless someone holds one that has not run out. */
  private async take(
    phoneNumberId: string,
    holder: string,
  ): Promise<'taken' | 'held' | 'no_such_number'> {
    try {
      const rows: unknown[] = await this.dataSource.query(
        `INSERT INTO phone_number_provider_lease (phone_number_id, holder, expires_at)
         VALUES ($1, $2, now() + $3 * interval '1 millisecond')
         ON CONFLICT (phone_number_id) DO UPDATE
           SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at
           WHERE phone_number_provider_lease.expires_at < now()
         RETURNING holder`,
        [phoneNumberId, holder, this.options.leaseMs],
      );
      return rows.length > 0 ? 'taken' : 'held';
    } catch (error) {
      if (violatedForeignKey(error) === 'phone_number_provider_lease_phone_number_id_fkey') {
        return 'no_such_number';
      }
      throw error;
    }
  }
}
