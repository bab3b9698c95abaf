/**
 * Retrieval for IR-style QA and FAQ bots: BM25 over a chosen term unit, dense retrieval (an ONNX
 * encoder's mean-pooled embeddings, or SIF-weighted word vectors), and both fused by reciprocal
 * rank. Indexes save to and load from one JSON object.
 *
 * @example
 * import { pipeline } from 'kornlu/pipelines';
 * const faq = await pipeline('retrieval', undefined, {
 *   documents: [{ text: '배송은 얼마나 걸리나요?', answer: '보통 2~3일 걸립니다.' }, { text: '환불은 어떻게 하나요?', answer: '마이페이지에서 신청하세요.' }],
 * });
 * const [hit] = await faq.search('배송언제와요', { topK: 1 });
 * hit.answer;   // '보통 2~3일 걸립니다.'
 */
import type { KeyedVectors } from '../embeddings/keyed-vectors.js';
import { assertText, KornluError } from '../errors.js';
import type { ModelOptions } from '../hub/load.js';
import type { MorphAnalyzer } from '../morph/analyzer.js';
import { BM25Index, type BM25JSON, type BM25Params, type Scored } from '../retrieval/bm25.js';
import { DenseIndex, sifEmbedder, type Embedder } from '../retrieval/dense.js';
import { reciprocalRankFusion } from '../retrieval/fusion.js';
import { termFunction, TERM_UNITS, type TermFn, type TermUnit } from '../retrieval/terms.js';
import type { SubwordTokenizer } from '../tokenizers/subword/tokenizer.js';
import { FeatureExtractionPipeline } from './feature-extraction.js';

export interface RetrievalDocument {
  id?: string;
  text: string;
  /** What to return for a hit (the FAQ answer); defaults to nothing. */
  answer?: string;
  meta?: Record<string, unknown>;
}

export interface RetrievalHit {
  id: string;
  /** Position of the document in the index. */
  doc: number;
  text: string;
  answer?: string;
  meta?: Record<string, unknown>;
  /** BM25 score, cosine, or fused reciprocal-rank score, by mode. */
  score: number;
}

export type RetrievalMode = 'bm25' | 'dense' | 'hybrid';

export interface RetrievalOptions {
  documents?: readonly RetrievalDocument[];
  /**
   * Term unit for BM25 (default `syllable-bigram`: measured best overall, tying morphemes on
   * KorQuAD and far ahead on unspaced, misspelt chatbot queries; benchmarks/results/retrieval.md).
   */
  unit?: TermUnit;
  analyzer?: MorphAnalyzer;
  tokenizer?: SubwordTokenizer;
  bm25?: BM25Params;
  /** Dense side: a function, a feature-extraction pipeline, or word vectors (SIF). */
  embedder?: Embedder | FeatureExtractionPipeline;
  vectors?: KeyedVectors;
  /** Term unit the word vectors were trained on (default `eojeol`). */
  vectorUnit?: TermUnit;
  /** Reciprocal-rank fusion constant (default 60). */
  fusionK?: number;
}

export interface SearchOptions {
  topK?: number;
  /** Default `hybrid` when there is a dense side, else `bm25`. */
  mode?: RetrievalMode;
  /** Candidates each side contributes to the fusion (default max(50, topK)). */
  candidates?: number;
  /**
   * `bm25` mode: divide scores by the query's self-score (`BM25Index.selfScore`), so they lie on a
   * 0…~1 scale comparable across queries (for thresholds). Default false.
   */
  normalize?: boolean;
}

export interface RetrievalIndexJSON {
  format: 'kornlu-retrieval';
  version: 1;
  unit: TermUnit;
  documents: RetrievalDocument[];
  bm25: BM25JSON;
  dense: { dim: number; vectors: string } | null;
}

export class RetrievalPipeline {
  readonly task = 'retrieval';
  private readonly terms: TermFn;
  private readonly documents: RetrievalDocument[] = [];
  private bm25: BM25Index;
  private dense: DenseIndex | null = null;
  private readonly embed: Embedder | null;
  private readonly owned: FeatureExtractionPipeline | null;

  private constructor(readonly unit: TermUnit, private readonly options: RetrievalOptions, owned: FeatureExtractionPipeline | null) {
    if (!TERM_UNITS.includes(unit)) throw new KornluError('INVALID_ARGUMENT', `unknown unit ${JSON.stringify(unit)}; expected ${TERM_UNITS.join(', ')}`);
    this.terms = termFunction({ unit, ...(options.analyzer ? { analyzer: options.analyzer } : {}), ...(options.tokenizer ? { tokenizer: options.tokenizer } : {}) });
    this.bm25 = new BM25Index(options.bm25);
    this.owned = owned;
    const e = owned ?? options.embedder;
    this.embed = e instanceof FeatureExtractionPipeline ? (t) => e.run(t) : e ?? null;
  }

  /**
   * A retriever; with `model`, that encoder (feature-extraction) is the dense side. Documents
   * given in options are indexed at once.
   */
  static async load(model: string | undefined, options: ModelOptions & RetrievalOptions = {}): Promise<RetrievalPipeline> {
    const owned = model === undefined ? null : await FeatureExtractionPipeline.load(model, options);
    const r = await RetrievalPipeline.create({ ...options, ...(options.vectors && !owned ? { embedder: RetrievalPipeline.sif(options) } : {}) }, owned);
    return r;
  }

