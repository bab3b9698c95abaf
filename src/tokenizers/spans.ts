/** Shared plumbing: run a span scanner over (optionally normalized) text and map spans back. */
import { assertText } from '../errors.js';
import { normalize, type NormalizeOptions } from '../text/normalize.js';
import type { Token } from './types.js';

export interface NormalizingOptions {
  /**
   * Normalize before tokenizing (see `normalize` in kornlu/text); default `false`: tokens are cut
   * from the text as given. Offsets always point into the original text; `form` holds the
   * normalized text of the token.
   */
  normalize?: NormalizeOptions | boolean;
}

/** What a scanner reports for each span of the scanned string. */
export type Emit<E> = (start: number, end: number, extra: E) => void;

/**
 * Scans `text` (normalized when asked) with `scan`, which reports spans in the scanned string, and
 * returns tokens whose offsets point into the original text.
 */
export function scanTokens<T extends Token, E>(
  text: string,
  options: NormalizingOptions,
  scan: (s: string, emit: Emit<E>) => void,
  make: (text: string, start: number, end: number, form: string, extra: E) => T,
): T[] {
  assertText(text);
  const out: T[] = [];
  if (!options.normalize) {
    scan(text, (a, b, extra) => {
      const t = text.slice(a, b);
      out.push(make(t, a, b, t, extra));
    });
    return out;
  }
  const ns = normalize(text, options.normalize === true ? {} : options.normalize);
  const s = ns.normalized;
  scan(s, (a, b, extra) => {
    const [oa, ob] = ns.toOriginal(a, b);
    out.push(make(text.slice(oa, ob), oa, ob, s.slice(a, b), extra));
  });
  return out;
}

/** Width (1 or 2) of the code point starting at `i`. */
export function widthAt(s: string, i: number): number {
  const c = s.charCodeAt(i);
  return c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00 ? 2 : 1;
}

/** Width (1 or 2) of the code point ending just before `i`. */
export function widthBefore(s: string, i: number): number {
  const c = s.charCodeAt(i - 1);
  return (c & 0xfc00) === 0xdc00 && i >= 2 && (s.charCodeAt(i - 2) & 0xfc00) === 0xd800 ? 2 : 1;
}
