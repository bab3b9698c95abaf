/** The model stage: splits one pre-tokenized piece into vocabulary tokens. */
import type { JsonObject } from '../json.js';

/** A token from the model, offsets local to the piece (UTF-16 code units). */
export interface ModelToken {
  id: number;
  value: string;
  start: number;
  end: number;
}

export interface Model {
  readonly type: 'WordPiece' | 'BPE' | 'Unigram' | 'WordLevel';
  tokenize(piece: string): ModelToken[];
  tokenToId(token: string): number | undefined;
  idToToken(id: number): string | undefined;
  readonly vocabSize: number;
  /**
   * Whether the tokenizer should cache this model's output per word. Worth it only when the model
   * costs more than a hash lookup of the word (BPE merges, Unigram Viterbi; not a WordPiece trie walk).
   */
  readonly cacheable: boolean;
  /** The `model` object of a tokenizer.json. */
  toJSON(): JsonObject;
}

/** Models whose vocabulary is a token → id map (WordPiece, BPE, WordLevel). */
export abstract class MapVocabModel {
  readonly vocab: Map<string, number>;
  protected readonly ids: string[] = [];

  constructor(vocab: Map<string, number>) {
    this.vocab = vocab;
    for (const [t, id] of vocab) this.ids[id] = t;
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

  /** The vocabulary as tokenizer.json writes it. */
  protected vocabJSON(): JsonObject {
    const out: JsonObject = {};
    for (const [t, id] of this.vocab) out[t] = id;
    return out;
  }
}

/** UTF-16 width of the code point at `i` (lone surrogates are width 1). */
export function cpWidth(s: string, i: number): number {
  const c = s.charCodeAt(i);
  return c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00 ? 2 : 1;
}

/** Number of code points in `s`. */
export function cpLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i += cpWidth(s, i)) n++;
  return n;
}

const encoder = new TextEncoder();

/** `<0xAB>` tokens for the UTF-8 bytes of `s`, or null when one is missing (byte fallback). */
export function byteFallbackTokens(
  s: string,
  start: number,
  end: number,
  vocab: Map<string, number>,
): ModelToken[] | null {
  const out: ModelToken[] = [];
  for (const b of encoder.encode(s)) {
    const v = `<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`;
    const id = vocab.get(v);
    if (id === undefined) return null;
    out.push({ id, value: v, start, end });
  }
  return out;
}
