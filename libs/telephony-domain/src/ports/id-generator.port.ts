/** Identifiers for new aggregates (UUIDs). */
export abstract class IdGenerator {
  abstract next(): string;
}
