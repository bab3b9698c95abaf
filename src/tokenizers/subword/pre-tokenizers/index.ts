/**
 * Pre-tokenizers of a tokenizer.json: they cut normalized text into pieces (words) that the model
 * then splits further. Each keeps every piece's alignment to the normalized text.
 */
import type { JsonCursor } from '../json.js';
import { bertClass } from '../normalizers/bert-classes.js';
import { GPT2_EXCEPTIONS } from '../normalizers/bert-unicode.js';
import { escapeRegex, patternFromJSON } from '../pattern.js';
import { mapPiece, regexMatches, splitPiece, subPiece, type Piece, type SplitBehavior } from '../pieces.js';
import { byteChars } from './byte-level-alphabet.js';

/** `atTextStart`: the pieces begin at offset 0 of the user's text (Metaspace's prepend_scheme "first"). */
export type PreTokenizer = (pieces: Piece[], atTextStart: boolean) => Piece[];

const WS = 1;
const PUNCT = 2;

/** BERT's classes as HF sees them: Rust `char::is_whitespace`, and ASCII punctuation or Unicode P*. */
function bertFlags(cp: number): number {
  const c = bertClass(cp);
  return c === 'space' ? WS : c === 'punct' ? PUNCT : 0;
}

/** Whitespace splits (removed), then every punctuation character is its own piece. */
export const bertPreTokenizer: PreTokenizer = (pieces) => {
  const out: Piece[] = [];
  for (const p of pieces) {
    const s = p.text;
    let start = -1;
    for (let i = 0; i < s.length; ) {
      const cp = s.codePointAt(i)!;
      const w = cp > 0xffff ? 2 : 1;
      const f = bertFlags(cp);
      if (f === 0) {
        if (start < 0) start = i;
      } else {
        if (start >= 0) out.push(subPiece(p, start, i));
        start = -1;
        if (f === PUNCT) out.push(subPiece(p, i, i + w));
      }
      i += w;
    }
    if (start >= 0) out.push(subPiece(p, start, s.length));
  }
  return out;
};

function regexSplit(re: RegExp, behavior: SplitBehavior, invert = false): PreTokenizer {
  return (pieces) => {
    const out: Piece[] = [];
    for (const p of pieces) splitPiece(p, regexMatches(re, p.text), behavior, out, invert);
    return out;
  };
}

const whitespaceSplit = regexSplit(/\p{White_Space}+/gu, 'removed');
// HF's Whitespace: \w+|[^\w\s]+ with Unicode word characters.
const whitespace = regexSplit(/[\p{L}\p{N}\p{M}\p{Pc}]+|[^\p{L}\p{N}\p{M}\p{Pc}\p{White_Space}]+/gu, 'removed', true);

export type PrependScheme = 'always' | 'first' | 'never';

/** SentencePiece-style: spaces become `replacement` (▁), optionally prefixed, optionally split. */
export function metaspace(replacement: string, scheme: PrependScheme, split: boolean): PreTokenizer {
  const re = new RegExp(escapeRegex(replacement), 'gu');
  return (pieces, atTextStart) => {
    const out: Piece[] = [];
    pieces.forEach((p, k) => {
      const first = scheme === 'always' || (scheme === 'first' && atTextStart && k === 0 && p.start === 0);
      const prefix = first && !p.text.startsWith(replacement) && !p.text.startsWith(' ') ? replacement : '';
      const mapped = mapPiece(p, (ch) => (ch === ' ' ? replacement : ch), prefix);
      if (!split) {
        out.push(mapped);
        return;
      }
      splitPiece(mapped, regexMatches(re, mapped.text), 'merged_with_next', out);
    });
    return out;
  };
}

/**
 * GPT-2's split, with letter and number classes as HF's regex engine sees them: its Unicode tables
 * are older than this engine's, so the generated exceptions are subtracted or added (v-flag sets).
 */
function gpt2Pattern(): RegExp {
  // Ranges HF puts in / out of a class (removing ranges this engine never had in it is harmless).
  const ranges = (keep: (c: 'L' | 'N' | 'O') => boolean) =>
    GPT2_EXCEPTIONS.filter(([, , c]) => keep(c))
      .map(([a, b]) => `\\u{${a.toString(16)}}-\\u{${b.toString(16)}}`)
      .join('');
  const L = `[[\\p{L}--[${ranges((c) => c !== 'L')}]][${ranges((c) => c === 'L')}]]`;
  const N = `[[\\p{N}--[${ranges((c) => c !== 'N')}]][${ranges((c) => c === 'N')}]]`;
  const W = '\\p{White_Space}';
  return new RegExp(`'s|'t|'re|'ve|'m|'ll|'d| ?${L}+| ?${N}+| ?[^${W}${L}${N}]+|${W}+(?!\\P{White_Space})|${W}+`, 'gv');
}
let gpt2: RegExp | null = null;

