import { QueryRunner } from 'typeorm';

/** The 64-bit key of the advisory lock named by a statement parameter. */
export function lockKey(parameter = '$1'): string {
  return `hashtextextended(${parameter}, 0)`;
}

/** Lets go of a session advisory lock, then of the connection holding it. */
export async function unlockAndRelease(runner: QueryRunner, lockName: string): Promise<void> {
  try {
    await runner.query(`SELECT pg_advisory_unlock(${lockKey()})`, [lockName]);
  } catch {
    // The connection is gone, and its lock with it.
  } finally {
    await runner.release();
  }
}
