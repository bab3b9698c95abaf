/**
 * Text classification (sentiment, intent): batched, top-k, labels from config.json's id2label,
 * softmax for single-label models and sigmoid for multi-label ones.
 *
 * @example
 * import { pipeline } from 'kornlu/pipelines';
 * const clf = await pipeline('text-classification', './models/ko-sentiment');
 * await clf.run('배송이 너무 늦어서 실망했습니다.');        // [{ label: '부정', score: 0.97 }]
 * await clf.run(['최고예요', '별로'], { topK: 2 });          // two lists of two labels
 */
import { KornluError } from '../errors.js';
import { loadModel, type LoadedModel, type ModelOptions } from '../hub/load.js';
import { Pipeline } from './base.js';
import { floatOutput, softmax } from './tensors.js';

export interface ClassifyOptions {
  /** Labels per text, best first (default 1; `Infinity` for all). */
  topK?: number;
  batchSize?: number;
  /** Tokens per text, special tokens included; longer texts are cut (default: the model's limit, ≤ 512). */
  maxLength?: number;
}

export interface Label {
  label: string;
  score: number;
}

export class TextClassificationPipeline extends Pipeline {
  readonly task = 'text-classification';

  private constructor(model: LoadedModel) {
    super(model);
  }

  static async load(model: string, options: ModelOptions = {}): Promise<TextClassificationPipeline> {
    return new TextClassificationPipeline(await loadModel(model, ['model'], options));
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

  /** Raw logits, one row per text (for calibration, ensembling, or light heads on top). */
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
