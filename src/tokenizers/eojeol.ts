/**
 * Eojeol (어절) tokenizer: whitespace-separated units, the unit Korean spacing defines.
 *
 * @example
 * new EojeolTokenizer({ punctuation: 'split' }).tokenize('좋아요! 정말요?')
 * // 좋아요 | ! | 정말요 | ?
 */
import { charClass, CharClass } from '../text/chars.js';
import { scanTokens, widthAt, widthBefore, type NormalizingOptions } from './spans.js';
import type { Token, Tokenizer } from './types.js';

export interface EojeolOptions extends NormalizingOptions {
  /**
   * Punctuation at the edges of an eojeol: `attach` keeps it (default), `split` makes each run of
   * it a token of its own, `strip` drops it.
   */
  punctuation?: 'attach' | 'split' | 'strip';
}

export interface EojeolToken extends Token {
  /** Normalized text of the token (equals `text` without normalization). */
  form: string;
  /** True for a punctuation run split off an eojeol (`punctuation: 'split'`). */
  punct: boolean;
}

// Whitespace is never astral, so code units suffice here.
const isSpace = (cu: number) => charClass(cu) === CharClass.Space;
const isPunct = (cp: number) => charClass(cp) === CharClass.Punct;

export class EojeolTokenizer implements Tokenizer<EojeolToken> {
  readonly unit = 'eojeol' as const;
  private readonly options: EojeolOptions;

  constructor(options: EojeolOptions = {}) {
    this.options = options;
  }

  tokenize(text: string): EojeolToken[] {
    const mode = this.options.punctuation ?? 'attach';
    return scanTokens<EojeolToken, boolean>(
      text,
      this.options,
      (s, emit) => {
        const push = (a: number, b: number, punct: boolean) => {
          if (b > a && !(punct && mode === 'strip')) emit(a, b, punct);
        };
        let i = 0;
        while (i < s.length) {
          while (i < s.length && isSpace(s.charCodeAt(i))) i++;
          if (i >= s.length) break;
          let j = i;
          while (j < s.length && !isSpace(s.charCodeAt(j))) j++;
          if (mode === 'attach') {
            push(i, j, false);
          } else {
            let a = i;
            while (a < j && isPunct(s.codePointAt(a)!)) a += widthAt(s, a);
            let b = j;
            while (b > a && isPunct(s.codePointAt(b - widthBefore(s, b))!)) b -= widthBefore(s, b);
            push(i, a, true);
            push(a, b, false);
            push(b, j, true);
          }
          i = j;
        }
      },
      (t, start, end, form, punct) => ({ text: t, start, end, form, punct }),
    );
  }
}