  private static sif(options: RetrievalOptions): Embedder {
    const kv = options.vectors!;
    const terms = termFunction({ unit: options.vectorUnit ?? 'eojeol', ...(options.analyzer ? { analyzer: options.analyzer } : {}), ...(options.tokenizer ? { tokenizer: options.tokenizer } : {}) });
    return sifEmbedder(kv, terms);
  }

  private static async create(options: RetrievalOptions, owned: FeatureExtractionPipeline | null): Promise<RetrievalPipeline> {
    const r = new RetrievalPipeline(options.unit ?? 'syllable-bigram', options, owned);
    if (options.documents) await r.add(options.documents);
    return r;
  }

  get size(): number {
    return this.documents.length;
  }

  /** Indexes more documents (embedding them when there is a dense side). */
  async add(documents: readonly RetrievalDocument[]): Promise<void> {
    documents.forEach((d, i) => {
      if (d === null || typeof d !== 'object') throw new KornluError('INVALID_ARGUMENT', `documents[${i}] must be { text, answer?, id? }`);
      assertText(d.text, `documents[${i}].text`);
    });
    const vectors = this.embed ? await this.embed(documents.map((d) => d.text)) : null;
    documents.forEach((d, i) => {
      const n = this.documents.length;
      this.documents.push({ ...d, id: d.id ?? String(n) });
      this.bm25.add(this.terms(d.text));
      if (vectors) {
        this.dense ??= new DenseIndex(vectors[i]!.length, Math.max(64, documents.length));
        this.dense.add(vectors[i]!);
      }
    });
  }

  async search(query: string, options: SearchOptions = {}): Promise<RetrievalHit[]> {
    assertText(query, 'query');
    const topK = options.topK ?? 5;
    if (!Number.isInteger(topK) || topK < 1) throw new KornluError('INVALID_ARGUMENT', `topK must be a positive integer, got ${topK}`);
    const mode = options.mode ?? (this.embed ? 'hybrid' : 'bm25');
    if (mode !== 'bm25' && !this.embed) throw new KornluError('INVALID_ARGUMENT', `mode "${mode}" needs a dense side: pass a model, an embedder or word vectors`);
    const candidates = Math.max(options.candidates ?? 50, topK);
    let ranked: Scored[];
    if (mode === 'bm25') {
      const terms = this.terms(query);
      ranked = this.bm25.search(terms, topK);
      if (options.normalize) {
        const self = this.bm25.selfScore(terms);
        ranked = ranked.map((r) => ({ doc: r.doc, score: self > 0 ? r.score / self : 0 }));
      }
    }
    else {
      const [q] = await this.embed!([query]);
      const dense = this.dense ? this.dense.search(q!, mode === 'dense' ? topK : candidates) : [];
      ranked = mode === 'dense' ? dense : reciprocalRankFusion([this.bm25.search(this.terms(query), candidates), dense], this.options.fusionK ?? 60);
    }
    return ranked.slice(0, topK).map(({ doc, score }) => {
      const d = this.documents[doc]!;
      return { id: d.id!, doc, text: d.text, score, ...(d.answer !== undefined ? { answer: d.answer } : {}), ...(d.meta ? { meta: d.meta } : {}) };
    });
  }

  /** The whole index as JSON (documents, BM25 postings, dense vectors as base64 float32). */
  toJSON(): RetrievalIndexJSON {
    return {
      format: 'kornlu-retrieval',
      version: 1,
      unit: this.unit,
      documents: this.documents,
      bm25: this.bm25.toJSON(),
      dense: this.dense ? { dim: this.dense.dim, vectors: this.dense.toBase64() } : null,
    };
  }

  /**
   * Restores a saved index. The dense side needs the same embedder (or model) it was built with;
   * without one, only `bm25` search works.
   */
  static async fromJSON(json: unknown, options: ModelOptions & RetrievalOptions & { model?: string } = {}): Promise<RetrievalPipeline> {
    const j = json as RetrievalIndexJSON;
    if (!j || j.format !== 'kornlu-retrieval' || j.version !== 1 || !Array.isArray(j.documents)) {
      throw new KornluError('INVALID_ARGUMENT', 'not a kornlu retrieval index (format kornlu-retrieval, version 1)');
    }
    const owned = options.model === undefined ? null : await FeatureExtractionPipeline.load(options.model, options);
    const r = new RetrievalPipeline(j.unit, { ...options, ...(options.vectors && !owned ? { embedder: RetrievalPipeline.sif(options) } : {}) }, owned);
    r.documents.push(...j.documents);
    r.bm25 = BM25Index.fromJSON(j.bm25);
    if (r.bm25.size !== j.documents.length) throw new KornluError('INVALID_ARGUMENT', `index has ${j.documents.length} documents but ${r.bm25.size} BM25 rows`);
    if (j.dense) {
      r.dense = DenseIndex.fromBase64(j.dense.dim, j.dense.vectors);
      if (r.dense.size !== j.documents.length) throw new KornluError('INVALID_ARGUMENT', `index has ${j.documents.length} documents but ${r.dense.size} vectors`);
    }
    return r;
  }

  /** Frees the encoder this retriever loaded itself (not one passed in). */
  async dispose(): Promise<void> {
    await this.owned?.dispose();
  }
}


