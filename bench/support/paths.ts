import { join } from 'node:path';

/** The repository root: this file runs from dist/bench/bench/support/. */
export const REPOSITORY_ROOT = join(__dirname, '..', '..', '..', '..');
export const BENCH_DIR = join(REPOSITORY_ROOT, 'bench');
export const API_MAIN = join(REPOSITORY_ROOT, 'dist', 'apps', 'api', 'main.js');
/** The compiled bench itself, for the baseline child processes. */
export const BENCH_DIST = join(REPOSITORY_ROOT, 'dist', 'bench', 'bench');
