/**
 * What differs between Node and the browser, behind one interface: which onnxruntime package runs
 * the models, which devices exist, how local files are read and where downloads are cached.
 * `platform-node.ts` and `platform-web.ts` are the only two implementations; the entry points
 * (`kornlu/pipelines` resolves to one or the other through the `browser` export condition)
 * register theirs, and everything else asks `getPlatform()`.
 */
import type { Env, InferenceSession, Tensor } from 'onnxruntime-common';
import { KornluError } from '../errors.js';

/** Where a model runs. `auto` picks the best available and never fails for lack of a GPU. */
export type Device = 'auto' | 'cpu' | 'cuda' | 'wasm' | 'webgpu';
export type ExecutionDevice = Exclude<Device, 'auto'>;
export const DEVICES: readonly Device[] = ['auto', 'cpu', 'cuda', 'wasm', 'webgpu'];

/** The part of an onnxruntime package (node or web) kornlu uses. */
export interface OrtModule {
  InferenceSession: { create(model: Uint8Array | string, options?: InferenceSession.SessionOptions): Promise<InferenceSession> };
  Tensor: typeof Tensor;
  env: Env;
}

/** A download cache: the file system in Node, the Cache API in browsers. */
export interface FileCache {
  get(key: string): Promise<Uint8Array | undefined>;
  put(key: string, bytes: Uint8Array): Promise<void>;
}

export interface Platform {
  readonly name: 'node' | 'browser';
  /** Devices this platform can run on, in the order `device: 'auto'` tries them. */
  autoDevices(): Promise<ExecutionDevice[]>;
  /** Whether a device can run here now (`cuda` needs its libraries, `webgpu` an adapter). */
  available(device: ExecutionDevice): Promise<boolean>;
  /** The device used instead of one that is not available. */
  fallback(device: ExecutionDevice): ExecutionDevice;
  /** Number of threads per session for a device, unless the caller sets one. */
  defaultThreads(device: ExecutionDevice): number;
  ort(device: ExecutionDevice, threads: number): Promise<OrtModule>;
  /**
   * Gets the runtime for a device ready before any model bytes are at hand (in a browser: fetch and
   * compile onnxruntime's `.wasm`), so that work overlaps the model download. May be a no-op.
   */
  startRuntime(device: ExecutionDevice, threads: number): Promise<void>;
  /** Execution-provider list for a device, e.g. `['cuda']` or `[{ name: 'webgpu' }]`. */
  executionProviders(device: ExecutionDevice): InferenceSession.ExecutionProviderConfig[];
  /** Session configuration entries for a device (`SessionOptions.extra`), if it needs any. */
  sessionConfig(device: ExecutionDevice): Record<string, unknown> | undefined;
  /** Reads a local file (Node only; the browser has no local files, only URLs). */
  readLocal(path: string): Promise<Uint8Array>;
  /** Whether `path` names something on the local file system (always false in a browser). */
  isLocal(path: string): Promise<boolean>;
  cache(dir?: string): FileCache | null;
}

let current: Platform | null = null;

/** Called once by each entry point (`kornlu/pipelines` for Node, its browser build for browsers). */
export function setPlatform(platform: Platform): void {
  current = platform;
}

export function getPlatform(): Platform {
  if (current === null) {
    throw new KornluError(
      'INVALID_ARGUMENT',
      'no runtime platform registered: import pipelines from "kornlu/pipelines" (Node or browser build), not from an internal module',
    );
  }
  return current;
}
