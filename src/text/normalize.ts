/**
 * Text normalizers over `NormalizedString`: every one keeps the alignment to the original text,
 * so tokens found after normalization still carry original offsets.
 */
import { NormalizedString } from './normalized-string.js';

export type UnicodeForm = 'NFC' | 'NFD' | 'NFKC' | 'NFKD';

// Characters that combine with what precedes them: marks, and Hangul medial/final jamo (ᄀ + ᅡ → 가).
const NON_STARTER = /[\p{M}\u1160-\u11ff\ud7b0-\ud7ff]/u;

const COMPAT_JAMO = /[\u3131-\u318e]/;
const NOT_COMPAT_JAMO_RUN = /[^\u3131-\u318e]+/g;

/**
 * Unicode normalization with alignment. The text is cut before every starter character; each piece
 * is normalized alone, and its output aligns to the piece's original span (one character in the
 * common case). When piecewise normalization would differ from normalizing the whole (rare
 * composition across pieces), pieces grow to whitespace-delimited runs, then to the whole text.
 *
 * `keepCompatibilityJamo`: leave ㄱ–ㆎ as they are. Plain NFKC turns ㅋ into a conjoining ᄏ, which
 * then fuses with a following vowel; Korean text wants ㅋㅋ to stay ㅋㅋ. Off by default so that
 * tokenizer.json pipelines match Hugging Face exactly.
 */
export function unicodeNormalize(
  ns: NormalizedString,
  form: UnicodeForm,
  options: { keepCompatibilityJamo?: boolean } = {},
): NormalizedString {
  const s = ns.normalized;
  const keep = options.keepCompatibilityJamo === true && (form === 'NFKC' || form === 'NFKD') && COMPAT_JAMO.test(s);
  const norm = (x: string) => (keep ? x.replace(NOT_COMPAT_JAMO_RUN, (run) => run.normalize(form)) : x.normalize(form));
  const whole = norm(s);
  if (whole === s) return ns;
  for (const cut of [cutAtStarters, cutAtSpaces]) {
    const pieces = cut(s);
    let joined = '';
    const outs = pieces.map(([a, b]) => {
      const o = norm(s.slice(a, b));
      joined += o;
      return o;
    });
    if (joined !== whole) continue;
    return ns.rebuild((emit) => pieces.forEach(([a, b], k) => emit(outs[k]!, a, b)));
  }
  return ns.rebuild((emit) => emit(whole, 0, s.length));
}

function cutAtStarters(s: string): Array<[number, number]> {
  const pieces: Array<[number, number]> = [];
  let start = 0;
  for (let i = 0; i < s.length; ) {
    const cp = s.codePointAt(i)!;
    const w = cp > 0xffff ? 2 : 1;
    if (i > start && !NON_STARTER.test(w === 1 ? s[i]! : s.slice(i, i + 2))) {
      pieces.push([start, i]);
      start = i;
    }
    i += w;
  }
  if (s.length > start) pieces.push([start, s.length]);
  return pieces;
}

function cutAtSpaces(s: string): Array<[number, number]> {
  const pieces: Array<[number, number]> = [];
  const re = /\s+|\S+/gu;
  for (let m = re.exec(s); m !== null; m = re.exec(s)) pieces.push([m.index, m.index + m[0].length]);
  return pieces;
}

/** Collapses whitespace runs to one space (`collapse`) and trims both ends (`trim`). */
export function normalizeWhitespace(
  ns: NormalizedString,
  options: { collapse?: boolean; trim?: boolean } = {},
): NormalizedString {
  let out = ns;
  if (options.collapse !== false) out = out.replace(/(?: \s+|[^\S ]\s*)/gu, ' ');
  if (options.trim !== false) out = out.replace(/^\s+|\s+$/gu, '');
  return out;
}

