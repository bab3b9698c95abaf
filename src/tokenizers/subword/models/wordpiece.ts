/**
 * WordPiece (BERT): greedy longest match from the left, continuation pieces prefixed with `##`;
 * a word with any unmatched part, or longer than `maxInputCharsPerWord`, is one unknown token.
 */
import { KornluError } from '../../../errors.js';
import type { JsonObject } from '../json.js';
import { cpLength, MapVocabModel, type Model, type ModelToken } from './model.js';
import { CodeUnitTrie } from './trie.js';

export interface WordPieceOptions {
  unkToken?: string;
  continuingSubwordPrefix?: string;
  maxInputCharsPerWord?: number;
}

export class WordPiece extends MapVocabModel implements Model {
  readonly type = 'WordPiece' as const;
  readonly cacheable = false;
  readonly unkToken: string;
  readonly prefix: string;
  readonly maxInputCharsPerWord: number;
  private readonly unkId: number | undefined;
  /** Word-initial pieces and continuation pieces (without their prefix), for longest match. */
  private readonly initial: CodeUnitTrie;
  private readonly cont: CodeUnitTrie;

  constructor(vocab: Map<string, number>, options: WordPieceOptions = {}) {
    super(vocab);
    this.unkToken = options.unkToken ?? '[UNK]';
    this.prefix = options.continuingSubwordPrefix ?? '##';
    this.maxInputCharsPerWord = options.maxInputCharsPerWord ?? 100;
    // A vocabulary without its unk token is legal until a word needs it (as in HF).
    this.unkId = vocab.get(this.unkToken);
    const initial: Array<[string, number]> = [];
    const cont: Array<[string, number]> = [];
    for (const [t, id] of vocab) {
      if (this.prefix.length > 0 && t.startsWith(this.prefix) && t.length > this.prefix.length) cont.push([t.slice(this.prefix.length), id]);
      initial.push([t, id]);
    }
    this.initial = new CodeUnitTrie(initial);
    this.cont = new CodeUnitTrie(cont);
  }




  tokenize(word: string): ModelToken[] {
    const n = word.length;
    if (n > this.maxInputCharsPerWord && cpLength(word) > this.maxInputCharsPerWord) return [this.unk(n)];
    const out: ModelToken[] = [];
    // Greedy longest match from the left, as HF does (it probes substrings from the longest down;
    // the trie finds the same longest entry in one pass).
    for (let start = 0; start < n; ) {
      const trie = start === 0 ? this.initial : this.cont;
      if (!trie.longestPrefix(word, start, n)) return [this.unk(n)];
      const id = trie.matchId;
      const end = trie.matchEnd;
      out.push({ id, value: this.ids[id]!, start, end });
      start = end;
    }
    return out;
  }

  private unk(n: number): ModelToken {
    if (this.unkId === undefined) {
      throw new KornluError('INVALID_ARGUMENT', `WordPiece: a word needs the unk token ${JSON.stringify(this.unkToken)}, which the vocabulary lacks`);
    }
    return { id: this.unkId, value: this.unkToken, start: 0, end: n };
  }

  toJSON(): JsonObject {
    const vocab = this.vocabJSON();
    return {
      type: 'WordPiece',
      unk_token: this.unkToken,
      continuing_subword_prefix: this.prefix,
      max_input_chars_per_word: this.maxInputCharsPerWord,
      vocab,
    };
  }
}

