/**
 * The backend: one place that turns `{ device, threads, graphOptimization }` into an onnxruntime
 * session, falls back (with one logged warning) when a device cannot be had, and wraps the
 * session so that every error names the model file.
 *
 * @example
 * const s = await createSession(bytes, { device: 'auto', file: 'onnx/model.onnx' });
 * s.device;                       // 'cpu' on a machine without CUDA
 * const out = await s.run({ input_ids: s.int64([1, 3], [2n, 15n, 3n]) });
 * s.dispose();
 */
import type { InferenceSession, Tensor } from 'onnxruntime-common';
import { KornluError } from '../errors.js';
import { DEVICES, getPlatform, type Device, type ExecutionDevice, type OrtModule, type Platform } from './platform.js';

export type GraphOptimization = 'disabled' | 'basic' | 'extended' | 'all';

export interface BackendOptions {
  /** Default `auto`: CUDA/WebGPU when present, else CPU/WASM. */
  device?: Device;
  /** Intra-op threads (default: the platform's choice; 1 in a browser that is not cross-origin isolated). */
  threads?: number;
  /** onnxruntime graph optimization level (default `all`). */
  graphOptimization?: GraphOptimization;
  /** Receives fallback warnings (default `console.warn`). */
  logger?: (message: string) => void;
}

export type OrtTensor = Tensor;

/** Fallbacks already reported, so a process warns once per kind, not once per session. */
const warned = new Set<string>();

/** Forget which fallbacks were reported (tests). */
export function resetFallbackWarnings(): void {
  warned.clear();
}

function warnOnce(logger: (m: string) => void, key: string, message: string): void {
  if (warned.has(key)) return;
  warned.add(key);
  logger(message);
}

function checkOptions(o: BackendOptions): void {
  if (o.device !== undefined && !DEVICES.includes(o.device)) {
    throw new KornluError('INVALID_ARGUMENT', `unknown device ${JSON.stringify(o.device)}; expected one of ${DEVICES.join(', ')}`);
  }
  if (o.threads !== undefined && (!Number.isInteger(o.threads) || o.threads < 1)) {
    throw new KornluError('INVALID_ARGUMENT', `threads must be a positive integer, got ${o.threads}`);
  }
}

/** A loaded model. Runs are queued, so concurrent callers never share a session mid-run. */
export class Session {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  private queue: Promise<unknown> = Promise.resolve();
  private disposed = false;

  constructor(
    private readonly session: InferenceSession,
    private readonly ortModule: OrtModule,
    /** The device it actually runs on (after any fallback). */
    readonly device: ExecutionDevice,
    readonly threads: number,
    /** Model file name, for error messages. */
    readonly file: string,
  ) {
    this.inputNames = session.inputNames;
    this.outputNames = session.outputNames;
  }

  /** Declared rank of each input (when the model says), for shape checks. */
  inputRank(name: string): number | undefined {
    const meta = (this.session as { inputMetadata?: readonly InferenceSession.ValueMetadata[] }).inputMetadata;
    const m = meta?.find((x) => x.name === name);
    return m && m.isTensor ? m.shape.length : undefined;
  }

  int64(dims: readonly number[], data: BigInt64Array): Tensor {
    return new this.ortModule.Tensor('int64', data, dims);
  }

  float32(dims: readonly number[], data: Float32Array): Tensor {
    return new this.ortModule.Tensor('float32', data, dims);
  }

