/**
 * Syllable tokenizer: each Hangul syllable (and each jamo or Hanja) is a token; other text is
 * grouped the way a reader groups it: numbers (`3.14`, `1,000`), Latin words, runs of another
 * script, and emoji or symbols as whole grapheme clusters (👍🏽, 👨‍👩‍👧, 🇰🇷, é as e + ◌́).
 *
 * @example
 * new SyllableTokenizer().tokenize('BTS가 1위 👍🏽').map((t) => t.text)
 * // ['BTS', '가', '1', '위', '👍🏽']
 */
import { charClass, CharClass } from '../text/chars.js';
import { scanTokens, widthAt, type NormalizingOptions } from './spans.js';
import type { Token, Tokenizer } from './types.js';

export type SyllableKind = 'hangul' | 'jamo' | 'hanja' | 'number' | 'latin' | 'punct' | 'symbol' | 'emoji' | 'other';

export interface SyllableToken extends Token {
  form: string;
  kind: SyllableKind;
}

export type SyllableOptions = NormalizingOptions;

const KIND: Partial<Record<CharClass, SyllableKind>> = {
  [CharClass.Hangul]: 'hangul',
  [CharClass.Jamo]: 'jamo',
  [CharClass.Hanja]: 'hanja',
  [CharClass.Digit]: 'number',
  [CharClass.Latin]: 'latin',
  [CharClass.Punct]: 'punct',
  [CharClass.Symbol]: 'symbol',
  [CharClass.Emoji]: 'emoji',
  [CharClass.Other]: 'other',
  [CharClass.Mark]: 'other',
};

const ZWJ = 0x200d;
const isRegionalIndicator = (cp: number) => cp >= 0x1f1e6 && cp <= 0x1f1ff;

export class SyllableTokenizer implements Tokenizer<SyllableToken> {
  readonly unit = 'syllable' as const;
  private readonly options: SyllableOptions;

  constructor(options: SyllableOptions = {}) {
    this.options = options;
  }

  tokenize(text: string): SyllableToken[] {
    return scanTokens<SyllableToken, SyllableKind>(
      text,
      this.options,
      (s, emit) => {
        let i = 0;
        while (i < s.length) {
          const cp = s.codePointAt(i)!;
          const cls = charClass(cp);
          const start = i;
          i += widthAt(s, i);
          if (cls === CharClass.Space || cls === CharClass.Control) continue;
          if (cls === CharClass.Digit) {
            // 1,000 and 3.14 are one number: a separator counts only between digits.
            while (i < s.length) {
              const c = charClass(s.codePointAt(i)!);
              if (c === CharClass.Digit) i += widthAt(s, i);
              else if ((s[i] === '.' || s[i] === ',') && i + 1 < s.length && charClass(s.codePointAt(i + 1)!) === CharClass.Digit) i++;
              else break;
            }
          } else if (cls === CharClass.Latin || cls === CharClass.Other) {
            while (i < s.length) {
              const c = charClass(s.codePointAt(i)!);
              if (c === cls || c === CharClass.Mark) i += widthAt(s, i);
              else break;
            }
          } else if (isRegionalIndicator(cp)) {
            // A flag is a pair of regional indicators.
            if (i < s.length && isRegionalIndicator(s.codePointAt(i)!)) i += 2;
            emit(start, extendCluster(s, i), 'emoji');
            i = extendCluster(s, i);
            continue;
          }
          i = extendCluster(s, i);
          emit(start, i, KIND[cls] ?? 'other');
        }
      },
      (t, start, end, form, kind) => ({ text: t, start, end, form, kind }),
    );
  }
}

/** Extends a cluster over combining marks, variation selectors, skin tones, tags and ZWJ sequences. */
function extendCluster(s: string, i: number): number {
  while (i < s.length) {
    const cp = s.codePointAt(i)!;
    if (charClass(cp) !== CharClass.Mark) break;
    i += widthAt(s, i);
    if (cp === ZWJ && i < s.length) {
      const next = charClass(s.codePointAt(i)!);
      if (next === CharClass.Emoji || next === CharClass.Symbol) i += widthAt(s, i);
    }
  }
  return i;
}

