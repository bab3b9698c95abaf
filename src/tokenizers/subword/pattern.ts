/** HF patterns: `{"String": "…"}` matches literally, `{"Regex": "…"}` is an Oniguruma regex. */
import type { JsonCursor } from './json.js';

export function patternFromJSON(j: JsonCursor): RegExp {
  const lit = j.get('String');
  if (!lit.isNull()) return new RegExp(escapeRegex(lit.string()), 'gu');
  const src = j.get('Regex').string();
  try {
    return new RegExp(onigToJs(src), 'gu');
  } catch (e) {
    return j.fail(`regex /${src}/ cannot be compiled: ${(e as Error).message}`);
  }
}

export function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

// Oniguruma's class escapes are Unicode-aware; JavaScript's \s also matches U+FEFF and misses
// U+0085, and its \w and \d are ASCII-only even with the u flag.
const WORD = '\\p{L}\\p{M}\\p{N}\\p{Pc}';
const IN_CLASS: Record<string, string> = { s: '\\p{White_Space}', S: '\\P{White_Space}', d: '\\p{Nd}', D: '\\P{Nd}', w: WORD, h: '\\p{Hex_Digit}' };
const OUTSIDE: Record<string, string> = { ...IN_CLASS, w: `[${WORD}]`, W: `[^${WORD}]`, h: '[0-9A-Fa-f]', H: '[^0-9A-Fa-f]' };

/** Rewrites Oniguruma-only syntax into a JavaScript unicode-mode regex with the same meaning. */
export function onigToJs(src: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (c === '\\' && i + 1 < src.length) {
      const e = src[i + 1]!;
      const table = inClass ? IN_CLASS : OUTSIDE;
      if (table[e] !== undefined) out += table[e];
      else if (e === 'p' && src[i + 2] === '{') {
        // \p{Han} → \p{Script=Han} when it is a script name rather than a category.
        const close = src.indexOf('}', i + 3);
        const name = src.slice(i + 3, close);
        out += /^(L[ultmo]?|M[nce]?|N[dlo]?|P[cdseifo]?|S[mcko]?|Z[slp]?|C[cfsno]?|[A-Z][a-z_]+=.*|\w+_\w+)$/.test(name) || name.includes('=') || KNOWN_PROPS.has(name)
          ? `\\p{${name}}`
          : `\\p{Script=${name}}`;
        i = close;
        continue;
      } else out += c + e;
      i++;
      continue;
    }
    if (c === '[' && !inClass) inClass = true;
    else if (c === ']' && inClass) inClass = false;
    out += c;
  }
  return out;
}

const KNOWN_PROPS = new Set(['Alphabetic', 'White_Space', 'Emoji', 'Extended_Pictographic', 'Letter', 'Number', 'Punctuation', 'Symbol', 'Mark', 'Separator', 'Other', 'Any', 'ASCII', 'Lowercase', 'Uppercase']);
