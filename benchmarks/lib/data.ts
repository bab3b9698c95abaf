/**
 * Where benchmarks and recipes find ../shared/data. Set KORNLU_DATA to point elsewhere; a missing
 * file stops the run with a message that says what to set.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export function dataDir(): string {
  return process.env.KORNLU_DATA ?? path.resolve(root, '../shared/data');
}

export function sharedDir(): string {
  return process.env.KORNLU_SHARED ?? path.resolve(root, '../shared');
}

/** Absolute path of a file under the data folder, or exit with a clear message. */
export function requireData(rel: string, base: string = dataDir()): string {
  const p = path.resolve(base, rel);
  if (!existsSync(p)) {
    process.stderr.write(
      `missing dataset file: ${p}\nSet KORNLU_DATA (data folder) or KORNLU_SHARED (the shared/ folder) to where it lives.\n`,
    );
    process.exit(3);
  }
  return p;
}

export const projectRoot = root;
