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
    const key = device === 'webgpu' ? 'webgpu' : 'wasm';
    let pending = ortModules.get(key);
    if (!pending) {
      pending = (key === 'webgpu' ? import('onnxruntime-web/webgpu') : import('onnxruntime-web')).then((m) => ((m as { default?: OrtModule }).default ?? m) as OrtModule);
      ortModules.set(key, pending);
    }
    const ort = await pending;
    ort.env.wasm.numThreads = isolated() ? threads : 1;
    return ort;
  },
  executionProviders: (device) => (device === 'webgpu' ? ['webgpu'] : ['wasm']),
  sessionConfig: () => undefined,
  async readLocal(p) {
    throw new KornluError('FILE_NOT_FOUND', 'browsers cannot read local files; give the model as a URL', { path: p });
  },
  isLocal: async () => false,
  cache: (name) => cacheApi(name ?? 'kornlu-models'),
};
