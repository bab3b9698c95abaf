/**
 * Loads what a pipeline needs from a model folder, URL or hub id: config.json, tokenizer.json and
 * one or more ONNX sessions (fp32 or int8 file chosen by `dtype`).
 */
import { KornluError } from '../errors.js';
import { createSession, type BackendOptions, type Session } from '../runtime/backend.js';
import { SubwordTokenizer } from '../tokenizers/subword/tokenizer.js';
import { parseConfig, type ModelConfig } from './config.js';
import { ModelFiles, type HubOptions } from './files.js';

/** `fp32`: onnx/NAME.onnx. `int8`: onnx/NAME_quantized.onnx (or NAME_int8.onnx). `auto`: fp32 if present, else int8. */
export type Dtype = 'auto' | 'fp32' | 'int8';

export interface ModelOptions extends BackendOptions, HubOptions {
  dtype?: Dtype;
}

export interface LoadedModel {
  files: ModelFiles;
  config: ModelConfig;
  tokenizer: SubwordTokenizer;
  sessions: Record<string, Session>;
}

function candidates(name: string, dtype: Dtype): string[] {
  const fp32 = [`onnx/${name}.onnx`, `${name}.onnx`];
  const int8 = [`onnx/${name}_quantized.onnx`, `onnx/${name}_int8.onnx`, `${name}_quantized.onnx`];
  return dtype === 'fp32' ? fp32 : dtype === 'int8' ? int8 : [...fp32, ...int8];
}

export async function loadModel(model: string, graphs: readonly string[], options: ModelOptions = {}): Promise<LoadedModel> {
  const dtype = options.dtype ?? 'auto';
  if (!['auto', 'fp32', 'int8'].includes(dtype)) throw new KornluError('INVALID_ARGUMENT', `dtype must be auto, fp32 or int8, got ${JSON.stringify(dtype)}`);
  const files = await ModelFiles.open(model, options);
  // One after the other, so the first missing file is always the one reported.
  const config = parseConfig(await files.json('config.json'), files.resolve('config.json'));
  const tokenizer = SubwordTokenizer.fromJSON(await files.text('tokenizer.json'), { path: files.resolve('tokenizer.json') });
  const sessions: Record<string, Session> = {};
  try {
    for (const graph of graphs) {
      let chosen: string | undefined;
      for (const c of candidates(graph, dtype)) {
        if (await files.has(c)) {
          chosen = c;
          break;
        }
      }
      if (chosen === undefined) {
        throw new KornluError('FILE_NOT_FOUND', `no ONNX file for "${graph}" (dtype ${dtype}); looked for ${candidates(graph, dtype).join(', ')}`, { path: files.location });
      }
      const bytes = await files.bytes(chosen);
      sessions[graph] = await createSession(bytes, { ...options, file: files.resolve(chosen) });
    }
  } catch (e) {
    await Promise.all(Object.values(sessions).map((s) => s.dispose()));
    throw e;
  }
  return { files, config, tokenizer, sessions };
}
