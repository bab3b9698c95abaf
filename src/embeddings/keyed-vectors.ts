/**
 * KeyedVectors: word vectors and what people do with them — similarity, nearest neighbours,
 * analogies (3CosAdd, 3CosMul), odd-one-out. Browser-safe; formats live in `formats.ts`.
 *
 * @example
 * kv.mostSimilar(['삼성', 'LG전자'], { negative: ['LG'], topK: 1 }); // [['삼성전자', 0.71]]
 */
import { KornluError } from '../errors.js';

export interface Neighbour {
  word: string;
  score: number;
}

export interface SimilarOptions {
  negative?: string[];
  topK?: number;
  /** Search only the `restrictVocab` most frequent words (the vocabulary is frequency-ordered). */
  restrictVocab?: number;
}

export class KeyedVectors {
  readonly words: string[];
  readonly vectors: Float32Array;
  readonly dim: number;
  readonly counts: Float64Array | null;
  readonly index: Map<string, number>;
  private unit: Float32Array | null = null;

  constructor(words: string[], vectors: Float32Array, dim: number, counts: ArrayLike<number> | null = null) {
    if (!Number.isInteger(dim) || dim < 1) throw new KornluError('INVALID_ARGUMENT', 'KeyedVectors: dim must be a positive integer');
    if (vectors.length !== words.length * dim) {
      throw new KornluError('INVALID_ARGUMENT', `KeyedVectors: ${words.length} words × ${dim} dims needs ${words.length * dim} values, got ${vectors.length}`);
    }
    this.words = words;
    this.vectors = vectors;
    this.dim = dim;
    this.counts = counts ? Float64Array.from(counts) : null;
    this.index = new Map(words.map((w, i) => [w, i]));
  }

  get size(): number {
    return this.words.length;
  }

  has(word: string): boolean {
    return this.index.has(word);
  }

  /** The vector of a word (a view; copy it before changing it). */
  get(word: string): Float32Array {
    const i = this.index.get(word);
    if (i === undefined) throw new KornluError('INVALID_ARGUMENT', `"${word}" is not in the vocabulary`);
    return this.vectors.subarray(i * this.dim, (i + 1) * this.dim);
  }

  /** Unit-length copies of all vectors (computed once). */
  normalized(): Float32Array {
    if (this.unit) return this.unit;
    const u = new Float32Array(this.vectors.length);
    const d = this.dim;
    for (let i = 0; i < this.size; i++) {
      let n = 0;
      for (let k = 0; k < d; k++) n += this.vectors[i * d + k]! ** 2;
      const inv = n > 0 ? 1 / Math.sqrt(n) : 0;
      for (let k = 0; k < d; k++) u[i * d + k] = this.vectors[i * d + k]! * inv;
    }
    return (this.unit = u);
  }

  private unitOf(word: string): Float32Array {
    const i = this.index.get(word);
    if (i === undefined) throw new KornluError('INVALID_ARGUMENT', `"${word}" is not in the vocabulary`);
    return this.normalized().subarray(i * this.dim, (i + 1) * this.dim);
  }

  similarity(a: string, b: string): number {
    const x = this.unitOf(a);
    const y = this.unitOf(b);
    let s = 0;
    for (let k = 0; k < this.dim; k++) s += x[k]! * y[k]!;
    return s;
  }

  /** Cosine similarity of every word to a unit query vector. */
  private scores(query: Float32Array, limit: number): Float32Array {
    const u = this.normalized();
    const d = this.dim;
    const out = new Float32Array(limit);
    for (let i = 0; i < limit; i++) {
      let s = 0;
      const o = i * d;
      for (let k = 0; k < d; k++) s += u[o + k]! * query[k]!;
      out[i] = s;
    }
    return out;
  }

