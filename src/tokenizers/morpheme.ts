/**
 * Morpheme tokenizer: the morphological analyzer behind the common Tokenizer interface. Needs a
 * loaded analyzer (`loadMorphAnalyzer()` from kornlu/node, or `loadMorphAnalyzerFromURL`).
 *
 * @example
 * const tok = new MorphemeTokenizer(await loadMorphAnalyzer());
 * tok.tokenize('흘렸다').map((t) => `${t.lemma}/${t.tag}@${t.start}`); // 흘리/VV@0 었/EP@1 다/EF@2
 */
import { KornluError } from '../errors.js';
import type { MorphAnalyzer } from '../morph/analyzer.js';
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
  private readonly analyzer: MorphAnalyzer | undefined;

  constructor(analyzer?: MorphAnalyzer) {
    this.analyzer = analyzer;
  }

  tokenize(text: string): MorphemeToken[] {
    if (!this.analyzer) {
      throw new KornluError(
        'ANALYZER_NOT_AVAILABLE',
        'no morphological analyzer loaded: pass one (loadMorphAnalyzer() from kornlu/node, or loadMorphAnalyzerFromURL)',
      );
    }
    return this.analyzer.analyze(text).map(({ text: t, start, end, lemma, tag }) => ({ text: t, start, end, lemma, tag }));
  }
}
