/**
 * Text classification (sentiment, intent): batched, top-k, labels from config.json's id2label,
 * softmax for single-label models and sigmoid for multi-label ones.
 *
 * @example
 * import { pipeline } from 'kornlu/pipelines';
 * const clf = await pipeline('text-classification', './models/ko-sentiment');
 * await clf.run('배송이 너무 늦어서 실망했습니다.');        // [{ label: '부정', score: 0.97 }]
 * await clf.run(['최고예요', '별로'], { topK: 2 });          // two lists of two labels
 *
 * A model folder may add an n-gram head (config.json `kornlu_ngram_head`: `{ file, weight,
 * encoderWeight }`): the scores are `encoderWeight` × the encoder's log-probabilities + `weight` ×
 * the head's (`./classify/ngram-head.ts`), both weights fit on validation data (stacking).
 */
import { KornluError } from '../errors.js';
import { gunzipBytes } from '../gzip.js';
import { loadModel, type LoadedModel, type ModelOptions } from '../hub/load.js';
import { Pipeline, type RunOptions } from './base.js';
import { NgramHead } from './classify/ngram-head.js';
import { floatOutput, logSoftmax, softmax } from './tensors.js';

export interface ClassifyOptions extends RunOptions {
  /** Labels per text, best first (default 1; `Infinity` for all). */
  topK?: number;
  /**
   * Texts per onnxruntime call (default 32). With an int8 model a text's scores shift slightly with
   * its batch-mates (activations are quantized per batch); `1` makes each result independent of the
   * others (docs/pipelines.md, "Batches and int8 models").
   */
  batchSize?: number;
  /** Tokens per text, special tokens included; longer texts are cut (default: the model's limit, ≤ 512). */
  maxLength?: number;
  /** Add the model's n-gram head, if it has one (default true); `false` scores with the encoder alone. */
  ngramHead?: boolean;
}

export interface Label {
  label: string;
  score: number;
}

export class TextClassificationPipeline extends Pipeline {
  readonly task = 'text-classification';

  private constructor(
    model: LoadedModel,
    /** The model folder's n-gram head and the weights of the sum, if it has one. */
    readonly ngramHead?: NgramHeadEntry,
  ) {
    super(model);
  }

  static async load(model: string, options: ModelOptions = {}): Promise<TextClassificationPipeline> {
    const loaded = await loadModel(model, ['model'], options);
    try {
      return new TextClassificationPipeline(loaded, await loadNgramHead(loaded));
    } catch (e) {
      await Promise.all(Object.values(loaded.sessions).map((s) => s.dispose()));
      throw e;
    }
  }

  get labels(): readonly string[] | undefined {
    return this.config.id2label;
  }

  run(text: string, options?: ClassifyOptions): Promise<Label[]>;
  run(texts: readonly string[], options?: ClassifyOptions): Promise<Label[][]>;
  async run(input: string | readonly string[], options: ClassifyOptions = {}): Promise<Label[] | Label[][]> {
    if (typeof input === 'string') return (await this.classify([input], options))[0]!;
    if (!Array.isArray(input)) throw new KornluError('INVALID_ARGUMENT', 'text-classification takes a string or an array of strings');
    return this.classify(input, options);
  }

  /**
   * Raw logits, one row per text (for calibration, ensembling, or light heads on top). With an
   * n-gram head: the weighted sum of the encoder's and the head's log-probabilities, the scores
   * whose softmax `run` reports.
   */
  async logits(texts: readonly string[], options: ClassifyOptions = {}): Promise<Float32Array[]> {
    const out = new Array<Float32Array>(texts.length);
    const session = this.session();
    const name = session.outputNames.includes('logits') ? 'logits' : session.outputNames[0]!;
    const n = this.config.id2label?.length;
    await this.runTexts(texts, options, ({ indices, outputs }) => {
      const data = floatOutput(session, outputs, name, [indices.length, null]);
      const width = data.length / indices.length;
      if (n !== undefined && width !== n) {
        throw new KornluError('MODEL_MISMATCH', `config.json id2label has ${n} labels but the model gives ${width} logits`, { path: this.model.files.resolve('config.json') });
      }
      indices.forEach((i, r) => (out[i] = data.slice(r * width, (r + 1) * width)));
    });
    const ngram = options.ngramHead === false ? undefined : this.ngramHead;
    if (ngram) {
      texts.forEach((t, i) => {
        const enc = logSoftmax(out[i]!);
        const lex = ngram.head.logProbs(t);
        out[i] = Float32Array.from(enc, (v, c) => ngram.encoderWeight * v + ngram.weight * lex[c]!);
      });
    }
    return out;
  }

  private async classify(texts: readonly string[], options: ClassifyOptions): Promise<Label[][]> {
    const topK = options.topK ?? 1;
    if (!(topK >= 1)) throw new KornluError('INVALID_ARGUMENT', `topK must be ≥ 1, got ${topK}`);
    const rows = await this.logits(texts, options);
    const multi = this.config.problemType === 'multi_label_classification';
    return rows.map((row) => {
      const p = multi ? Float64Array.from(row, (v) => 1 / (1 + Math.exp(-v))) : softmax(row);
      const labels = Array.from(p, (score, i) => ({ label: this.config.id2label?.[i] ?? `LABEL_${i}`, score }));
      return labels.sort((a, b) => b.score - a.score).slice(0, Math.min(topK, labels.length));
    });
  }
}

export interface NgramHeadEntry {
  head: NgramHead;
  /** Multiplies the head's log-probabilities. */
  weight: number;
  /** Multiplies the encoder's log-probabilities (default 1; below 1 it also softens over-confident scores). */
  encoderWeight: number;
}

/** The n-gram head config.json names (`kornlu_ngram_head: { file, weight, encoderWeight? }`), checked against the labels. */
async function loadNgramHead(model: LoadedModel): Promise<NgramHeadEntry | undefined> {
  const spec = model.config.raw.kornlu_ngram_head;
  if (spec === undefined) return undefined;
  const where = { path: model.files.resolve('config.json') };
  const s = spec as { file?: unknown; weight?: unknown; encoderWeight?: unknown } | null;
  const weight = (w: unknown) => typeof w === 'number' && Number.isFinite(w) && w >= 0;
  if (s === null || typeof s !== 'object' || typeof s.file !== 'string' || s.file === '' || !weight(s.weight) || !(s.encoderWeight === undefined || weight(s.encoderWeight))) {
    throw new KornluError('MODEL_MISMATCH', `kornlu_ngram_head must be { file: string, weight: number ≥ 0, encoderWeight?: number ≥ 0 }, got ${JSON.stringify(spec)}`, where);
  }
  if (model.config.problemType === 'multi_label_classification') throw new KornluError('MODEL_MISMATCH', 'an n-gram head adds log-probabilities of one label; this model is multi-label', where);
  const file = model.files.resolve(s.file);
  let bytes = await model.files.bytes(s.file);
  if (s.file.endsWith('.gz')) {
    try {
      bytes = await gunzipBytes(bytes as Uint8Array<ArrayBuffer>, file);
    } catch (e) {
      throw new KornluError('INVALID_MODEL_FILE', `${s.file} is not valid gzip`, { path: file, cause: e });
    }
  }
  const head = NgramHead.fromBytes(bytes, file);
  const n = model.config.id2label?.length;
  if (n !== undefined && head.classes !== n) throw new KornluError('MODEL_MISMATCH', `config.json id2label has ${n} labels but ${s.file} scores ${head.classes} classes`, { path: file });
  return { head, weight: s.weight as number, encoderWeight: (s.encoderWeight as number | undefined) ?? 1 };
}
