/**
 * Third-party vocabularies live in ../shared (never copied into the repo). Locally a missing
 * folder skips those tests with a reason; in CI (CI=true) it is an error.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const SHARED = process.env.KORNLU_SHARED ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../shared');

export function sharedFile(rel: string): string | null {
  const p = path.join(SHARED, rel);
  if (existsSync(p)) return p;
  if (process.env.CI) throw new Error(`CI needs ${p}; set KORNLU_SHARED to the shared/ folder`);
  return null;
}
