/**
 * Keeps the changes of one number at the provider apart (configure, restore, remove), in every
 * process: what Loquent remembers of the provider's voice URL stays true only if two of them never
 * interleave their provider calls. Holding it is not a database transaction and blocks nothing
 * else: a rename or an agent assignment of the number goes on meanwhile.
 */
export abstract class ProviderChangeLocks {
  /**
   * Runs `work` once no other holder of this number's lock is running, then lets go. Throws
   * ConcurrentUpdate when the lock stays taken too long.
   */
  abstract exclusively<T>(phoneNumberId: string, work: () => Promise<T>): Promise<T>;
}
