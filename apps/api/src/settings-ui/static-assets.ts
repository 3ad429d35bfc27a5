import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';

/** The files the page may be made of, by extension, with the Content-Type each is served as. */
export const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

export interface StaticAsset {
  body: Buffer;
  contentType: string;
  etag: string;
}

/**
 * The directory `apps/api/public/<relative>` of the checkout, found by walking up from `from`:
 * the same code runs from apps/api/src (Jest) and from dist/apps/api (the build), and the build
 * does not copy static files.
 */
export function findPublicDirectory(relative: string, from: string = __dirname): string | null {
  for (let directory = from; ; directory = dirname(directory)) {
    const candidate = join(directory, 'apps', 'api', 'public', relative);
    if (existsSync(join(candidate, 'index.html'))) return candidate;
    if (dirname(directory) === directory) return null;
  }
}

/**
 * The files of one flat directory, read once at start-up: names are matched against this map,
 * never joined into a path, so a request cannot reach anything else on disk.
 */
export function loadStaticAssets(directory: string): ReadonlyMap<string, StaticAsset> {
  const assets = new Map<string, StaticAsset>();
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const contentType = CONTENT_TYPES[extname(entry.name).toLowerCase()];
    if (!entry.isFile() || entry.name.startsWith('.') || !contentType) continue;
    const body = readFileSync(join(directory, entry.name));
    const hash = createHash('sha256').update(body).digest('base64url').slice(0, 27);
    assets.set(entry.name, { body, contentType, etag: `"${hash}"` });
  }
  return assets;
}
