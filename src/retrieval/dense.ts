/**
 * Dense retrieval: unit vectors in one flat matrix, searched by dot product (= cosine).
 * Embedders: an ONNX encoder (the feature-extraction pipeline), or SIF-weighted word vectors
 * (Arora et al. 2017: weight a / (a + p(w)), then the first principal component removed).
 */
import { base64ToFloat32, float32ToBase64 } from '../base64.js';
import { KornluError } from '../errors.js';
import { normalizeInPlace, type KeyedVectors } from '../embeddings/keyed-vectors.js';
import type { Scored } from './bm25.js';
import type { TermFn } from './terms.js';

/** Turns texts into vectors (any length, same dimension for all). */
export type Embedder = (texts: readonly string[]) => Promise<Float32Array[]>;

const unit = (v: Float32Array) => normalizeInPlace(Float32Array.from(v));

export class DenseIndex {
  private data: Float32Array;
  private count = 0;

  constructor(readonly dim: number, capacity = 64) {
    if (!Number.isInteger(dim) || dim < 1) throw new KornluError('INVALID_ARGUMENT', 'dense index needs a positive dimension');
    this.data = new Float32Array(dim * capacity);
  }

  get size(): number {
    return this.count;
  }

  add(vector: Float32Array): number {
    if (vector.length !== this.dim) throw new KornluError('MODEL_MISMATCH', `vector has ${vector.length} dimensions, the index ${this.dim}`);
    if ((this.count + 1) * this.dim > this.data.length) {
      const bigger = new Float32Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data.set(unit(vector), this.count * this.dim);
    return this.count++;
  }

  search(query: Float32Array, topK: number): Scored[] {
    if (query.length !== this.dim) throw new KornluError('MODEL_MISMATCH', `query vector has ${query.length} dimensions, the index ${this.dim}`);
    const q = unit(query);
    const out: Scored[] = [];
    for (let d = 0; d < this.count; d++) {
      let s = 0;
      const o = d * this.dim;
      for (let k = 0; k < this.dim; k++) s += q[k]! * this.data[o + k]!;
      out.push({ doc: d, score: s });
    }
    return out.sort((a, b) => b.score - a.score || a.doc - b.doc).slice(0, topK);
  }

  /** Vectors as little-endian float32 bytes, base64 (for JSON index files). */
  toBase64(): string {
    return float32ToBase64(this.data.subarray(0, this.count * this.dim));
  }

  static fromBase64(dim: number, b64: string): DenseIndex {
    let data: Float32Array;
    try {
      data = base64ToFloat32(b64);
    } catch (e) {
      throw new KornluError('INVALID_ARGUMENT', `corrupt dense vectors: ${(e as Error).message}`, { cause: e });
    }
    if (data.length % dim !== 0) throw new KornluError('INVALID_ARGUMENT', 'dense vectors do not divide into the stated dimension');
    const idx = new DenseIndex(dim, Math.max(1, data.length / dim));
    idx.data.set(data);
    idx.count = data.length / dim;
    return idx;
  }
}

export interface SifOptions {
  /** SIF smoothing a (default 1e-3). */
  a?: number;
  /** Subtract the projection on this unit vector (the first principal component of the corpus). */
  removeDirection?: Float32Array;
}

/**
 * SIF sentence vectors from word vectors. Word probabilities come from the vectors' counts when the
 * file has them, otherwise from Zipf's law on the vocabulary rank (vocabularies are sorted by count).
 */
export function sifEmbedder(kv: KeyedVectors, terms: TermFn, options: SifOptions = {}): Embedder {
  const a = options.a ?? 1e-3;
  const n = kv.size;
  let total = 0;
  if (kv.counts) for (const c of kv.counts) total += c;
  const harmonic = Math.log(n) + 0.5772;
  const prob = (i: number) => (kv.counts && total > 0 ? kv.counts[i]! / total : 1 / ((i + 1) * harmonic));
  const dir = options.removeDirection;
  return async (texts) =>
    texts.map((text) => {
      const v = new Float32Array(kv.dim);
      let used = 0;
      for (const t of terms(text)) {
        const i = kv.index.get(t);
        if (i === undefined) continue;
        const w = a / (a + prob(i));
        const row = kv.vectors.subarray(i * kv.dim, (i + 1) * kv.dim);
        for (let k = 0; k < kv.dim; k++) v[k]! += w * row[k]!;
        used++;
      }
      if (used > 0) for (let k = 0; k < kv.dim; k++) v[k] = v[k]! / used;
      if (dir) {
        let p = 0;
        for (let k = 0; k < kv.dim; k++) p += v[k]! * dir[k]!;
        for (let k = 0; k < kv.dim; k++) v[k] = v[k]! - p * dir[k]!;
      }
      return v;
    });
}

/** The first principal component of a set of vectors (power iteration), for SIF's common-direction removal. */
export function firstComponent(vectors: readonly Float32Array[], iterations = 50): Float32Array {
  const dim = vectors[0]?.length ?? 0;
  let u: Float32Array = new Float32Array(dim).fill(1 / Math.sqrt(Math.max(1, dim)));
  for (let it = 0; it < iterations; it++) {
    const next = new Float32Array(dim);
    for (const v of vectors) {
      let p = 0;
      for (let k = 0; k < dim; k++) p += v[k]! * u[k]!;
      for (let k = 0; k < dim; k++) next[k]! += p * v[k]!;
    }
    u = unit(next);
  }
  return u;
}
