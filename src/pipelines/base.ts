/** What every pipeline shares: the loaded model, its device, and dispose(). */
import type { ModelConfig } from '../hub/config.js';
import type { LoadedModel } from '../hub/load.js';
import type { ExecutionDevice } from '../runtime/platform.js';
import type { Session } from '../runtime/backend.js';
import type { SubwordTokenizer } from '../tokenizers/subword/tokenizer.js';

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

  /** Frees the ONNX sessions; the pipeline cannot run afterwards. */
  async dispose(): Promise<void> {
    await Promise.all(Object.values(this.model.sessions).map((s) => s.dispose()));
  }
}
