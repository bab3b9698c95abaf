/**
 * A piece of normalized text on its way through pre-tokenization. `start`/`end` are code-unit
 * offsets into the normalized string. When a pre-tokenizer rewrote the text (Metaspace's ▁,
 * ByteLevel's byte characters), `align` holds for every code unit of `text` its normalized span as
 * pairs `[a0, b0, a1, b1, …]`; otherwise `text` is `normalized.slice(start, end)`.
 */
export interface Piece {
  text: string;
  start: number;
  end: number;
  align?: Int32Array;
}

/** The normalized span of the piece-local code units `[a, b)`. */
export function pieceSpan(p: Piece, a: number, b: number): [number, number] {
  if (p.align === undefined) return [p.start + a, p.start + b];
  if (b > a) return [p.align[2 * a]!, p.align[2 * (b - 1) + 1]!];
  const at = a < p.text.length ? p.align[2 * a]! : p.end;
  return [at, at];
}

/** A sub-piece `[a, b)` of `p` (local code units). */
export function subPiece(p: Piece, a: number, b: number): Piece {
  if (p.align === undefined) return { text: p.text.slice(a, b), start: p.start + a, end: p.start + b };
  const [s, e] = pieceSpan(p, a, b);
  return { text: p.text.slice(a, b), start: s, end: e, align: p.align.slice(2 * a, 2 * b) };
}

/**
 * Rewrites a piece code point by code point (`fn` returns the replacement); the output units of
 * each code point align to its span.
 */
export function mapPiece(p: Piece, fn: (ch: string, cp: number) => string, prefix = ''): Piece {
  const units: string[] = [];
  const align: number[] = [];
  if (prefix) {
    const [a] = pieceSpan(p, 0, 0);
    units.push(prefix);
    for (let k = 0; k < prefix.length; k++) align.push(a, a);
  }
  for (let i = 0; i < p.text.length; ) {
    const cp = p.text.codePointAt(i)!;
    const w = cp > 0xffff ? 2 : 1;
    const out = fn(p.text.slice(i, i + w), cp);
    const [a, b] = pieceSpan(p, i, i + w);
    units.push(out);
    for (let k = 0; k < out.length; k++) align.push(a, b);
    i += w;
  }
  return { text: units.join(''), start: p.start, end: p.end, align: Int32Array.from(align) };
}

/** How a matched delimiter is kept when splitting (HF's SplitDelimiterBehavior). */
export type SplitBehavior = 'removed' | 'isolated' | 'merged_with_previous' | 'merged_with_next' | 'contiguous';

/**
 * Splits a piece at delimiter matches `[a, b)` (local, sorted, non-overlapping) with HF's
 * behaviours. `invert` means the matches are the pieces to keep and the rest are delimiters.
 */
export function splitPiece(p: Piece, matches: Array<[number, number]>, behavior: SplitBehavior, out: Piece[], invert = false): void {
  // Turn matches into a full partition of [0, len) with a delimiter flag per part.
  const parts: Array<[number, number, boolean]> = [];
  let at = 0;
  for (const [a, b] of matches) {
    if (a > at) parts.push([at, a, invert]);
    parts.push([a, b, !invert]);
    at = b;
  }
  if (at < p.text.length) parts.push([at, p.text.length, invert]);
  const push = (a: number, b: number) => {
    if (b > a) out.push(subPiece(p, a, b));
  };
  switch (behavior) {
    case 'removed':
      for (const [a, b, d] of parts) if (!d) push(a, b);
      return;
    case 'isolated':
      for (const [a, b] of parts) push(a, b);
      return;
    case 'contiguous': {
      let s = 0;
      for (let k = 0; k < parts.length; k++) {
        const [, b, d] = parts[k]!;
        const next = parts[k + 1];
        if (next === undefined || next[2] !== d || !d) {
          push(s, b);
          s = b;
        }
      }
      return;
    }
    case 'merged_with_previous': {
      let s = 0;
      for (const [, b, d] of parts) {
        if (d) {
          push(s, b);
          s = b;
        }
      }
      push(s, p.text.length);
      return;
    }
    case 'merged_with_next': {
      let s = 0;
      for (const [a, , d] of parts) {
        if (d && a > s) {
          push(s, a);
          s = a;
        }
      }
      push(s, p.text.length);
      return;
    }
  }
}

/** All matches of a global regex in `s` as `[start, end)`, skipping empty matches. */
export function regexMatches(re: RegExp, s: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  re.lastIndex = 0;
  for (let m = re.exec(s); m !== null; m = re.exec(s)) {
    if (m[0].length === 0) {
      re.lastIndex += 1;
      continue;
    }
    out.push([m.index, m.index + m[0].length]);
  }
  return out;
}
