/**
 * Scores lattice nodes and transitions under fixed weights. Inference caches everything by integer
 * keys (entry ids, interned decoder states); training builds the feature maps the perceptron
 * updates, and scores from them.
 */
import type { Entry, Lexicon, Morph } from './dict/lexicon.js';
import { closedMorph, FLAG_DERIVED, FLAG_VARIANT, stateCount, stateTag } from './dict/lexicon.js';
import { addFeature, morphFeatures, PRIOR, PRIOR_SCALE, transitionFeatures, type Features, type Weights } from './model.js';
import { TAGS } from './tags.js';
import { grow } from './viterbi/grow.js';
import { UNKNOWN_KINDS, type UnknownKind } from './unknown.js';

/** Prior (−log p) given to unknown words, on the lexicons' scale. */
export const UNKNOWN_PRIOR = 25;

export function entryFeatures(f: Features, e: Entry): void {
  for (const m of e.morphs) morphFeatures(f, m);
  for (let k = 0; k + 1 < e.morphs.length; k++) transitionFeatures(f, e.morphs[k]!, e.morphs[k + 1]!, false);
  addFeature(f, PRIOR, -e.prior * PRIOR_SCALE);
  const first = e.morphs[0]!;
  addFeature(f, `S|${e.source}|${first.tag}`);
  if (e.morphs.length > 1) addFeature(f, `X|${e.morphs.map((m) => `${m.lemma}/${m.tag}`).join('+')}`);
  // Long nouns are often compounds the gold data splits (편의시설 → 편의 시설).
  else if (first.tag === 'NNG' || first.tag === 'NNP') addFeature(f, `N|${first.tag}|${Math.min(e.surface.length, 6)}`);
  if (e.flags & FLAG_VARIANT && e.rule) addFeature(f, `V|${e.rule}`);
  if (e.flags & FLAG_DERIVED) addFeature(f, `D|${e.morphs.map((m) => m.tag).join('+')}`);
}

export function unknownFeatures(f: Features, kind: UnknownKind, tag: string, len: number): void {
  addFeature(f, `T|${tag}`);
  addFeature(f, `U|${kind}|${tag}|${Math.min(len, LONGEST_SHAPE)}`);
  if (kind === 'hangul') addFeature(f, PRIOR, -UNKNOWN_PRIOR * PRIOR_SCALE * len);
}

/** Unknown-word lengths the shape features tell apart (longer ones share the last). */
const LONGEST_SHAPE = 6;

const T = TAGS.length; // index T stands for BOS (as previous) and EOS (as next)

/**
 * Scores under fixed weights, caching as it goes: make a new Scorer after the weights change
 * (training makes one per sentence).
 */
export class Scorer {
  private entryScores = new Float64Array(0);
  private readonly misc = new Map<string, number>();
  // Transitions split into a dense tag table and per-closed-morpheme rows.
  private readonly tagTable: Float64Array;
  private readonly prevRows: Array<Float64Array | undefined> = [];
  private readonly nextRows: Array<Float64Array | undefined> = [];

  constructor(
    readonly w: Weights,
    /** Build feature maps for each node (training); otherwise cache node scores. */
    readonly training: boolean,
  ) {
    const t = new Float64Array((T + 1) * (T + 1) * 2);
    const name = (i: number, end: 'BOS' | 'EOS') => (i === T ? end : TAGS[i]!);
    for (let a = 0; a <= T; a++) for (let b = 0; b <= T; b++) for (let sp = 0; sp < 2; sp++) {
      t[(a * (T + 1) + b) * 2 + sp] = w.get(`B|${name(a, 'BOS')}|${name(b, 'EOS')}|${sp}`);
    }
    this.tagTable = t;
    // The C weights' morphemes numbered as matrix rows and columns.
    const rows = new Map<number, number>();
    const cols = new Map<number, number>();
    for (const [, a, b] of w.pairs) {
      if (!rows.has(a)) rows.set(a, rows.size);
      if (!cols.has(b)) cols.set(b, cols.size);
    }
    const n = Math.max(1, cols.size);
    this.pairMatrix = new Float64Array(rows.size * n);
    this.rowsOfPairs = Math.max(1, rows.size);
    this.pairFirst = new Int32Array(stateCount()).fill(-1);
    this.pairSecond = new Int32Array(stateCount()).fill(-1);
    for (const [a, r] of rows) this.pairFirst[a] = r * n;
    for (const [b, c] of cols) this.pairSecond[b] = c;
    for (const [k, a, b] of w.pairs) this.pairMatrix[this.pairFirst[a]! + this.pairSecond[b]!] = w.get(k);
  }

  entry(e: Entry): number {
    if (this.training) return this.entryScore(e);
    // By entry id in a typed array (NaN = not yet scored): the lattice asks ~10 times a character.
    const cache = (this.entryScores = withIndex(this.entryScores, e.id));
    let s = cache[e.id]!;
    if (Number.isNaN(s)) cache[e.id] = s = this.entryScore(e);
    return s;
  }

