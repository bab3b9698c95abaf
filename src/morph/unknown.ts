/**
 * Unknown-word model: every character gets some analysis. Non-Hangul runs become one node by
 * character class (Latin SL, digits SN, Hanja SH, punctuation SF/SP/SS/SE/SO, other symbols and
 * emoji SW); Hangul spans not in the lexicon can be unknown nouns of 1–6 syllables.
 */
import { charClass, CharClass } from '../text/chars.js';

export const UNKNOWN_KINDS = ['hangul', 'latin', 'digit', 'hanja', 'punct', 'symbol', 'other'] as const;
export type UnknownKind = (typeof UNKNOWN_KINDS)[number];

export function unknownKind(cp: number): UnknownKind {
  switch (charClass(cp)) {
    case CharClass.Hangul:
    case CharClass.Jamo:
      return 'hangul';
    case CharClass.Latin:
      return 'latin';
    case CharClass.Digit:
      return 'digit';
    case CharClass.Hanja:
      return 'hanja';
    case CharClass.Punct:
      return 'punct';
    case CharClass.Symbol:
    case CharClass.Emoji:
    case CharClass.Mark:
    case CharClass.Control:
      return 'symbol';
    default:
      return 'other';
  }
}

/** Tag of a punctuation character (Sejong: SF final, SP pause, SS quote/bracket, SE ellipsis, SO dash/tilde). */
export function punctTag(ch: string): string {
  if ('.?!。？！'.includes(ch)) return 'SF';
  if (',·:;/，、'.includes(ch)) return 'SP';
  if ('…‥'.includes(ch)) return 'SE';
  if ('~∼-―—–〜'.includes(ch)) return 'SO';
  if (/^[\p{Ps}\p{Pe}\p{Pi}\p{Pf}"'`]$/u.test(ch)) return 'SS';
  return 'SW';
}

export function runTag(kind: UnknownKind, ch: string): string {
  switch (kind) {
    case 'latin':
      return 'SL';
    case 'digit':
      return 'SN';
    case 'hanja':
      return 'SH';
    case 'punct':
      return punctTag(ch);
    case 'other':
      return 'SL';
    default:
      return 'SW';
  }
}
