/** What every pipeline shares: the loaded model, its device, and dispose(). */
import type { ModelConfig } from '../hub/config.js';
import type { LoadedModel } from '../hub/load.js';
import type { ExecutionDevice } from '../runtime/platform.js';
import type { Session } from '../runtime/backend.js';
import type { SubwordTokenizer } from '../tokenizers/subword/tokenizer.js';
import type { Encoding } from '../tokenizers/subword/encoding.js';
import type { OrtTensor } from '../runtime/backend.js';
import { assertText } from '../errors.js';
import { checkBatchSize, encoderFeeds, lengthOrder, padIdOf } from './tensors.js';

/** What every pipeline's `run` accepts besides its task's own options. */
export interface RunOptions {
  /**
   * Cancels the call. It is checked before each model run (a batch of texts or windows, a
   * generation step), so soon after `abort()` the promise rejects with `signal.reason`, as `fetch`
   * does: an `AbortError` DOMException by default, a `TimeoutError` from `AbortSignal.timeout(ms)`.
   * A model run already under way finishes first.
   */
  signal?: AbortSignal;
}

/** Throws the signal's reason once it is aborted (see `RunOptions.signal`). */
export function checkSignal(signal: AbortSignal | undefined): void {
  signal?.throwIfAborted();
}

/** One model run over a batch of single texts: which inputs (by index), their encodings, outputs. */
export interface TextBatch {
  indices: number[];
  encodings: Encoding[];
  /** Padded sequence length of the batch. */
  length: number;
  outputs: Record<string, OrtTensor>;
}

export abstract class Pipeline {
  abstract readonly task: string;

  protected constructor(protected readonly model: LoadedModel) {}

  get config(): ModelConfig {
    return this.model.config;
  }

  get tokenizer(): SubwordTokenizer {
    return this.model.tokenizer;
  }

  /** The device the model runs on after any fallback, and its thread count. */
  get device(): { device: ExecutionDevice; threads: number } {
    const s = Object.values(this.model.sessions)[0] as Session;
    return { device: s.device, threads: s.threads };
  }

  protected session(name = 'model'): Session {
    const s = this.model.sessions[name];
    if (!s) throw new Error(`internal: no session ${name}`);
    return s;
  }

  /**
   * Encodes single texts (cut at `maxLength`, default the model's limit ≤ 512), runs them through the
   * model in length-sorted batches so padding stays small, and hands each batch to `take`.
   */
  protected async runTexts(texts: readonly string[], options: { batchSize?: number; maxLength?: number } & RunOptions, take: (b: TextBatch) => void): Promise<void> {
    texts.forEach((t, i) => assertText(t, `texts[${i}]`));
    checkSignal(options.signal);
    const batchSize = checkBatchSize(options.batchSize, 32);
    const maxLength = options.maxLength ?? Math.min(512, this.config.maxPositionEmbeddings ?? 512);
    const encodings = texts.map((t) => this.tokenizer.encode(t, null, { truncation: { maxLength } }));
    const order = lengthOrder(encodings.map((e) => e.ids.length));
    const session = this.session();
    const pad = padIdOf(this.tokenizer, this.config.padTokenId);
    for (let b = 0; b < order.length; b += batchSize) {
      const indices = order.slice(b, b + batchSize);
      const batch = indices.map((i) => encodings[i]!);
      const { feeds, length } = encoderFeeds(session, batch, pad);
      checkSignal(options.signal);
      take({ indices, encodings: batch, length, outputs: await session.run(feeds) });
    }
  }

  /** Frees the ONNX sessions; the pipeline cannot run afterwards. */
  async dispose(): Promise<void> {
    await Promise.all(Object.values(this.model.sessions).map((s) => s.dispose()));
  }
}
