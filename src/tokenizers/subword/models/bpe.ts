/**
 * BPE (GPT-2, RoBERTa, most SentencePiece-BPE exports): start from characters, apply merges in
 * rank order. Supports HF's continuing_subword_prefix, end_of_word_suffix, fuse_unk, byte_fallback
 * and ignore_merges. Dropout is a training-time feature and is refused when set.
 */
import type { JsonObject } from '../json.js';
import { byteFallbackTokens, cpWidth, MapVocabModel, type Model, type ModelToken } from './model.js';

export interface BpeOptions {
  unkToken?: string | null;
  continuingSubwordPrefix?: string | null;
  endOfWordSuffix?: string | null;
  fuseUnk?: boolean;
  byteFallback?: boolean;
  ignoreMerges?: boolean;
}

interface Sym {
  id: number;
  start: number;
  end: number;
}

export class BPE extends MapVocabModel implements Model {
  readonly type = 'BPE' as const;
  readonly cacheable = true;
  readonly merges: Array<[string, string]>;
  readonly options: Required<BpeOptions>;
  /** (left id, right id) → rank and merged id. */
  private readonly ranks = new Map<number, { rank: number; id: number }>();
  private readonly unkId: number | undefined;

  constructor(vocab: Map<string, number>, merges: Array<[string, string]>, options: BpeOptions = {}) {
    super(vocab);
    this.merges = merges;
    this.options = {
      unkToken: options.unkToken ?? null,
      continuingSubwordPrefix: options.continuingSubwordPrefix ?? null,
      endOfWordSuffix: options.endOfWordSuffix ?? null,
      fuseUnk: options.fuseUnk ?? false,
      byteFallback: options.byteFallback ?? false,
      ignoreMerges: options.ignoreMerges ?? false,
    };
    this.unkId = this.options.unkToken === null ? undefined : vocab.get(this.options.unkToken);
    const prefixLen = this.options.continuingSubwordPrefix?.length ?? 0;
    merges.forEach(([a, b], rank) => {
      const ia = vocab.get(a);
      const ib = vocab.get(b);
      const merged = vocab.get(a + (prefixLen > 0 && b.startsWith(this.options.continuingSubwordPrefix!) ? b.slice(prefixLen) : b));
      if (ia === undefined || ib === undefined || merged === undefined) {
        throw new Error(`BPE: merge ${rank} "${a} ${b}" uses a token missing from the vocabulary`);
      }
      const key = ia * 0x200000 + ib;
      if (!this.ranks.has(key)) this.ranks.set(key, { rank, id: merged });
    });
  }




  tokenize(word: string): ModelToken[] {
    if (word.length === 0) return [];
    const o = this.options;
    if (o.ignoreMerges) {
      const id = this.vocab.get(word);
      if (id !== undefined) return [{ id, value: word, start: 0, end: word.length }];
    }
    const syms: Sym[] = [];
    let pendingUnk: Sym | null = null;
    const out: ModelToken[] = [];
    const flushUnk = () => {
      if (pendingUnk) syms.push(pendingUnk);
      pendingUnk = null;
    };
    for (let i = 0; i < word.length; ) {
      const w = cpWidth(word, i);
      const end = i + w;
      let s = word.slice(i, end);
      if (i > 0 && o.continuingSubwordPrefix !== null) s = o.continuingSubwordPrefix + s;
      if (end === word.length && o.endOfWordSuffix !== null) s += o.endOfWordSuffix;
      const id = this.vocab.get(s);
      if (id !== undefined) {
        flushUnk();
        syms.push({ id, start: i, end });
      } else if (o.byteFallback && byteFallbackTokens(word.slice(i, end), i, end, this.vocab) !== null) {
        flushUnk();
        for (const t of byteFallbackTokens(word.slice(i, end), i, end, this.vocab)!) syms.push({ id: t.id, start: i, end });
      } else if (this.unkId !== undefined) {
        if (pendingUnk !== null && o.fuseUnk) (pendingUnk as Sym).end = end;
        else {
          flushUnk();
          pendingUnk = { id: this.unkId, start: i, end };
        }
      }
      // No unk token: HF drops the character silently; so do we (documented in the README).
      i = end;
    }
    flushUnk();
    this.merge(syms);
    for (const s of syms) out.push({ id: s.id, value: this.ids[s.id]!, start: s.start, end: s.end });
    return out;
  }

  /** Applies merges lowest rank first, leftmost first among equals (as HF's priority queue does). */
  private merge(syms: Sym[]): void {
    for (;;) {
      let best = -1;
      let bestRank = Infinity;
      let bestId = -1;
      for (let k = 0; k + 1 < syms.length; k++) {
        const r = this.ranks.get(syms[k]!.id * 0x200000 + syms[k + 1]!.id);
        if (r !== undefined && r.rank < bestRank) {
          bestRank = r.rank;
          best = k;
          bestId = r.id;
        }
      }
      if (best < 0) return;
      syms[best] = { id: bestId, start: syms[best]!.start, end: syms[best + 1]!.end };
      syms.splice(best + 1, 1);
    }
  }

  toJSON(): JsonObject {
    const vocab = this.vocabJSON();
    const o = this.options;
    return {
      type: 'BPE',
      dropout: null,
      unk_token: o.unkToken,
      continuing_subword_prefix: o.continuingSubwordPrefix,
      end_of_word_suffix: o.endOfWordSuffix,
      fuse_unk: o.fuseUnk,
      byte_fallback: o.byteFallback,
      ignore_merges: o.ignoreMerges,
      vocab,
      merges: this.merges.map(([a, b]) => [a, b]),
    };
  }
}
