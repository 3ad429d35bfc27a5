import { ProviderChangeLocks } from '../ports/provider-change-locks.port';

/** ProviderChangeLocks in one process: a queue per number. */
export class InMemoryProviderChangeLocks extends ProviderChangeLocks {
  private readonly tails = new Map<string, Promise<unknown>>();
  /** How many times each number's lock was taken. */
  readonly taken = new Map<string, number>();

  async exclusively<T>(phoneNumberId: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(phoneNumberId) ?? Promise.resolve();
    const run = previous
      .catch(() => undefined)
      .then(() => {
        this.taken.set(phoneNumberId, (this.taken.get(phoneNumberId) ?? 0) + 1);
        return work();
      });
    const tail = run.catch(() => undefined);
    this.tails.set(phoneNumberId, tail);
    try {
      return await run;
    } finally {
      if (this.tails.get(phoneNumberId) === tail) this.tails.delete(phoneNumberId);
    }
  }
}