  /**
   * Score of entry `id` of `lex`, also filling `entryFlags`, `entryFirst` and `entryLast` at `id`
   * (its flags and first / last decoder states): the lattice's per-match work in typed arrays,
   * without touching the entry object after its first use.
   */
  entryAt(lex: Lexicon, id: number): number {
    if (id < this.entryFlags.length && this.entryFlags[id]! >= 0 && !this.training) return this.entryScores[id]!;
    const e = lex.entry(id);
    if (id >= this.entryFlags.length) {
      const old = this.entryFlags.length;
      const size = Math.max(1024, id + 1, old * 2);
      this.entryFlags = grow(this.entryFlags, size);
      this.entryFlags.fill(-1, old); // -1: not filled yet
      this.entryFirst = grow(this.entryFirst, size);
      this.entryLast = grow(this.entryLast, size);
    }
    this.entryFlags[id] = e.flags;
    this.entryFirst[id] = e.morphs[0]!.state;
    this.entryLast[id] = e.morphs[e.morphs.length - 1]!.state;
    return this.entry(e);
  }
  entryFlags = new Int32Array(0);
  entryFirst = new Int32Array(0);
  entryLast = new Int32Array(0);

  /**
   * Static score of an elided-copula node: the copula `vcp`, then ending entry `id` (its states
   * filled as by `entryAt`), and the feature `rule`; cached by entry id at inference.
   */
  copulaAt(lex: Lexicon, id: number, vcp: Morph, rule: string): number {
    const ending = this.entryAt(lex, id);
    if (!this.training && id < this.copulaScores.length && !Number.isNaN(this.copulaScores[id]!)) return this.copulaScores[id]!;
    const s = this.morph(vcp) + ending + this.transitionStates(vcp.state, this.entryFirst[id]!, false) + this.feature(rule);
    if (!this.training) {
      this.copulaScores = withIndex(this.copulaScores, id);
      this.copulaScores[id] = s;
    }
    return s;
  }
  private copulaScores = new Float64Array(0);

  private entryScore(e: Entry): number {
    const f: Features = new Map();
    entryFeatures(f, e);
    return this.w.score(f);
  }

  /** Score of an unknown word of a character kind, tag and length, cached by number. */
  unknown(kind: UnknownKind, tag: string, tagId: number, len: number): number {
    // Features see lengths up to 6; Hangul unknowns (at most 4 long) also a per-character prior.
    const l = kind === 'hangul' ? len : Math.min(len, LONGEST_SHAPE);
    if (this.training || l > LONGEST_SHAPE) return this.cached(`U|${kind}|${tag}|${len}`, (f) => unknownFeatures(f, kind, tag, len));
    const key = (UNKNOWN_KINDS.indexOf(kind) * TAGS.length + tagId) * (LONGEST_SHAPE + 1) + l;
    let s = this.unknownScores[key]!;
    if (Number.isNaN(s)) this.unknownScores[key] = s = this.cached(`U|${kind}|${tag}|${len}`, (f) => unknownFeatures(f, kind, tag, len));
    return s;
  }
  private readonly unknownScores = new Float64Array(UNKNOWN_KINDS.length * TAGS.length * (LONGEST_SHAPE + 1)).fill(NaN);

  /** Score of one named feature or of an unknown word shape, cached by its key. */
  cached(key: string, build: (f: Features) => void): number {
    let s = this.misc.get(key);
    if (s === undefined) {
      const f: Features = new Map();
      build(f);
      s = this.w.score(f);
      this.misc.set(key, s);
    }
    return s;
  }

  /** Score of a single named feature (value 1); no allocation on a cache hit. */
  feature(name: string): number {
    return this.misc.get(name) ?? this.cached(name, (f) => addFeature(f, name));
  }

  morph(m: Morph): number {
    return this.cached(`M|${m.lemma}/${m.tag}`, (f) => morphFeatures(f, m));
  }

  /** Transition score between morphemes (null = sentence start or end). */
  transition(a: Morph | null, b: Morph | null, space: boolean): number {
    return this.transitionStates(a ? a.state : T, b ? b.state : T, space);
  }

  /**
   * Transition score between decoder states (`Morph.state`; T = TAGS.length, the sentence
   * boundary): the same sum, in the same order, as the features' (B, J, K, C) under `Weights.score`.
   */
  transitionStates(sa: number, sb: number, space: boolean): number {
    const ta = stateTag(sa);
    const tb = stateTag(sb);
    let s = this.tagTable[(ta * (T + 1) + tb) * 2 + (space ? 1 : 0)]!;
    const ca = sa > T;
    const cb = sb > T;
    if (cb) s += this.rowInto(sb)[ta]!;
    if (ca) s += this.rowFrom(sa)[tb]!;
    if (ca && cb) s += this.pair(sa, sb);
    return s;
  }

