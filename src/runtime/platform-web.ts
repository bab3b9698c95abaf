/**
 * Browsers: onnxruntime-web (WASM with SIMD, threads when the page is cross-origin isolated;
 * WebGPU when an adapter exists), files only by URL, downloads kept in the Cache API.
 */
import { KornluError } from '../errors.js';
import type { ExecutionDevice, FileCache, OrtModule, Platform } from './platform.js';

interface GpuNavigator {
  gpu?: { requestAdapter(): Promise<unknown> };
  hardwareConcurrency?: number;
}

const ortModules = new Map<'wasm' | 'webgpu', Promise<OrtModule>>();
const runtimes = new Map<ExecutionDevice, Promise<void>>();

/**
 * A 67-byte ONNX model (opset 13, y = Identity(x), x: float[1]). onnxruntime-web fetches and
 * compiles its `.wasm` (14 MB) only when the first session is created and has no public call to do
 * it earlier; creating this session does it while the real model is still downloading.
 */
const IDENTITY_MODEL = [
  8, 7, 18, 0, 58, 55, 10, 16, 10, 1, 120, 18, 1, 121, 34, 8, 73, 100, 101, 110, 116, 105, 116, 121, 18, 1, 119, 90, 15, 10, 1, 120, 18, 10, 10, 8, 8, 1, 18, 4,
  10, 2, 8, 1, 98, 15, 10, 1, 121, 18, 10, 10, 8, 8, 1, 18, 4, 10, 2, 8, 1, 66, 4, 10, 0, 16, 13,
];
let adapter: Promise<boolean> | null = null;

function nav(): GpuNavigator | undefined {
  return (globalThis as { navigator?: GpuNavigator }).navigator;
}

/** True when a WebGPU adapter can be had (asked once; software adapters count). */
export function hasWebGpu(): Promise<boolean> {
  adapter ??= (async () => {
    try {
      return (await nav()?.gpu?.requestAdapter()) != null;
    } catch {
      return false;
    }
  })();
  return adapter;
}

function isolated(): boolean {
  return (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
}

function cacheApi(name: string): FileCache | null {
  const caches = (globalThis as { caches?: CacheStorage }).caches;
  if (!caches) return null;
  return {
    async get(key) {
      try {
        const hit = await (await caches.open(name)).match(key);
        return hit ? new Uint8Array(await hit.arrayBuffer()) : undefined;
      } catch {
        return undefined;
      }
    },
    async put(key, bytes) {
      try {
        await (await caches.open(name)).put(key, new Response(bytes.slice()));
      } catch {
        // Quota exceeded or storage disabled (private mode): the model still works, uncached.
      }
    },
  };
}

export const webPlatform: Platform = {
  name: 'browser',
  async autoDevices() {
    return (await hasWebGpu()) ? ['webgpu', 'wasm'] : ['wasm'];
  },
  available: async (device) => device === 'wasm' || (device === 'webgpu' && (await hasWebGpu())),
  fallback: (): ExecutionDevice => 'wasm',
  // SharedArrayBuffer (and so WASM threads) exists only on cross-origin isolated pages.
  defaultThreads: () => (isolated() ? Math.max(1, Math.min(nav()?.hardwareConcurrency ?? 1, 4)) : 1),
  async ort(device, threads) {
    // WebGPU through onnxruntime-web's WebGPU build: the default bundle's (JSEP) WebGPU kernels gave
    // wrong numbers for ko-qa's convolutions where this build matches the CPU (see docs/browser-qa.md).
    // WASM through the WASM-only build: the default bundle's .wasm (JSEP, 28 MB) carries WebGPU code
    // and async plumbing: with it the demo's first answer came after 5.2 s and p50 was 183 ms, with
    // this one (14 MB) after 2.8 s and 142 ms (docs/browser-qa.md, same machine).
    const key = device === 'webgpu' ? 'webgpu' : 'wasm';
    let pending = ortModules.get(key);
    if (!pending) {
      pending = (key === 'webgpu' ? import('onnxruntime-web/webgpu') : import('onnxruntime-web/wasm')).then((m) => ((m as { default?: OrtModule }).default ?? m) as OrtModule);
      ortModules.set(key, pending);
    }
    const ort = await pending;
    ort.env.wasm.numThreads = isolated() ? threads : 1;
    return ort;
  },
  startRuntime(device, threads) {
    let pending = runtimes.get(device);
    if (!pending) {
      pending = (async () => {
        const ort = await webPlatform.ort(device, threads);
        const session = await ort.InferenceSession.create(new Uint8Array(IDENTITY_MODEL), { executionProviders: webPlatform.executionProviders(device) });
        await session.release();
      })();
      // A failure here is not reported: the model's own session creation will report it.
      pending.catch(() => runtimes.delete(device));
      runtimes.set(device, pending);
    }
    return pending;
  },
  executionProviders: (device) => (device === 'webgpu' ? ['webgpu'] : ['wasm']),
  sessionConfig: () => undefined,
  async readLocal(p) {
    throw new KornluError('FILE_NOT_FOUND', 'browsers cannot read local files; give the model as a URL', { path: p });
  },
  isLocal: async () => false,
  cache: (name) => cacheApi(name ?? 'kornlu-models'),
};
