/** WordLevel: each piece is looked up whole; unknown pieces map to the unk token. */
import type { JsonObject } from '../json.js';
import { MapVocabModel, type Model, type ModelToken } from './model.js';

export class WordLevel extends MapVocabModel implements Model {
  readonly type = 'WordLevel' as const;
  readonly cacheable = false;

  constructor(
    vocab: Map<string, number>,
    readonly unkToken: string,
  ) {
    super(vocab);
  }

  tokenize(piece: string): ModelToken[] {
    const id = this.vocab.get(piece) ?? this.vocab.get(this.unkToken);
    if (id === undefined) return [];
    return [{ id, value: this.ids[id]!, start: 0, end: piece.length }];
  }

  toJSON(): JsonObject {
    return { type: 'WordLevel', vocab: this.vocabJSON(), unk_token: this.unkToken };
  }
}
