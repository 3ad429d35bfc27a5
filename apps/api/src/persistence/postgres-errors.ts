import { QueryFailedError } from 'typeorm';

interface PostgresDriverError {
  code?: string;
  constraint?: string;
}

/** The unique constraint a statement violated, if that is why it failed. */
export function violatedUniqueConstraint(error: unknown): string | null {
  return violated(error, '23505');
}

/** The foreign key a statement violated, if that is why it failed. */
export function violatedForeignKey(error: unknown): string | null {
  return violated(error, '23503');
}

function violated(error: unknown, sqlState: string): string | null {
  if (!(error instanceof QueryFailedError)) return null;
  const driverError = error.driverError as PostgresDriverError;
  return driverError.code === sqlState ? (driverError.constraint ?? '') : null;
}
