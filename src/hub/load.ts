/**
 * Loads what a pipeline needs from a model folder, URL or hub id: config.json, tokenizer.json and
 * one or more ONNX sessions (fp32 or int8 file chosen by `dtype`).
 */
import { KornluError } from '../errors.js';
import { createSession, warmUp, type BackendOptions, type Session } from '../runtime/backend.js';
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
  // The runtime starts (in a browser: onnxruntime's .wasm downloads and compiles) while the model's files download.
  void warmUp(options);
  const files = await ModelFiles.open(model, options);
  // Every file downloads at once, but results are taken one after the other, so the first missing
  // file is always the one reported. `quiet` keeps a failure nobody awaits yet from being unhandled.
  const quiet = <T>(p: Promise<T>): Promise<T> => {
    p.catch(() => undefined);
    return p;
  };
  const configBytes = quiet(files.json('config.json'));
  const tokenizerText = quiet(files.text('tokenizer.json'));
  const graphBytes = graphs.map((graph) => quiet(graphFile(files, graph, dtype).then(async (file) => ({ file, bytes: await files.bytes(file) }))));
  const sessions: Record<string, Session> = {};
  try {
    const config = parseConfig(await configBytes, files.resolve('config.json'));
    const tokenizer = SubwordTokenizer.fromJSON(await tokenizerText, { path: files.resolve('tokenizer.json') });
    for (const [i, graph] of graphs.entries()) {
      const { file, bytes } = await graphBytes[i]!;
      sessions[graph] = await createSession(bytes, { ...options, file: files.resolve(file) });
    }
    await files.settled();
    return { files, config, tokenizer, sessions };
  } catch (e) {
    await Promise.all(Object.values(sessions).map((s) => s.dispose()));
    await files.settled();
    throw e;
  }
}

/** The ONNX file that holds `graph` in this dtype (the first candidate that exists). */
async function graphFile(files: ModelFiles, graph: string, dtype: Dtype): Promise<string> {
  for (const c of candidates(graph, dtype)) if (await files.has(c)) return c;
  throw new KornluError('FILE_NOT_FOUND', `no ONNX file for "${graph}" (dtype ${dtype}); looked for ${candidates(graph, dtype).join(', ')}`, { path: files.location });
}
