/**
 * A lexicon index's entry lists (each trie key's entries) with what the lattice needs of every
 * entry — id, static score, first and last decoder state, flags — stored side by side per list
 * and filled the first time the lattice reaches that list. Building a lattice then reads each
 * list as one contiguous run, instead of five arrays indexed by scattered entry ids: on review
 * text those cache misses were the largest single cost of lattice building.
 */
import type { IdLists, Lexicon } from '../dict/lexicon.js';
import type { Scorer } from '../scorer.js';
import { grow } from './grow.js';

export class PackedLists {
  /** List `li` is packed at [from[li], to[li]) of the arrays below; from = -1: not yet. */
  readonly from: Int32Array;
  readonly to: Int32Array;
  id = new Int32Array(256);
  score = new Float64Array(256);
  first = new Int32Array(256);
  last = new Int32Array(256);
  flags = new Int32Array(256);
  private n = 0;

  constructor(
    private readonly lists: IdLists,
    private readonly lex: Lexicon,
    private readonly sc: Scorer,
  ) {
    const count = lists.start.length - 1;
    this.from = new Int32Array(count).fill(-1);
    this.to = new Int32Array(count);
  }

  /** Packs list `li` (when `from[li] < 0`); the arrays may be replaced, so read them afterwards. */
  pack(li: number): void {
    const { lists, lex, sc } = this;
    const a = lists.start[li]!;
    const z = lists.start[li + 1]!;
    if (this.n + (z - a) > this.id.length) this.grow(this.n + (z - a));
    this.from[li] = this.n;
    for (let q = a; q < z; q++) {
      const id = lists.ids[q]!;
      const p = this.n++;
      this.id[p] = id;
      this.score[p] = sc.entryAt(lex, id); // also fills the scorer's flags and states for `id`
      this.first[p] = sc.entryFirst[id]!;
      this.last[p] = sc.entryLast[id]!;
      this.flags[p] = sc.entryFlags[id]!;
    }
    this.to[li] = this.n;
  }

  private grow(n: number): void {
    const size = Math.max(n, this.id.length * 2);
    this.id = grow(this.id, size);
    this.score = grow(this.score, size);
    this.first = grow(this.first, size);
    this.last = grow(this.last, size);
    this.flags = grow(this.flags, size);
  }
}

/** The packed surface, stem and ending lists of one lexicon under one scorer. */
export interface LexiconPacks {
  lex: Lexicon;
  surfaces: PackedLists;
  stems: PackedLists;
  endings: PackedLists;
}

const packs = new WeakMap<Scorer, LexiconPacks>();

/** The packs of `lex` under `sc`, made on first use (a scorer's scores never change). */
export function packsFor(lex: Lexicon, sc: Scorer): LexiconPacks {
  let p = packs.get(sc);
  if (p === undefined || p.lex !== lex) {
    p = {
      lex,
      surfaces: new PackedLists(lex.surfaceLists, lex, sc),
      stems: new PackedLists(lex.stemLists, lex, sc),
      endings: new PackedLists(lex.endingLists, lex, sc),
    };
    packs.set(sc, p);
  }
  return p;
}
