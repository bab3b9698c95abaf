/**
 * Morpheme tokenizer: the interface the morphological analyzer will fill. Until the analyzer lands
 * it throws a typed `ANALYZER_NOT_AVAILABLE` error instead of returning something that looks right.
 */
import { KornluError } from '../errors.js';
import type { Token, Tokenizer } from './types.js';

/** A morpheme: surface span in the input, base form (`lemma`) and Sejong POS tag. */
export interface MorphemeToken extends Token {
  /** Restored base form, e.g. 하 for the 하 in 했다 (morphemes fused in one syllable share a span). */
  lemma: string;
  /** Sejong tag as used by the gold data: NNG, VV, JKS, EF, … */
  tag: string;
}

export class MorphemeTokenizer implements Tokenizer<MorphemeToken> {
  readonly unit = 'morpheme' as const;

  tokenize(_text: string): MorphemeToken[] {
    throw new KornluError(
      'ANALYZER_NOT_AVAILABLE',
      'the morphological analyzer is not available yet in this version of kornlu; use unit eojeol, syllable, jamo or subword',
    );
  }
}
