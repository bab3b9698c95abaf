/**
 * The scoring model: a linear model over sparse features of a path through the lattice (lexical
 * identity, prior from corpus frequency, tag transitions inside and across eojeols, closed-class
 * contexts, contraction rules, unknown-word shapes). Weights are learned with an averaged
 * structured perceptron (scripts/morph/train.ts); decoding maximizes the total.
 */
import type { Morph } from './dict/lexicon.js';
import { isClosedClass } from './tags.js';

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
  readonly w = new Map<string, number>();
  constructor(init?: Record<string, number>) {
    if (init) for (const [k, v] of Object.entries(init)) this.w.set(k, v);
    if (!this.w.has(PRIOR)) this.w.set(PRIOR, 1);
  }
  get(k: string): number {
    return this.w.get(k) ?? 0;
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