export interface SquashOptions {
  /** How many repetitions to keep (default 2: ㅋㅋㅋㅋ → ㅋㅋ). */
  max?: number;
  /** Longest repeating pattern, in characters (default 1; 2 squashes ㅋㅎㅋㅎㅋㅎ too). */
  patternLength?: number;
  /** Squash repeated digits too (default false, so 1000000 stays). */
  digits?: boolean;
}

/**
 * Squashes runs of a repeated character or short pattern (ㅋㅋㅋㅋㅋ, !!!!!, ㅠㅠㅠㅠ, 하하하하) to `max`
 * repetitions. The last kept repetition aligns to everything it replaces, so a token over it still
 * covers the whole run in the original text.
 */
export function squashRepeats(ns: NormalizedString, options: SquashOptions = {}): NormalizedString {
  const max = options.max ?? 2;
  const len = options.patternLength ?? 1;
  if (!Number.isInteger(max) || max < 1) throw new RangeError('squashRepeats: max must be an integer >= 1');
  if (!Number.isInteger(len) || len < 1 || len > 8) throw new RangeError('squashRepeats: patternLength must be 1..8');
  const unit = options.digits ? `[^\\s]` : `[^\\s\\p{Nd}]`;
  const re = new RegExp(`((?:${unit}){1,${len}}?)\\1{${max},}`, 'gu');
  const s = ns.normalized;
  const hits: Array<[number, number, string]> = [];
  for (let m = re.exec(s); m !== null; m = re.exec(s)) hits.push([m.index, m.index + m[0].length, m[1]!]);
  if (hits.length === 0) return ns;
  return ns.rebuild((emit) => {
    let at = 0;
    for (const [a, b, u] of hits) {
      if (a > at) emit(s.slice(at, a), at, a);
      const keep = a + u.length * (max - 1);
      if (keep > a) emit(s.slice(a, keep), a, keep);
      emit(u, keep, b);
      at = b;
    }
    if (at < s.length) emit(s.slice(at), at, s.length);
  });
}

/** Removes control and format characters (keeps \t \n \r) and lone surrogates. */
export function removeControl(ns: NormalizedString): NormalizedString {
  return ns.replace(/[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Cs}]/gu, (m) => (m === '\t' || m === '\n' || m === '\r' ? m : ''));
}

export function lowercase(ns: NormalizedString): NormalizedString {
  return ns.mapChars((ch) => {
    const l = ch.toLowerCase();
    return l === ch ? undefined : l;
  });
}

export interface NormalizeOptions {
  /**
   * Unicode form (default NFC; `false` for none). NFKC also folds full-width and compatibility
   * forms; Hangul compatibility jamo (ㅋ, ㅠ) are kept as they are (see `unicodeNormalize`).
   */
  unicode?: UnicodeForm | false;
  /** Collapse whitespace runs and trim (default true). */
  whitespace?: boolean;
  /** Squash repeated characters; `true` for defaults, or options (default false). */
  squash?: boolean | SquashOptions;
  /** Remove control/format characters and lone surrogates (default true). */
  removeControl?: boolean;
  lowercase?: boolean;
}

/**
 * The text layer's normalizer: one call, every step alignment-preserving.
 *
 * @example
 * const ns = normalize('ㅋㅋㅋㅋㅋ  ＡＢＣ', { unicode: 'NFKC', squash: true });
 * ns.normalized;          // 'ㅋㅋ ABC'
 * ns.toOriginal(3, 6);    // [7, 10]: 'ＡＢＣ' in the input
 */
export function normalize(text: string, options: NormalizeOptions = {}): NormalizedString {
  let ns = NormalizedString.from(text);
  if (options.removeControl !== false) ns = removeControl(ns);
  const form = options.unicode ?? 'NFC';
  if (form) ns = unicodeNormalize(ns, form, { keepCompatibilityJamo: true });
  if (options.lowercase) ns = lowercase(ns);
  if (options.squash) ns = squashRepeats(ns, options.squash === true ? {} : options.squash);
  if (options.whitespace !== false) ns = normalizeWhitespace(ns);
  return ns;
}