/** GPT-2 byte-level: optional regex split, then each UTF-8 byte becomes a printable character. */
export function byteLevel(addPrefixSpace: boolean, useRegex: boolean): PreTokenizer {
  const split = regexSplit((gpt2 ??= gpt2Pattern()), 'isolated');
  return (pieces) => {
    let ps = pieces;
    if (addPrefixSpace) ps = ps.map((p) => (p.text.startsWith(' ') ? p : mapPiece(p, (c) => c, ' ')));
    if (useRegex) ps = split(ps, false);
    return ps.map((p) => mapPiece(p, (ch) => byteChars(ch)));
  };
}

/** Splits digits from the rest; each digit alone when `individual`. */
function digits(individual: boolean): PreTokenizer {
  // Rust's char::is_numeric: Nd, Nl and No.
  return regexSplit(individual ? /[\p{Nd}\p{Nl}\p{No}]/gu : /[\p{Nd}\p{Nl}\p{No}]+/gu, individual ? 'isolated' : 'contiguous');
}

function punctuation(behavior: SplitBehavior): PreTokenizer {
  return (pieces) => {
    const out: Piece[] = [];
    for (const p of pieces) {
      const m: Array<[number, number]> = [];
      for (let i = 0; i < p.text.length; ) {
        const cp = p.text.codePointAt(i)!;
        const w = cp > 0xffff ? 2 : 1;
        if (bertFlags(cp) === PUNCT) m.push([i, i + w]);
        i += w;
      }
      splitPiece(p, m, behavior, out);
    }
    return out;
  };
}

const BEHAVIORS: Record<string, SplitBehavior> = {
  Removed: 'removed',
  Isolated: 'isolated',
  MergedWithPrevious: 'merged_with_previous',
  MergedWithNext: 'merged_with_next',
  Contiguous: 'contiguous',
};

function behaviorOf(j: JsonCursor, fallback: SplitBehavior): SplitBehavior {
  if (j.isNull()) return fallback;
  return BEHAVIORS[j.string()] ?? j.fail(`unknown split behavior "${j.string()}"`);
}

export function preTokenizerFromJSON(j: JsonCursor): PreTokenizer | null {
  if (j.isNull()) return null;
  const type = j.type();
  switch (type) {
    case 'BertPreTokenizer':
      return bertPreTokenizer;
    case 'Whitespace':
      return whitespace;
    case 'WhitespaceSplit':
      return whitespaceSplit;
    case 'Metaspace': {
      const legacy = j.get('add_prefix_space');
      const scheme = (j.get('prepend_scheme').optString() ?? (legacy.isNull() || legacy.bool() ? 'always' : 'never')) as PrependScheme;
      if (!['always', 'first', 'never'].includes(scheme)) j.fail(`unknown prepend_scheme "${scheme}"`);
      return metaspace(j.get('replacement').string('▁'), scheme, j.get('split').bool(true));
    }
    case 'ByteLevel':
      return byteLevel(j.get('add_prefix_space').bool(true), j.get('use_regex').bool(true));
    case 'Digits':
      return digits(j.get('individual_digits').bool(false));
    case 'Punctuation':
      return punctuation(behaviorOf(j.get('behavior'), 'isolated'));
    case 'CharDelimiterSplit': {
      const d = j.get('delimiter').string();
      return regexSplit(new RegExp(escapeRegex(d), 'gu'), 'removed');
    }
    case 'Split':
      return regexSplit(patternFromJSON(j.get('pattern')), behaviorOf(j.get('behavior'), 'isolated'), j.get('invert').bool(false));
    case 'Sequence': {
      const steps = j.get('pretokenizers').array().map(preTokenizerFromJSON).filter((x): x is PreTokenizer => x !== null);
      return (pieces, atStart) => steps.reduce((acc, f) => f(acc, atStart), pieces);
    }
    default:
      return j.unsupported(`pre_tokenizer type "${type}"`);
  }
}