  /**
   * Runs the model. Feeds must name exactly the model's inputs (extra ones for optional inputs such
   * as token_type_ids are dropped when the model does not take them); a missing input or a wrong
   * rank is a MODEL_MISMATCH error naming the file, before onnxruntime sees it.
   */
  run(feeds: Record<string, Tensor>, outputs?: readonly string[]): Promise<Record<string, Tensor>> {
    if (this.disposed) return Promise.reject(new KornluError('INVALID_ARGUMENT', 'session was disposed', { path: this.file }));
    const used: Record<string, Tensor> = {};
    for (const name of this.inputNames) {
      const t = feeds[name];
      if (t === undefined) {
        return Promise.reject(
          new KornluError('MODEL_MISMATCH', `model input "${name}" is not fed; the model takes [${this.inputNames.join(', ')}], we have [${Object.keys(feeds).join(', ')}]`, { path: this.file }),
        );
      }
      const rank = this.inputRank(name);
      if (rank !== undefined && rank !== t.dims.length) {
        return Promise.reject(new KornluError('MODEL_MISMATCH', `model input "${name}" has rank ${rank}, fed a tensor of shape [${t.dims.join(', ')}]`, { path: this.file }));
      }
      used[name] = t;
    }
    const next = this.queue.then(async () => {
      try {
        const out = await this.session.run(used);
        if (outputs) {
          for (const o of outputs) {
            if (!(o in out)) throw new KornluError('MODEL_MISMATCH', `model has no output "${o}"; it has [${this.outputNames.join(', ')}]`, { path: this.file });
          }
        }
        return out as Record<string, Tensor>;
      } catch (e) {
        if (e instanceof KornluError) throw e;
        throw new KornluError('MODEL_MISMATCH', `onnxruntime failed to run the model: ${(e as Error).message}`, { path: this.file, cause: e });
      }
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Frees the native session. Later runs fail with a clear error. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await this.queue;
    await this.session.release();
  }
}

/** The devices to try, best first; `logger` hears about a requested device that is not available. */
async function deviceChain(platform: Platform, requested: Device, logger?: (m: string) => void): Promise<ExecutionDevice[]> {
  if (requested === 'auto') return platform.autoDevices();
  if (!(await platform.available(requested))) {
    const fb = platform.fallback(requested);
    if (logger) warnOnce(logger, `${requested}->${fb}`, `kornlu: device "${requested}" is not available here (${platform.name}); falling back to "${fb}"`);
    return [fb];
  }
  return [requested, ...(requested === platform.fallback(requested) ? [] : [platform.fallback(requested)])];
}

/** The latest runtime start per platform, which session creation waits for (the runtime is not re-entrant while it starts). */
const runtimeStarts = new WeakMap<Platform, Promise<void>>();

/**
 * Starts the runtime for the device `createSession` would pick with these options (in a browser:
 * onnxruntime's `.wasm` download and compilation), without waiting for model bytes. Loaders call it
 * before downloading a model so the two overlap. Never rejects: `createSession` reports problems.
 */
export function warmUp(options: BackendOptions = {}): Promise<void> {
  let platform: Platform;
  try {
    checkOptions(options);
    platform = getPlatform();
  } catch {
    return Promise.resolve(); // createSession meets the same problem and reports it with the model's file name.
  }
  const start = deviceChain(platform, options.device ?? 'auto')
    .then(([device]) => platform.startRuntime(device!, options.threads ?? platform.defaultThreads(device!)))
    .catch(() => undefined);
  runtimeStarts.set(platform, start);
  return start;
}

/**
 * Creates a session from model bytes. `device: 'auto'` tries the platform's devices best first;
 * an explicit device the machine cannot provide (CUDA without its libraries, WebGPU without an
 * adapter, CUDA in a browser) falls back to CPU/WASM with one warning.
 */
export async function createSession(model: Uint8Array, options: BackendOptions & { file: string }): Promise<Session> {
  checkOptions(options);
  const platform = getPlatform();
  const logger = options.logger ?? ((m: string) => console.warn(m));
  const requested = options.device ?? 'auto';
  const chain = await deviceChain(platform, requested, logger);
  await runtimeStarts.get(platform);
  let lastError: unknown;
  for (let k = 0; k < chain.length; k++) {
    const device = chain[k]!;
    const threads = options.threads ?? platform.defaultThreads(device);
    const ort = await platform.ort(device, threads);
    const extra = platform.sessionConfig(device);
    try {
      const session = await ort.InferenceSession.create(model, {
        executionProviders: platform.executionProviders(device),
        graphOptimizationLevel: options.graphOptimization ?? 'all',
        intraOpNumThreads: threads,
        interOpNumThreads: 1,
        ...(extra ? { extra } : {}),
      });
      return new Session(session, ort, device, threads, options.file);
    } catch (e) {
      lastError = e;
      const msg = (e as Error).message ?? String(e);
      // A model onnxruntime cannot parse is the file's fault on every device: stop here.
      if (/protobuf|parse|invalid model|model_path|load model/i.test(msg) && !/provider|cuda|webgpu|adapter/i.test(msg)) break;
      const next = chain[k + 1];
      if (next !== undefined && requested !== 'auto') {
        warnOnce(logger, `${device}->${next}`, `kornlu: device "${device}" could not start (${msg.split('\n')[0]}); falling back to "${next}"`);
      }
    }
  }
  throw new KornluError('INVALID_MODEL_FILE', `onnxruntime cannot load the model: ${(lastError as Error)?.message ?? lastError}`, {
    path: options.file,
    cause: lastError,
  });
}
