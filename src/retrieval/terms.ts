/**
 * Index terms for lexical retrieval. Which unit works best is measured, not assumed
 * (benchmarks/retrieval): morphemes (content lemmas), subword pieces, syllable bigrams (robust to
 * missing spaces and typos), or eojeols.
 */
import { KornluError } from '../errors.js';
import type { MorphAnalyzer } from '../morph/analyzer.js';
import type { SubwordTokenizer } from '../tokenizers/subword/tokenizer.js';

export type TermUnit = 'morpheme' | 'subword' | 'syllable-bigram' | 'eojeol';
export const TERM_UNITS: readonly TermUnit[] = ['morpheme', 'subword', 'syllable-bigram', 'eojeol'];

export interface TermOptions {
  unit: TermUnit;
  /** Needed for `morpheme`. */
  analyzer?: MorphAnalyzer;
  /** Needed for `subword`. */
  tokenizer?: SubwordTokenizer;
}

export type TermFn = (text: string) => string[];

// Particles, endings and punctuation carry little for matching; content morphemes stay.
const FUNCTION_TAG = /^(J|E|S[FPSEO]|XS|VCP|VCN)/;

export function termFunction(o: TermOptions): TermFn {
  switch (o.unit) {
    case 'morpheme': {
      const ma = o.analyzer;
      if (!ma) throw new KornluError('INVALID_ARGUMENT', 'unit "morpheme" needs an analyzer (loadMorphAnalyzer() from kornlu/node)');
      return (text) => ma.analyze(text).filter((m) => !FUNCTION_TAG.test(m.tag)).map((m) => (m.tag.startsWith('V') ? `${m.lemma}다` : m.lemma.toLowerCase()));
    }
    case 'subword': {
      const tok = o.tokenizer;
      if (!tok) throw new KornluError('INVALID_ARGUMENT', 'unit "subword" needs a tokenizer');
      return (text) => tok.tokenize(text).map((t) => t.token);
    }
    case 'syllable-bigram':
      // Spaces removed first: '배송언제와요' and '배송 언제 와요' give the same bigrams.
      return (text) => {
        const chars = [...text.toLowerCase().replace(/[\s\p{P}\p{S}]+/gu, '')];
        if (chars.length === 1) return chars;
        const out: string[] = [];
        for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!);
        return out;
      };
    case 'eojeol':
      return (text) => text.toLowerCase().split(/[\s\p{P}]+/u).filter(Boolean);
    default:
      throw new KornluError('INVALID_ARGUMENT', `unknown unit ${JSON.stringify(o.unit)}; expected ${TERM_UNITS.join(', ')}`);
  }
}