  /**
   * Words closest to the mean of `positive` minus `negative` unit vectors (gensim's most_similar,
   * i.e. 3CosAdd for analogies). Input words are excluded from the answer.
   */
  mostSimilar(positive: string[], options: SimilarOptions = {}): Neighbour[] {
    const negative = options.negative ?? [];
    if (positive.length + negative.length === 0) throw new KornluError('INVALID_ARGUMENT', 'mostSimilar needs at least one word');
    const q = new Float32Array(this.dim);
    for (const w of positive) this.unitOf(w).forEach((v, k) => (q[k]! += v));
    for (const w of negative) this.unitOf(w).forEach((v, k) => (q[k]! -= v));
    normalizeInPlace(q);
    const limit = Math.min(this.size, options.restrictVocab ?? this.size);
    const s = this.scores(q, limit);
    const exclude = new Set([...positive, ...negative].map((w) => this.index.get(w)!));
    return topK(s, options.topK ?? 10, exclude).map(([i, score]) => ({ word: this.words[i]!, score }));
  }

  /**
   * a : b :: c : ?  (`analogy('남자', '여자', '왕')` → 여왕). `method` 3CosAdd (default) or 3CosMul
   * (Levy & Goldberg 2014).
   */
  analogy(a: string, b: string, c: string, options: { method?: '3CosAdd' | '3CosMul'; topK?: number; restrictVocab?: number } = {}): Neighbour[] {
    if ((options.method ?? '3CosAdd') === '3CosAdd') {
      return this.mostSimilar([b, c], { negative: [a], topK: options.topK ?? 1, ...(options.restrictVocab !== undefined ? { restrictVocab: options.restrictVocab } : {}) });
    }
    const limit = Math.min(this.size, options.restrictVocab ?? this.size);
    // Cosines shifted to [0, 1] as Levy & Goldberg do.
    const sa = this.scores(this.unitOf(a), limit);
    const sb = this.scores(this.unitOf(b), limit);
    const sc = this.scores(this.unitOf(c), limit);
    const out = new Float32Array(limit);
    for (let i = 0; i < limit; i++) out[i] = (((sb[i]! + 1) / 2) * ((sc[i]! + 1) / 2)) / ((sa[i]! + 1) / 2 + 1e-3);
    const exclude = new Set([a, b, c].map((w) => this.index.get(w)!));
    return topK(out, options.topK ?? 1, exclude).map(([i, score]) => ({ word: this.words[i]!, score }));
  }

  /** The word least like the others (farthest from their mean). */
  doesntMatch(words: string[]): string {
    const known = words.filter((w) => this.has(w));
    if (known.length < 2) throw new KornluError('INVALID_ARGUMENT', 'doesntMatch needs at least two known words');
    const mean = new Float32Array(this.dim);
    for (const w of known) this.unitOf(w).forEach((v, k) => (mean[k]! += v));
    normalizeInPlace(mean);
    let worst = known[0]!;
    let worstScore = Infinity;
    for (const w of known) {
      const u = this.unitOf(w);
      let s = 0;
      for (let k = 0; k < this.dim; k++) s += u[k]! * mean[k]!;
      if (s < worstScore) {
        worstScore = s;
        worst = w;
      }
    }
    return worst;
  }
}

/** Scales `v` to unit length in place (a zero vector stays zero). */
export function normalizeInPlace(v: Float32Array): Float32Array {
  let n = 0;
  for (const x of v) n += x * x;
  const inv = n > 0 ? 1 / Math.sqrt(n) : 0;
  for (let k = 0; k < v.length; k++) v[k]! *= inv;
  return v;
}

function topK(scores: Float32Array, k: number, exclude: Set<number>): Array<[number, number]> {
  const best: Array<[number, number]> = [];
  for (let i = 0; i < scores.length; i++) {
    if (exclude.has(i)) continue;
    const s = scores[i]!;
    if (best.length < k) {
      best.push([i, s]);
      best.sort((x, y) => y[1] - x[1]);
    } else if (s > best[k - 1]![1]) {
      best[k - 1] = [i, s];
      best.sort((x, y) => y[1] - x[1]);
    }
  }
  return best;
}