  /**
   * The part of every transition into state `b` that does not depend on the previous morpheme's
   * identity, by previous tag (index T: sentence start): the tag bigram plus, for a closed-class
   * `b`, its J features. Same floating-point sums as `transitionStates`.
   */
  into(b: number, space: boolean): Float64Array {
    const k = b * 2 + (space ? 1 : 0);
    let col = this.cols[k];
    if (col === undefined) {
      const table = this.tagTable;
      const c = new Float64Array(T + 1);
      const tb = stateTag(b);
      const row = b > T ? this.rowInto(b) : null;
      for (let ta = 0; ta <= T; ta++) {
        c[ta] = table[(ta * (T + 1) + tb) * 2 + (space ? 1 : 0)]!;
        if (row) c[ta] = c[ta]! + row[ta]!;
      }
      put(this.cols, k, (col = c));
    }
    return col;
  }
  private readonly cols: Array<Float64Array | undefined> = [];

  /** The largest entry of `into(b, space)`: a bound the 1-best search prunes with. */
  intoMax(b: number, space: boolean): number {
    const k = b * 2 + (space ? 1 : 0);
    this.intoMaxes = withIndex(this.intoMaxes, k);
    let m = this.intoMaxes[k]!;
    if (Number.isNaN(m)) this.intoMaxes[k] = m = Math.max(...this.into(b, space));
    return m;
  }
  private intoMaxes = new Float64Array(0);

  /**
   * An upper bound on what a transition out of state `a` adds beyond `into(b, …)[tag of a]`, for
   * any next state `b`: its largest K feature plus its largest C feature (0 when it has none).
   */
  fromBound(a: number): number {
    if (a <= T) return 0;
    this.fromBounds = withIndex(this.fromBounds, a);
    let m = this.fromBounds[a]!;
    if (Number.isNaN(m)) {
      let pair = 0;
      const r = this.pairBase(a);
      if (r >= 0) for (let c = 0, n = this.pairMatrix.length / this.rowsOfPairs; c < n; c++) pair = Math.max(pair, this.pairMatrix[r + c]!);
      this.fromBounds[a] = m = Math.max(...this.rowFrom(a)) + pair;
    }
    return m;
  }
  private fromBounds = new Float64Array(0);

  /** K features of closed-class state `a` by next tag (see `into`). */
  from(a: number): Float64Array {
    return this.rowFrom(a);
  }

  /**
   * C features (pairs of closed-class morphemes; ~1.3k weights over ~300 morphemes) as a dense
   * matrix over the morphemes that have any: `pairBase(a) + pairCol(b)` indexes `pairMatrix` when
   * both are ≥ 0; otherwise the pair has no weight. Its participants are interned at construction,
   * so states made later never have one.
   */
  readonly pairMatrix: Float64Array;
  private readonly rowsOfPairs: number;
  private readonly pairFirst: Int32Array;
  private readonly pairSecond: Int32Array;

  pairBase(a: number): number {
    return a < this.pairFirst.length ? this.pairFirst[a]! : -1;
  }
  pairCol(b: number): number {
    return b < this.pairSecond.length ? this.pairSecond[b]! : -1;
  }

  /** J features: previous tag → this closed-class state. */
  private rowInto(state: number): Float64Array {
    // Cache hit first: the hot path allocates no closure.
    return this.nextRows[state] ?? this.row(this.nextRows, state, (key, tag) => `J|${tag === T ? 'BOS' : TAGS[tag]}|${key}`);
  }

  /** K features: this closed-class state → next tag. */
  private rowFrom(state: number): Float64Array {
    return this.prevRows[state] ?? this.row(this.prevRows, state, (key, tag) => `K|${key}|${tag === T ? 'EOS' : TAGS[tag]}`);
  }

  /** A closed-class morpheme's weights against every tag (index T: sentence boundary), built on first use. */
  private row(cache: Array<Float64Array | undefined>, state: number, feature: (key: string, tag: number) => string): Float64Array {
    let r = cache[state];
    if (r === undefined) {
      r = new Float64Array(T + 1);
      const m = closedMorph(state);
      const key = `${m.lemma}/${m.tag}`;
      for (let t = 0; t <= T; t++) r[t] = this.w.get(feature(key, t));
      put(cache, state, r);
    }
    return r;
  }

  /** C feature of a closed-class pair (0 when it has no weight). */
  private pair(a: number, b: number): number {
    const r = this.pairBase(a);
    const c = this.pairCol(b);
    return r >= 0 && c >= 0 ? this.pairMatrix[r + c]! : 0;
  }
}

/** `cache` itself when index `i` exists, else a copy grown (at least doubled) with NaN, "not computed", in the new slots. */
function withIndex(cache: Float64Array<ArrayBuffer>, i: number): Float64Array<ArrayBuffer> {
  if (i < cache.length) return cache;
  return grow(cache, Math.max(1024, i + 1, cache.length * 2)).fill(NaN, cache.length);
}

/**
 * Stores `v` at index `i`, first padding the array densely: writing far past the end would make V8
 * keep it as a slow dictionary (these tables are indexed by decoder state, in the thousands).
 */
function put<V>(a: Array<V | undefined>, i: number, v: V): void {
  while (a.length < i) a.push(undefined);
  a[i] = v;
}
