import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * A secret generated once and kept in a file readable by its owner only, so tokens keep working
 * across restarts of a development setup. Production sets its secrets in the environment.
 */
export async function persistentSecret(path: string, bytes = 32): Promise<string> {
  try {
    const existing = (await readFile(path, 'utf8')).trim();
    if (existing.length >= 32) return existing;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await mkdir(dirname(path), { recursive: true, mode: 0o711 });
  const secret = randomBytes(bytes).toString('base64url');
  try {
    // 'wx': two processes starting at once must not each write their own secret.
    await writeFile(path, `${secret}\n`, { mode: 0o600, flag: 'wx' });
    return secret;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST')
      return (await readFile(path, 'utf8')).trim();
    throw error;
  }
}
