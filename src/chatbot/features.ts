/**
 * Frozen features for light heads. A featurizer cuts a text into units (morphemes or eojeols,
 * each with its span in the text) and turns lists of units into fixed-size vectors. Keeping the
 * two steps apart lets explanations drop one unit at a time without re-analysing the text.
 *
 * @example
 * import { loadMorphAnalyzer, loadVectors } from 'kornlu/node';
 * import { wordVectorFeaturizer } from 'kornlu/chatbot';
 * const f = wordVectorFeaturizer(await loadVectors(), { analyzer: await loadMorphAnalyzer() });
 * const [x] = await f.embed([f.units('배송 언제 와요?')]);
 */
import { normalizeInPlace, type KeyedVectors } from '../embeddings/keyed-vectors.js';
import { assertText, KornluError } from '../errors.js';
import { fnv1a } from '../hash.js';
import type { MorphAnalyzer } from '../morph/analyzer.js';
import type { FeatureExtractionPipeline } from '../pipelines/feature-extraction.js';

/** A piece of the input that features are made from and explanations point at. */
export interface FeatureUnit {
  text: string;
  /** UTF-16 offsets into the original text. */
  start: number;
  end: number;
  /** Lookup key: the lemma for morphemes, the lower-cased eojeol otherwise. */
  key: string;
  /** POS tag, for morpheme units. */
  tag?: string;
}

/** What a saved head records about its featurizer, so it is never used with another one. */
export interface FeaturizerSpec {
  kind: string;
  dim: number;
  [option: string]: string | number | boolean | string[];
}

export interface Featurizer {
  readonly dim: number;
  readonly spec: FeaturizerSpec;
  units(text: string): FeatureUnit[];
  embed(units: ReadonlyArray<readonly FeatureUnit[]>): Promise<Float32Array[]>;
}

/** Feature vectors of whole texts. */
export async function featurize(f: Featurizer, texts: readonly string[]): Promise<Float32Array[]> {
  return f.embed(texts.map((t) => f.units(t)));
}

export type Pooling = 'mean' | 'max' | 'tail';

export interface WordVectorFeaturizerOptions {
  /** Morpheme units (lemmas, what ko-w2v is trained on) need an analyzer; without one, eojeols. */
  analyzer?: MorphAnalyzer;
  /**
   * Blocks of the vector, each `kv.dim` wide: `mean` and `max` over unit vectors, `tail` the mean of
   * the last two content-bearing units (sentence endings carry the speech act in Korean).
   * Default all three.
   */
  pooling?: readonly Pooling[];
  /**
   * Extra hashed bag of `lemma/tag` keys plus the final morpheme and punctuation, this many buckets
   * (default 1024; 0 turns it off). It catches what the vectors miss: punctuation, rare endings.
   */
  hashBuckets?: number;
}

const PUNCT = /^[\p{P}\p{S}]+$/u;
/** Nouns, verbs, adjectives, adverbs, roots, foreign words and numbers. */
const CONTENT = /^(N|V[VA]|M|XR|S[LHN])/;

/**
 * Pooled word vectors (plus an optional hashed bag of morphemes). Each block is scaled to unit
 * length so no block dominates the head's first layer.
 */
