/**
 * Unigram LM (SentencePiece): the segmentation with the highest total log-probability (Viterbi).
 * Matches HF: unknown characters score `minScore - 10`, adjacent unknowns fuse into one token, and
 * `byteFallback` spells unknowns as `<0xAB>` byte tokens.
 */
import { KornluError } from '../../../errors.js';
import type { JsonObject } from '../json.js';
import { byteFallbackTokens, cpWidth, type Model, type ModelToken } from './model.js';
import { CodeUnitTrie } from './trie.js';

const UNK_PENALTY = 10;

export class Unigram implements Model {
  readonly type = 'Unigram' as const;
  readonly cacheable = true;
  readonly pieces: Array<[string, number]>;
  readonly unkId: number | null;
  readonly byteFallback: boolean;
  private readonly vocab = new Map<string, number>();
  private readonly trie: CodeUnitTrie;
  private readonly unkScore: number;

  constructor(pieces: Array<[string, number]>, unkId: number | null, byteFallback = false) {
    this.pieces = pieces;
    this.unkId = unkId;
    this.byteFallback = byteFallback;
    let min = Infinity;
    pieces.forEach(([p, score], id) => {
      if (!this.vocab.has(p)) this.vocab.set(p, id);
      if (score < min) min = score;
    });
    this.trie = new CodeUnitTrie(this.vocab);
    if (unkId !== null && (unkId < 0 || unkId >= pieces.length)) throw new Error(`Unigram: unk_id ${unkId} is out of range`);
    this.unkScore = (pieces.length ? min : 0) - UNK_PENALTY;
  }

  get vocabSize(): number {
    return this.pieces.length;
  }

  tokenToId(token: string): number | undefined {
    return this.vocab.get(token);
  }

  idToToken(id: number): string | undefined {
    return this.pieces[id]?.[0];
  }

  tokenize(s: string): ModelToken[] {
    const n = s.length;
    if (n === 0) return [];
    // best[i]: best score of a path ending at code unit i; from[i], id[i]: its last token.
    const best = new Float64Array(n + 1).fill(-Infinity);
    const from = new Int32Array(n + 1).fill(-1);
    const ids = new Int32Array(n + 1).fill(-1);
    best[0] = 0;
    for (let i = 0; i < n; ) {
      const w = cpWidth(s, i);
      if (from[i] === -1 && i > 0) {
        i += w;
        continue; // not reachable (inside a surrogate pair)
      }
      const base = best[i]!;
      let single = false;
      // Shorter candidates first, as HF's common-prefix search yields them (ties keep the first).
      this.trie.prefixes(s, i, n, (id, e) => {
        if ((s.charCodeAt(e - 1) & 0xfc00) === 0xd800 && e < n && (s.charCodeAt(e) & 0xfc00) === 0xdc00) return;
        const cand = base + this.pieces[id]![1];
        if (from[e] === -1 || cand > best[e]!) {
          best[e] = cand;
          from[e] = i;
          ids[e] = id;
        }
        if (e - i === w) single = true;
      });
      if (!single && this.unkId !== null) {
        const e = i + w;
        const cand = base + this.unkScore;
        if (from[e] === -1 || cand > best[e]!) {
          best[e] = cand;
          from[e] = i;
          ids[e] = this.unkId;
        }
      }
      i += w;
    }
    if (from[n] === -1) {
      // As HF: an unknown character with no unk token is an error, not a silent drop.
      throw new KornluError('INVALID_ARGUMENT', 'Unigram: the text has a character outside the vocabulary and the model has no unk_id');
    }
    const rev: ModelToken[] = [];
    for (let e = n; e > 0; e = from[e]!) {
      const st = from[e]!;
      const id = ids[e]!;
      const prev = rev[rev.length - 1];
      if (id === this.unkId && prev !== undefined && prev.id === this.unkId) {
        prev.start = st; // fuse adjacent unknowns
        continue;
      }
      rev.push({ id, value: this.pieces[id]![0], start: st, end: e });
    }
    rev.reverse();
    if (!this.byteFallback || this.unkId === null) return rev;
    const out: ModelToken[] = [];
    for (const t of rev) {
      const bytes = t.id === this.unkId ? byteFallbackTokens(s.slice(t.start, t.end), t.start, t.end, this.vocab) : null;
      if (bytes) out.push(...bytes);
      else out.push(t);
    }
    return out;
  }

  toJSON(): JsonObject {
    return { type: 'Unigram', unk_id: this.unkId, vocab: this.pieces.map(([p, s]) => [p, s]), byte_fallback: this.byteFallback };
  }
}
