/**
 * Scores lattice nodes and transitions under fixed weights. Inference caches everything by integer
 * keys (entry ids, interned decoder states); training builds the feature maps the perceptron
 * updates, and scores from them.
 */
import type { Entry, Morph } from './dict/lexicon.js';
import { FLAG_DERIVED, FLAG_VARIANT } from './dict/lexicon.js';
import { addFeature, morphFeatures, PRIOR, PRIOR_SCALE, transitionFeatures, type Features, type Weights } from './model.js';
import { TAGS } from './tags.js';

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

export function unknownFeatures(f: Features, kind: string, tag: string, len: number): void {
  addFeature(f, `T|${tag}`);
  addFeature(f, `U|${kind}|${tag}|${Math.min(len, 6)}`);
  if (kind === 'hangul') addFeature(f, PRIOR, -UNKNOWN_PRIOR * PRIOR_SCALE * len);
}

const T = TAGS.length; // index T stands for BOS (as previous) and EOS (as next)

export class Scorer {
  private readonly entryScores = new Map<number, number>();
  private readonly trans = new Map<number, number>();
  private readonly misc = new Map<string, number>();
  // Inference: transitions split into a dense tag table and per-closed-morpheme rows.
  private readonly tagTable: Float64Array | null = null;
  private readonly prevRows: Array<Float64Array | undefined> = [];
  private readonly nextRows: Array<Float64Array | undefined> = [];

  constructor(
    readonly w: Weights,
    /** Build feature maps for each node (training); otherwise cache scores. */
    readonly training: boolean,
  ) {
    if (!training) {
      const t = new Float64Array((T + 1) * (T + 1) * 2);
      const name = (i: number, end: 'BOS' | 'EOS') => (i === T ? end : TAGS[i]!);
      for (let a = 0; a <= T; a++) for (let b = 0; b <= T; b++) for (let sp = 0; sp < 2; sp++) {
        t[(a * (T + 1) + b) * 2 + sp] = w.get(`B|${name(a, 'BOS')}|${name(b, 'EOS')}|${sp}`);
      }
      this.tagTable = t;
    }
  }

  entry(e: Entry): number {
    let s = this.entryScores.get(e.id);
    if (s === undefined) {
      const f: Features = new Map();
      entryFeatures(f, e);
      s = this.w.score(f);
      if (!this.training) this.entryScores.set(e.id, s);
    }
    return s;
  }

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
    const table = this.tagTable;
    if (table === null) return this.cachedTransition(a, b, space);
    const ta = a ? a.tagId : T;
    const tb = b ? b.tagId : T;
    let s = table[(ta * (T + 1) + tb) * 2 + (space ? 1 : 0)]!;
    const ca = a !== null && a.state > T;
    const cb = b !== null && b.state > T;
    if (cb) s += this.rowInto(b!)[ta]!;
    if (ca) s += this.rowFrom(a!)[tb]!;
    if (ca && cb) s += this.pair(a!, b!);
    return s;
  }

  /** J features: previous tag → this closed-class morpheme. */
  private rowInto(m: Morph): Float64Array {
    // Cache hit first: the hot path allocates no closure.
    return this.nextRows[m.state] ?? this.row(this.nextRows, m, (key, tag) => `J|${tag === T ? 'BOS' : TAGS[tag]}|${key}`);
  }

  /** K features: this closed-class morpheme → next tag. */
  private rowFrom(m: Morph): Float64Array {
    return this.prevRows[m.state] ?? this.row(this.prevRows, m, (key, tag) => `K|${key}|${tag === T ? 'EOS' : TAGS[tag]}`);
  }

  /** A morpheme's weights against every tag (index T: sentence boundary), built on first use. */
  private row(cache: Array<Float64Array | undefined>, m: Morph, feature: (key: string, tag: number) => string): Float64Array {
    let r = cache[m.state];
    if (r === undefined) {
      r = new Float64Array(T + 1);
      const key = `${m.lemma}/${m.tag}`;
      for (let t = 0; t <= T; t++) r[t] = this.w.get(feature(key, t));
      cache[m.state] = r;
    }
    return r;
  }

  /** C feature: closed-class morpheme pair, cached in a row per first morpheme (NaN = not yet looked up). */
  private pair(a: Morph, b: Morph): number {
    let row = this.pairRows[a.state];
    if (row === undefined || b.state >= row.length) {
      const grown = new Float64Array(Math.max(64, b.state + 1, (row?.length ?? 0) * 2)).fill(NaN);
      if (row) grown.set(row);
      this.pairRows[a.state] = row = grown;
    }
    let s = row[b.state]!;
    if (Number.isNaN(s)) row[b.state] = s = this.w.get(`C|${a.lemma}/${a.tag}|${b.lemma}/${b.tag}`);
    return s;
  }
  private readonly pairRows: Array<Float64Array | undefined> = [];

  /** Training: transition features scored from the current weights, cached by decoder states. */
  private cachedTransition(a: Morph | null, b: Morph | null, space: boolean): number {
    const sa = a ? a.state + 1 : 0;
    const sb = b ? b.state + 1 : 0;
    // Small-integer keys hash fastest; states beyond the bound (never seen in practice) use a slow path.
    const key = sa < STATE_BOUND && sb < STATE_BOUND ? (sa * STATE_BOUND + sb) * 2 + (space ? 1 : 0) : -1;
    let s = key >= 0 ? this.trans.get(key) : undefined;
    if (s === undefined) {
      const f: Features = new Map();
      transitionFeatures(f, a, b, space);
      s = this.w.score(f);
      if (key >= 0) this.trans.set(key, s);
    }
    return s;
  }
}

const STATE_BOUND = 16384 * 2;