export function wordVectorFeaturizer(kv: KeyedVectors, options: WordVectorFeaturizerOptions = {}): Featurizer {
  const pooling = [...(options.pooling ?? ['mean', 'max', 'tail'])];
  const buckets = options.hashBuckets ?? 1024;
  for (const p of pooling) if (!['mean', 'max', 'tail'].includes(p)) throw new KornluError('INVALID_ARGUMENT', `unknown pooling ${JSON.stringify(p)}`);
  if (!Number.isInteger(buckets) || buckets < 0) throw new KornluError('INVALID_ARGUMENT', 'hashBuckets must be a non-negative integer');
  if (pooling.length === 0 && buckets === 0) throw new KornluError('INVALID_ARGUMENT', 'a featurizer needs at least one pooling or hashBuckets > 0');
  const analyzer = options.analyzer;
  const d = kv.dim;
  const dim = pooling.length * d + buckets;
  const unit = analyzer ? 'morpheme' : 'eojeol';

  const units = (text: string): FeatureUnit[] => {
    assertText(text);
    if (analyzer) return analyzer.analyze(text).map((m) => ({ text: text.slice(m.start, m.end), start: m.start, end: m.end, key: m.lemma, tag: m.tag }));
    return eojeolUnits(text);
  };

  const one = (us: readonly FeatureUnit[]): Float32Array => {
    const x = new Float32Array(dim);
    const rows: number[] = [];
    const contentRows: number[] = [];
    for (const u of us) {
      const i = kv.index.get(u.key) ?? kv.index.get(u.key.toLowerCase());
      if (i === undefined) continue;
      rows.push(i);
      if (CONTENT.test(u.tag ?? 'N')) contentRows.push(i);
    }
    // Topic pooling looks at content morphemes (particles and endings would blur it); the tail sees all.
    const topic = contentRows.length ? contentRows : rows;
    let off = 0;
    for (const p of pooling) {
      const block = x.subarray(off, off + d);
      if (p === 'mean') for (const r of topic) addRow(block, kv.vectors, r * d, 1);
      else if (p === 'max') maxRows(block, kv.vectors, topic, d);
      else for (const r of rows.slice(-2)) addRow(block, kv.vectors, r * d, 1);
      normalizeInPlace(block);
      off += d;
    }
    if (buckets) {
      const block = x.subarray(off);
      for (const u of us) block[fnv1a(`${u.key}/${u.tag ?? ''}`) % buckets]! += 1;
      const content = us.filter((u) => !PUNCT.test(u.text));
      const last = content[content.length - 1];
      if (last) block[fnv1a(`$end:${last.key}/${last.tag ?? ''}`) % buckets]! += 1;
      const final = us[us.length - 1];
      if (final && PUNCT.test(final.text)) block[fnv1a(`$punct:${final.text}`) % buckets]! += 1;
      normalizeInPlace(block);
    }
    return x;
  };

  return {
    dim,
    spec: { kind: 'word-vectors', dim, unit, pooling, hashBuckets: buckets, vectorDim: d, vocabulary: kv.size },
    units,
    embed: async (list) => list.map(one),
  };
}

/**
 * Sentence embeddings from an ONNX encoder (`feature-extraction`) as features. Units are eojeols;
 * a list of units is embedded as their texts joined by spaces.
 */
export async function encoderFeaturizer(encoder: FeatureExtractionPipeline, options: { pooling?: 'mean' | 'cls'; model?: string } = {}): Promise<Featurizer> {
  const pooling = options.pooling ?? 'mean';
  const probe = await encoder.run('가', { pooling });
  return {
    dim: probe.length,
    spec: { kind: 'encoder', dim: probe.length, pooling, model: options.model ?? 'unknown' },
    units: eojeolUnits,
    embed: (list) => encoder.run(list.map((us) => us.map((u) => u.text).join(' ')), { pooling }),
  };
}

function eojeolUnits(text: string): FeatureUnit[] {
  assertText(text);
  const out: FeatureUnit[] = [];
  for (const m of text.matchAll(/\S+/gu)) out.push({ text: m[0], start: m.index, end: m.index + m[0].length, key: m[0].toLowerCase() });
  return out;
}

function addRow(out: Float32Array, data: Float32Array, off: number, scale: number): void {
  for (let k = 0; k < out.length; k++) out[k]! += scale * data[off + k]!;
}

function maxRows(out: Float32Array, data: Float32Array, rows: readonly number[], d: number): void {
  if (rows.length === 0) return;
  out.set(data.subarray(rows[0]! * d, rows[0]! * d + d));
  for (const r of rows) for (let k = 0; k < d; k++) out[k] = Math.max(out[k]!, data[r * d + k]!);
}

