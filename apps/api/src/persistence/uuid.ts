import { isUUID } from 'class-validator';

/**
 * Whether PostgreSQL's uuid type takes the string: an id column compared with anything else fails
 * the whole query, where the caller means "no such row".
 */
export function isUuid(value: string): boolean {
  return isUUID(value, 'loose');
}
