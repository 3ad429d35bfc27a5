import { isUUID } from 'class-validator';

/**
 * Whether a string is a UUID in the canonical 8-4-4-4-12 form (any version), the form every id is
 * written in. Compared with a uuid column, a string PostgreSQL cannot cast fails the whole query,
 * where the caller means "no such row".
 */
export function isUuid(value: string): boolean {
  return isUUID(value, 'loose');
}
