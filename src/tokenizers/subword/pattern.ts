/** HF patterns: `{"String": "…"}` matches literally, `{"Regex": "…"}` is an Oniguruma regex. */
import type { JsonCursor } from './json.js';

export function patternFromJSON(j: JsonCursor): RegExp {
  const lit = j.get('String');
  if (!lit.isNull()) return new RegExp(escapeRegex(lit.string()), 'gu');
  const src = j.get('Regex').string();
  try {
    return new RegExp(src, 'gu');
  } catch (e) {
    // Oniguruma allows things JS unicode regexes reject (e.g. \p{Han} short forms, possessive ++).
    try {
      return new RegExp(src.replace(/\\p\{(\w+)\}/g, (_m: string, n: string) => `\\p{Script=${n}}`), 'gu');
    } catch {
      return j.fail(`regex /${src}/ cannot be compiled: ${(e as Error).message}`);
    }
  }
}

export function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
