/** WordLevel: each piece is looked up whole; unknown pieces map to the unk token. */
import type { JsonObject } from '../json.js';
import { invertVocab, type Model, type ModelToken } from './model.js';

export class WordLevel implements Model {
  readonly type = 'WordLevel' as const;
  readonly cacheable = false;
  private readonly ids: string[];
  constructor(
    readonly vocab: Map<string, number>,
    readonly unkToken: string,
  ) {
    this.ids = invertVocab(vocab);
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
  tokenize(piece: string): ModelToken[] {
    const id = this.vocab.get(piece) ?? this.vocab.get(this.unkToken);
    if (id === undefined) return [];
    return [{ id, value: this.ids[id]!, start: 0, end: piece.length }];
  }
  toJSON(): JsonObject {
    const vocab: JsonObject = {};
    for (const [t, id] of this.vocab) vocab[t] = id;
    return { type: 'WordLevel', vocab, unk_token: this.unkToken };
  }
}
