import type { Token, Tokenizer } from '../../src/tokenizers/types.js';

/** Plain whitespace splitting, as gensim's LineSentence does (for an equal comparison). */
export class WhitespaceSplitter implements Tokenizer {
  readonly unit = 'eojeol' as const;
  tokenize(text: string): Token[] {
    const out: Token[] = [];
    const re = /\S+/gu;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) out.push({ text: m[0], start: m.index, end: m.index + m[0].length });
    return out;
  }
}
