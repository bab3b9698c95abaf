/**
 * WordPiece (BERT): greedy longest match from the left, continuation pieces prefixed with `##`;
 * a word with any unmatched part, or longer than `maxInputCharsPerWord`, is one unknown token.
 */
import { KornluError } from '../../../errors.js';
import type { JsonObject } from '../json.js';
import { cpLength, invertVocab, type Model, type ModelToken } from './model.js';

export interface WordPieceOptions {
  unkToken?: string;
  continuingSubwordPrefix?: string;
  maxInputCharsPerWord?: number;
}

export class WordPiece implements Model {
  readonly type = 'WordPiece' as const;
  readonly vocab: Map<string, number>;
  readonly unkToken: string;
  readonly prefix: string;
  readonly maxInputCharsPerWord: number;
  private readonly ids: string[];
  private readonly unkId: number | undefined;
  /** Longest vocabulary entry in code units (prefix excluded): no longer substring can match. */
  private readonly maxLen: number;

  constructor(vocab: Map<string, number>, options: WordPieceOptions = {}) {
    this.vocab = vocab;
    this.unkToken = options.unkToken ?? '[UNK]';
    this.prefix = options.continuingSubwordPrefix ?? '##';
    this.maxInputCharsPerWord = options.maxInputCharsPerWord ?? 100;
    this.ids = invertVocab(vocab);
    // A vocabulary without its unk token is legal until a word needs it (as in HF).
    this.unkId = vocab.get(this.unkToken);
    let maxLen = 1;
    for (const t of vocab.keys()) {
      const l = t.startsWith(this.prefix) ? t.length - this.prefix.length : t.length;
      if (l > maxLen) maxLen = l;
    }
    this.maxLen = maxLen;
  }

  get vocabSize(): number {
    return this.vocab.size;
  }

  tokenToId(token: string): number | undefined {
    return this.vocab.get(token);
  }

  idToToken(id: number): string | undefined {
    return this.ids[id];
  }

  tokenize(word: string): ModelToken[] {
    const n = word.length;
    if (n > this.maxInputCharsPerWord && cpLength(word) > this.maxInputCharsPerWord) return [this.unk(n)];
    const out: ModelToken[] = [];
    let start = 0;
    while (start < n) {
      let end = Math.min(n, start + this.maxLen);
      // Never cut a surrogate pair.
      if (end < n && (word.charCodeAt(end) & 0xfc00) === 0xdc00 && (word.charCodeAt(end - 1) & 0xfc00) === 0xd800) end--;
      let found = -1;
      let value = '';
      while (end > start) {
        value = start > 0 ? this.prefix + word.slice(start, end) : word.slice(start, end);
        const id = this.vocab.get(value);
        if (id !== undefined) {
          found = id;
          break;
        }
        end -= (word.charCodeAt(end - 1) & 0xfc00) === 0xdc00 && end - 2 >= start && (word.charCodeAt(end - 2) & 0xfc00) === 0xd800 ? 2 : 1;
      }
      if (found < 0) return [this.unk(n)];
      out.push({ id: found, value, start, end });
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
    const vocab: JsonObject = {};
    for (const [t, id] of this.vocab) vocab[t] = id;
    return {
      type: 'WordPiece',
      unk_token: this.unkToken,
      continuing_subword_prefix: this.prefix,
      max_input_chars_per_word: this.maxInputCharsPerWord,
      vocab,
    };
  }
}

