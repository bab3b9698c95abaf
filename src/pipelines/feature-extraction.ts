/**
 * Sentence embeddings from an encoder: mean pooling over real tokens (or the first token), L2
 * normalized by default, for retrieval and for light heads trained on top.
 *
 * @example
 * import { pipeline } from 'kornlu/pipelines';
 * const embed = await pipeline('feature-extraction', './models/ko-encoder');
 * const [a, b] = await embed.run(['배송 언제 와요?', '택배는 언제 도착하나요?']);
 * a.length;   // hidden size, e.g. 256
 */
import { normalizeInPlace } from '../embeddings/keyed-vectors.js';
import { KornluError } from '../errors.js';
import { loadModel, type LoadedModel, type ModelOptions } from '../hub/load.js';
import { Pipeline, type RunOptions } from './base.js';
import { floatOutput } from './tensors.js';

export interface EmbedOptions extends RunOptions {
  /** `mean` over attended tokens (default) or the first token (`cls`). */
  pooling?: 'mean' | 'cls';
  /** Unit length vectors (default true), so a dot product is the cosine. */
  normalize?: boolean;
  batchSize?: number;
  maxLength?: number;
}

export class FeatureExtractionPipeline extends Pipeline {
  readonly task = 'feature-extraction';

  private constructor(model: LoadedModel) {
    super(model);
  }

  static async load(model: string, options: ModelOptions = {}): Promise<FeatureExtractionPipeline> {
    return new FeatureExtractionPipeline(await loadModel(model, ['model'], options));
  }

  run(text: string, options?: EmbedOptions): Promise<Float32Array>;
  run(texts: readonly string[], options?: EmbedOptions): Promise<Float32Array[]>;
  async run(input: string | readonly string[], options: EmbedOptions = {}): Promise<Float32Array | Float32Array[]> {
    if (typeof input === 'string') return (await this.embed([input], options))[0]!;
    if (!Array.isArray(input)) throw new KornluError('INVALID_ARGUMENT', 'feature-extraction takes a string or an array of strings');
    return this.embed(input, options);
  }

  private async embed(texts: readonly string[], options: EmbedOptions): Promise<Float32Array[]> {
    const pooling = options.pooling ?? 'mean';
    if (pooling !== 'mean' && pooling !== 'cls') throw new KornluError('INVALID_ARGUMENT', `pooling must be mean or cls, got ${JSON.stringify(pooling)}`);
    const out = new Array<Float32Array>(texts.length);
    const session = this.session();
    const name = session.outputNames.includes('last_hidden_state') ? 'last_hidden_state' : session.outputNames[0]!;
    await this.runTexts(texts, options, ({ indices, encodings, length, outputs }) => {
      const data = floatOutput(session, outputs, name, [indices.length, length, null]);
      const hidden = data.length / (indices.length * length);
      indices.forEach((i, r) => {
        const v = new Float32Array(hidden);
        const mask = encodings[r]!.attentionMask;
        const base = r * length * hidden;
        if (pooling === 'cls') {
          v.set(data.subarray(base, base + hidden));
        } else {
          let n = 0;
          for (let t = 0; t < mask.length; t++) {
            if (!mask[t]) continue;
            n++;
            for (let h = 0; h < hidden; h++) v[h]! += data[base + t * hidden + h]!;
          }
          for (let h = 0; h < hidden; h++) v[h] = v[h]! / Math.max(1, n);
        }
        if (options.normalize !== false) normalizeInPlace(v);
        out[i] = v;
      });
    });
    return out;
  }
}
