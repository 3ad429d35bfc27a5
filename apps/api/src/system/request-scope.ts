import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * What one request has read already, for reads that must be fresh per request but need not be
 * made twice in one (the organization's Twilio account, read before each Twilio call). Outside a
 * request (a background job), nothing is remembered.
 */
export class RequestScope {
  private static readonly storage = new AsyncLocalStorage<Map<string, unknown>>();

  static run<T>(work: () => T): T {
    return RequestScope.storage.run(new Map(), work);
  }

  /** What `read` gave under `key` earlier in this request, else what it gives now. */
  static memo<T>(key: string, read: () => T): T {
    const memo = RequestScope.storage.getStore();
    if (!memo) return read();
    if (memo.has(key)) return memo.get(key) as T;
    const value = read();
    memo.set(key, value);
    return value;
  }
}
