/**
 * Character classes for tokenization, with a lazily filled table for the BMP so that hot loops do
 * one array read per character instead of a Unicode regex test.
 */
import { isCompatibilityJamo, isConjoiningJamo, isHangulSyllable } from './hangul.js';

/** `text` without a leading byte-order mark (U+FEFF): editors on Windows write one, and it is not text. */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

export enum CharClass {
  Unknown = 0,
  Hangul = 1, // precomposed syllable
  Jamo = 2, // conjoining or compatibility jamo
  Hanja = 3,
  Latin = 4,
  Digit = 5,
  Space = 6,
  Punct = 7,
  Symbol = 8,
  Emoji = 9,
  Mark = 10, // combining marks, ZWJ, variation selectors: glue to the previous character
  Control = 11,
  Other = 12, // letters of other scripts
}

export type CharClassName =
  | 'hangul'
  | 'jamo'
  | 'hanja'
  | 'latin'
  | 'digit'
  | 'space'
  | 'punct'
  | 'symbol'
  | 'emoji'
  | 'mark'
  | 'control'
  | 'other';

const NAMES: readonly CharClassName[] = [
  'other', 'hangul', 'jamo', 'hanja', 'latin', 'digit', 'space', 'punct', 'symbol', 'emoji', 'mark', 'control', 'other',
];

const RE_SPACE = /^\p{White_Space}$/u;
const RE_HAN = /^\p{Script=Han}$/u;
const RE_LATIN = /^\p{Script=Latin}$/u;
const RE_DIGIT = /^\p{Nd}$/u;
const RE_PUNCT = /^\p{P}$/u;
const RE_EMOJI = /^\p{Extended_Pictographic}$/u;
const RE_SYMBOL = /^\p{S}$/u;
const RE_MARK = /^[\p{M}\u200c\u200d\ufe00-\ufe0f\u{1f3fb}-\u{1f3ff}\u{e0020}-\u{e007f}]$/u;
const RE_CONTROL = /^\p{C}$/u;

function computeClass(cp: number): CharClass {
  if (isHangulSyllable(cp)) return CharClass.Hangul;
  if (isConjoiningJamo(cp) || isCompatibilityJamo(cp) || (cp >= 0xffa0 && cp <= 0xffdc)) return CharClass.Jamo;
  if (cp >= 0xd800 && cp <= 0xdfff) return CharClass.Control; // lone surrogate
  const ch = String.fromCodePoint(cp);
  if (RE_SPACE.test(ch)) return CharClass.Space;
  if (RE_MARK.test(ch)) return CharClass.Mark;
  if (RE_DIGIT.test(ch)) return CharClass.Digit;
  if (RE_HAN.test(ch)) return CharClass.Hanja;
  if (RE_LATIN.test(ch)) return CharClass.Latin;
  if (RE_EMOJI.test(ch)) return CharClass.Emoji;
  if (RE_PUNCT.test(ch)) return CharClass.Punct;
  if (RE_SYMBOL.test(ch)) return CharClass.Symbol;
  if (RE_CONTROL.test(ch)) return CharClass.Control;
  return CharClass.Other;
}

const bmp = new Uint8Array(0x10000); // 0 = not computed yet
const astral = new Map<number, CharClass>();

export function charClass(cp: number): CharClass {
  if (cp < 0x10000) {
    let c = bmp[cp]!;
    if (c === 0) c = bmp[cp] = computeClass(cp);
    return c;
  }
  let c = astral.get(cp);
  if (c === undefined) {
    c = computeClass(cp);
    if (astral.size < 4096) astral.set(cp, c);
  }
  return c;
}

export function charClassName(c: CharClass): CharClassName {
  return NAMES[c] ?? 'other';
}
