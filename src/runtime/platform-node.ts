/**
 * Node: onnxruntime-node (CPU; CUDA when its provider libraries were installed, see docs/gpu.md),
 * local files through node:fs, downloads cached on disk (`KORNLU_CACHE`, else ~/.cache/kornlu).
 */
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { KornluError } from '../errors.js';
import { writeFileAtomic } from '../node/fs.js';
import type { ExecutionDevice, FileCache, OrtModule, Platform } from './platform.js';

let ortPromise: Promise<OrtModule> | null = null;

function loadOrt(): Promise<OrtModule> {
  ortPromise ??= import('onnxruntime-node').then((m) => ((m as { default?: OrtModule }).default ?? m) as OrtModule);
  return ortPromise;
}

/** CUDA is only worth trying when onnxruntime-node's CUDA provider library is on disk. */
function cudaInstalled(): boolean {
  try {
    const require = createRequire(import.meta.url);
    const bin = path.join(path.dirname(require.resolve('onnxruntime-node/package.json')), 'bin');
    const lib = process.platform === 'win32' ? 'onnxruntime_providers_cuda.dll' : 'libonnxruntime_providers_cuda.so';
    return readdirSync(bin).some((napi) => existsSync(path.join(bin, napi, process.platform, process.arch, lib)));
  } catch {
    return false;
  }
}

function diskCache(dir: string): FileCache {
  const file = (key: string) => path.join(dir, ...key.replace(/^[a-z]+:\/\//i, '').split('/').map((p) => encodeURIComponent(p)));
  return {
    async get(key) {
      try {
        return new Uint8Array(await readFile(file(key)));
      } catch {
        return undefined;
      }
    },
    async put(key, bytes) {
      const f = file(key);
      await mkdir(path.dirname(f), { recursive: true });
      await writeFileAtomic(f, bytes);
    },
  };
}

export const nodePlatform: Platform = {
  name: 'node',
  async autoDevices() {
    return cudaInstalled() ? ['cuda', 'cpu'] : ['cpu'];
  },
  available: async (device) => device === 'cpu' || (device === 'cuda' && cudaInstalled()),
  fallback: (): ExecutionDevice => 'cpu',
  defaultThreads: () => Math.max(1, Math.min(os.availableParallelism(), 8)),
  ort: () => loadOrt(),
  async startRuntime() {
    await loadOrt();
  },
  executionProviders: (device) => (device === 'cuda' ? ['cuda'] : ['cpu']),
  // x86 CPUs without VNNI (AVX2-only, and AVX-512 without VNNI) multiply int8 matrices through a
  // 16-bit intermediate that saturates, which changes the int8 models' outputs (12 of 100 KorQuAD
  // answers on an AVX2 machine) — onnxruntime#6004, #14642. This option makes onnxruntime's x64
  // int8 GEMM widen to 16 bits first, so every CPU gives the answers the models were measured with.
  sessionConfig: (device) => (device === 'cpu' ? { session: { x64quantprecision: '1' } } : undefined),
  async readLocal(p) {
    try {
      return new Uint8Array(await readFile(p));
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new KornluError('FILE_NOT_FOUND', `cannot read model file: ${code ?? (e as Error).message}`, { path: p, cause: e });
    }
  },
  async isLocal(p) {
    try {
      await stat(p);
      return true;
    } catch {
      return false;
    }
  },
  cache(dir) {
    return diskCache(dir ?? process.env.KORNLU_CACHE ?? path.join(os.homedir(), '.cache', 'kornlu'));
  },
};
