/**
 * The scoring model: a linear model over sparse features of a path through the lattice (lexical
 * identity, prior from corpus frequency, tag transitions inside and across eojeols, closed-class
 * contexts, contraction rules, unknown-word shapes). Weights are learned with an averaged
 * structured perceptron (scripts/morph/train.ts); decoding maximizes the total.
 */
import { makeMorph, type Morph } from './dict/lexicon.js';
import { isClosedClass, TAG_ID } from './tags.js';

export type Features = Map<string, number>;

export function addFeature(f: Features, key: string, value = 1): void {
  f.set(key, (f.get(key) ?? 0) + value);
}

export const PRIOR = 'P';
export const PRIOR_SCALE = 0.1;

const keyOf = (m: Morph) => `${m.lemma}/${m.tag}`;

/** Features of one morpheme on its own. */
export function morphFeatures(f: Features, m: Morph): void {
  addFeature(f, `L|${keyOf(m)}`);
  addFeature(f, `T|${m.tag}`);
}

/**
 * Features of the transition from morpheme `a` (null at the start) to `b` (null at the end);
 * `space` when whitespace separates them.
 */
export function transitionFeatures(f: Features, a: Morph | null, b: Morph | null, space: boolean): void {
  const ta = a ? a.tag : 'BOS';
  const tb = b ? b.tag : 'EOS';
  addFeature(f, `B|${ta}|${tb}|${space ? 1 : 0}`);
  if (b && isClosedClass(b.tag)) addFeature(f, `J|${ta}|${keyOf(b)}`);
  if (a && isClosedClass(a.tag)) addFeature(f, `K|${keyOf(a)}|${tb}`);
  if (a && b && isClosedClass(a.tag) && isClosedClass(b.tag)) addFeature(f, `C|${keyOf(a)}|${keyOf(b)}`);
}

export class Weights {
  /** The weights by feature name; change them with `set`, which keeps `pairs` current. */
  readonly w = new Map<string, number>();
  /**
   * Every C feature (closed-class pair) ever set, as [name, first state, second state]: the scorer
   * builds its pair matrix from this list instead of scanning all weights.
   */
  readonly pairs: Array<[string, number, number]> = [];
  constructor(init?: Record<string, number>) {
    if (init) for (const [k, v] of Object.entries(init)) this.set(k, v);
    if (!this.w.has(PRIOR)) this.set(PRIOR, 1);
  }
  get(k: string): number {
    return this.w.get(k) ?? 0;
  }
  set(k: string, v: number): void {
    if (!this.w.has(k) && k.startsWith('C|')) {
      const m = PAIR_KEY.exec(k);
      const a = m ? closedState(m[1]!) : -1;
      const b = m ? closedState(m[2]!) : -1;
      // Pairs of morphemes that are not closed-class are never looked up.
      if (a >= 0 && b >= 0) this.pairs.push([k, a, b]);
    }
    this.w.set(k, v);
  }
  score(f: Features): number {
    let s = 0;
    for (const [k, v] of f) s += (this.w.get(k) ?? 0) * v;
    return s;
  }
  toJSON(): Record<string, number> {
    const o: Record<string, number> = {};
    for (const [k, v] of [...this.w.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))) if (v !== 0) o[k] = +v.toFixed(4);
    return o;
  }
}

const PAIR_KEY = /^C\|(.+?\/[A-Z]+)\|(.+\/[A-Z]+)$/;

/** The decoder state of a closed-class morpheme named `lemma/TAG`, or -1. */
function closedState(name: string): number {
  const slash = name.lastIndexOf('/');
  const tag = name.slice(slash + 1);
  const tagId = TAG_ID.get(tag);
  return slash > 0 && tagId !== undefined && isClosedClass(tag) ? makeMorph(name.slice(0, slash), tag, tagId).state : -1;
}
