/**
 * Okapi BM25 over term lists (Lucene's IDF, log(1 + (N − df + 0.5) / (df + 0.5)), never negative).
 * Postings are per-term arrays, so a query touches only the documents that share a term with it.
 */
import { KornluError } from '../errors.js';

export interface BM25Params {
  k1?: number;
  b?: number;
}

export interface Scored {
  doc: number;
  score: number;
}

export interface BM25JSON {
  k1: number;
  b: number;
  lengths: number[];
  postings: Record<string, [number[], number[]]>;
}

export class BM25Index {
  readonly k1: number;
  readonly b: number;
  private lengths: number[] = [];
  private postings = new Map<string, { docs: number[]; tfs: number[] }>();
  private total = 0;

  constructor(params: BM25Params = {}) {
    this.k1 = params.k1 ?? 1.2;
    this.b = params.b ?? 0.75;
    if (!(this.k1 >= 0) || !(this.b >= 0 && this.b <= 1)) throw new KornluError('INVALID_ARGUMENT', 'BM25 needs k1 ≥ 0 and 0 ≤ b ≤ 1');
  }

  get size(): number {
    return this.lengths.length;
  }

  /** Adds a document's terms; returns its number. */
  add(terms: readonly string[]): number {
    const doc = this.lengths.length;
    this.lengths.push(terms.length);
    this.total += terms.length;
    const tf = new Map<string, number>();
    for (const t of terms) tf.set(t, (tf.get(t) ?? 0) + 1);
    for (const [t, n] of tf) {
      let p = this.postings.get(t);
      if (!p) this.postings.set(t, (p = { docs: [], tfs: [] }));
      p.docs.push(doc);
      p.tfs.push(n);
    }
    return doc;
  }

  idf(term: string): number {
    const df = this.postings.get(term)?.docs.length ?? 0;
    return Math.log(1 + (this.size - df + 0.5) / (df + 0.5));
  }

  /** The topK documents by BM25 (ties: lower document number first); documents with no shared term are left out. */
  search(terms: readonly string[], topK: number): Scored[] {
    const scores = new Map<number, number>();
    const avg = this.size ? this.total / this.size : 0;
    const qtf = new Map<string, number>();
    for (const t of terms) qtf.set(t, (qtf.get(t) ?? 0) + 1);
    for (const [t, q] of qtf) {
      const p = this.postings.get(t);
      if (!p) continue;
      const idf = this.idf(t);
      for (let i = 0; i < p.docs.length; i++) {
        const d = p.docs[i]!, tf = p.tfs[i]!;
        const norm = this.k1 * (1 - this.b + (this.b * this.lengths[d]!) / (avg || 1));
        scores.set(d, (scores.get(d) ?? 0) + q * idf * ((tf * (this.k1 + 1)) / (tf + norm)));
      }
    }
    return [...scores].map(([doc, score]) => ({ doc, score })).sort((a, b) => b.score - a.score || a.doc - b.doc).slice(0, topK);
  }

  /**
   * The score `terms` would get against a document made of exactly those terms: the most a
   * document can score for this query at that length. Dividing by it puts scores of different
   * queries on one 0…~1 scale, which is what a fallback threshold needs.
   */
  selfScore(terms: readonly string[]): number {
    const avg = this.size ? this.total / this.size : 0;
    const qtf = new Map<string, number>();
    for (const t of terms) qtf.set(t, (qtf.get(t) ?? 0) + 1);
    const norm = this.k1 * (1 - this.b + (this.b * terms.length) / (avg || 1));
    let s = 0;
    for (const [t, q] of qtf) s += q * this.idf(t) * ((q * (this.k1 + 1)) / (q + norm));
    return s;
  }

  toJSON(): BM25JSON {
    const postings: Record<string, [number[], number[]]> = {};
    for (const [t, p] of this.postings) postings[t] = [p.docs, p.tfs];
    return { k1: this.k1, b: this.b, lengths: this.lengths, postings };
  }

  static fromJSON(json: BM25JSON): BM25Index {
    const idx = new BM25Index({ k1: json.k1, b: json.b });
    idx.lengths = [...json.lengths];
    idx.total = idx.lengths.reduce((s, n) => s + n, 0);
    for (const [t, [docs, tfs]] of Object.entries(json.postings)) {
      if (docs.length !== tfs.length || docs.some((d) => !(d >= 0 && d < idx.lengths.length))) throw new KornluError('INVALID_ARGUMENT', `corrupt BM25 postings for term ${JSON.stringify(t)}`);
      idx.postings.set(t, { docs: [...docs], tfs: [...tfs] });
    }
    return idx;
  }
}
