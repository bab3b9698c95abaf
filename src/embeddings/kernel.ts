/**
 * The word2vec training kernel (CBOW / skip-gram, negative sampling / hierarchical softmax) over
 * flat Float32Arrays, as in Mikolov's word2vec.c. Workers run it on shared memory without locks
 * (Hogwild, like the C tool); with one thread and a seed it is deterministic.
 */
import { WasmKernel, type WasmShared } from './kernel-wasm.js';

export interface KernelParams {
  dim: number;
  window: number;
  negative: number;
  hs: boolean;
  cbow: boolean;
  /** Starting learning rate (0.025 skip-gram, 0.05 CBOW by default). */
  alpha: number;
  minAlpha: number;
  /** Words to process over the whole run (epochs × corpus words), for linear decay. */
  totalWords: number;
}

export interface KernelState {
  syn0: Float32Array;
  syn1neg: Float32Array | null;
  syn1: Float32Array | null;
  table: Int32Array | null;
  keep: Float32Array;
  codes: Uint8Array | null;
  points: Int32Array | null;
  codeOffsets: Int32Array | null;
  codeLengths: Int32Array | null;
  /** [0]: words processed so far, shared by all threads (Atomics). */
  progress: Int32Array;
  /** When set, syn0/syn1neg live in this WebAssembly memory and negative sampling runs in SIMD. */
  wasm?: WasmShared | null;
  /** This thread's scratch slot in the wasm memory (0 for the calling thread, 1… for workers). */
  slot?: number;
}

const EXP_TABLE_SIZE = 1000;
const MAX_EXP = 6;
/** word2vec.c's sigmoid table over [−6, 6). */
export const expTable = new Float32Array(EXP_TABLE_SIZE);
for (let i = 0; i < EXP_TABLE_SIZE; i++) {
  const e = Math.exp(((i / EXP_TABLE_SIZE) * 2 - 1) * MAX_EXP);
  expTable[i] = e / (e + 1);
}

/** A small deterministic PRNG (xorshift32); one per thread. */
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0 || 0x9e3779b9;
  }
  next(): number {
    let x = this.s;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.s = x >>> 0;
    return this.s;
  }
  /** The generator's state, for handing the stream to the WebAssembly kernel and back. */
  get state(): number {
    return this.s;
  }
  set state(v: number) {
    this.s = v >>> 0 || 0x9e3779b9;
  }
  /** Uniform in [0, 1). */
  float(): number {
    return this.next() / 4294967296;
  }
}

/**
 * Trains on one chunk: `ids` holds word ids with −1 between sentences. Returns the number of
 * corpus words it consumed (before subsampling), which it also adds to the shared progress.
 */
export function trainChunk(ids: Int32Array, p: KernelParams, s: KernelState, rng: Rng): number {
  const { dim, window, negative, hs, cbow } = p;
  const { syn0, syn1neg, syn1, table, keep, codes, points, codeOffsets, codeLengths } = s;
  const neu1 = new Float32Array(dim);
  const neu1e = new Float32Array(dim);
  const sentence: number[] = [];
  const tableSize = table ? table.length : 0;
  let consumed = 0;
  let alpha = p.alpha;
  const updateAlpha = () => {
    const done = Atomics.load(s.progress, 0);
    alpha = Math.max(p.minAlpha, p.alpha * (1 - done / (p.totalWords + 1)));
  };
  updateAlpha();
  // The SIMD kernel covers negative sampling; hierarchical softmax stays in JavaScript.
  const wk = s.wasm && negative > 0 && !hs ? wasmKernelFor(s.wasm, s.slot ?? 0) : null;

  for (let at = 0; at <= ids.length; at++) {
    const w = at < ids.length ? ids[at]! : -1;
    if (w >= 0) {
      consumed++;
      if (keep[w]! >= 1 || keep[w]! > rng.float()) sentence.push(w);
      continue;
    }
    // End of a sentence: train on it.
    const len = sentence.length;
    if (wk) {
      rng.state = wk.trainSentence(sentence, cbow, window, negative, alpha, rng.state);
    } else {
      for (let pos = 0; pos < len; pos++) {
        const word = sentence[pos]!;
        const b = rng.next() % window; // dynamic window: effective size window − b
        if (cbow) {
          neu1.fill(0);
          neu1e.fill(0);
          let cw = 0;
          for (let a = b; a < window * 2 + 1 - b; a++) {
            if (a === window) continue;
            const c = pos - window + a;
            if (c < 0 || c >= len) continue;
            addInto(neu1, 0, syn0, sentence[c]! * dim, 1, dim);
            cw++;
          }
          if (cw === 0) continue;
          for (let d = 0; d < dim; d++) neu1[d]! /= cw;
          if (hs) hsStep(neu1, 0, neu1e, syn1!, codes!, points!, codeOffsets![word]!, codeLengths![word]!, dim, alpha);
          if (negative > 0) nsStep(neu1, 0, neu1e, syn1neg!, word, table!, tableSize, negative, dim, alpha, rng);
          for (let a = b; a < window * 2 + 1 - b; a++) {
            if (a === window) continue;
            const c = pos - window + a;
            if (c < 0 || c >= len) continue;
            addInto(syn0, sentence[c]! * dim, neu1e, 0, 1, dim);
          }
        } else {
          for (let a = b; a < window * 2 + 1 - b; a++) {
            if (a === window) continue;
            const c = pos - window + a;
            if (c < 0 || c >= len) continue;
            const l1 = sentence[c]! * dim;
            neu1e.fill(0);
            if (hs) hsStep(syn0, l1, neu1e, syn1!, codes!, points!, codeOffsets![word]!, codeLengths![word]!, dim, alpha);
            if (negative > 0) nsStep(syn0, l1, neu1e, syn1neg!, word, table!, tableSize, negative, dim, alpha, rng);
            addInto(syn0, l1, neu1e, 0, 1, dim);
          }
        }
      }
    }
    sentence.length = 0;
    if (consumed >= 10000 || at === ids.length) {
      Atomics.add(s.progress, 0, consumed);
      consumed = 0;
      updateAlpha();
    }
  }
  return ids.length;
}

const kernels = new WeakMap<WebAssembly.Memory, Map<number, WasmKernel>>();

/** One wasm instance per memory and slot, made on first use in each thread. */
function wasmKernelFor(shared: WasmShared, slot: number): WasmKernel {
  let bySlot = kernels.get(shared.memory);
  if (!bySlot) kernels.set(shared.memory, (bySlot = new Map()));
  let k = bySlot.get(slot);
  if (!k) bySlot.set(slot, (k = new WasmKernel(shared, slot)));
  return k;
}

/** a[ao..ao+dim) += s · b[bo..bo+dim), unrolled by four. */
function addInto(a: Float32Array, ao: number, b: Float32Array, bo: number, s: number, dim: number): void {
  const d4 = dim & ~3;
  let d = 0;
  for (; d < d4; d += 4) {
    a[ao + d]! += s * b[bo + d]!;
    a[ao + d + 1]! += s * b[bo + d + 1]!;
    a[ao + d + 2]! += s * b[bo + d + 2]!;
    a[ao + d + 3]! += s * b[bo + d + 3]!;
  }
  for (; d < dim; d++) a[ao + d]! += s * b[bo + d]!;
}

function nsStep(
  h: Float32Array, ho: number, neu1e: Float32Array, syn1neg: Float32Array, word: number, table: Int32Array, tableSize: number,
  negative: number, dim: number, alpha: number, rng: Rng,
): void {
  // Loops unrolled by four, with a tail loop for the rest of dim: V8 does not vectorize.
  const d4 = dim & ~3;
  for (let k = 0; k <= negative; k++) {
    let target: number;
    let label: number;
    if (k === 0) {
      target = word;
      label = 1;
    } else {
      target = table[rng.next() % tableSize]!;
      if (target === word) continue;
      label = 0;
    }
    const l2 = target * dim;
    let f0 = 0;
    let f1 = 0;
    let f2 = 0;
    let f3 = 0;
    let d = 0;
    for (; d < d4; d += 4) {
      f0 += h[ho + d]! * syn1neg[l2 + d]!;
      f1 += h[ho + d + 1]! * syn1neg[l2 + d + 1]!;
      f2 += h[ho + d + 2]! * syn1neg[l2 + d + 2]!;
      f3 += h[ho + d + 3]! * syn1neg[l2 + d + 3]!;
    }
    for (; d < dim; d++) f0 += h[ho + d]! * syn1neg[l2 + d]!;
    const f = f0 + f1 + f2 + f3;
    let g: number;
    if (f > MAX_EXP) g = (label - 1) * alpha;
    else if (f < -MAX_EXP) g = label * alpha;
    else g = (label - expTable[((f + MAX_EXP) * (EXP_TABLE_SIZE / MAX_EXP / 2)) | 0]!) * alpha;
    d = 0;
    for (; d < d4; d += 4) {
      const o0 = syn1neg[l2 + d]!;
      const o1 = syn1neg[l2 + d + 1]!;
      const o2 = syn1neg[l2 + d + 2]!;
      const o3 = syn1neg[l2 + d + 3]!;
      neu1e[d]! += g * o0;
      neu1e[d + 1]! += g * o1;
      neu1e[d + 2]! += g * o2;
      neu1e[d + 3]! += g * o3;
      syn1neg[l2 + d] = o0 + g * h[ho + d]!;
      syn1neg[l2 + d + 1] = o1 + g * h[ho + d + 1]!;
      syn1neg[l2 + d + 2] = o2 + g * h[ho + d + 2]!;
      syn1neg[l2 + d + 3] = o3 + g * h[ho + d + 3]!;
    }
    for (; d < dim; d++) {
      const o = syn1neg[l2 + d]!;
      neu1e[d]! += g * o;
      syn1neg[l2 + d] = o + g * h[ho + d]!;
    }
  }
}

function hsStep(
  h: Float32Array, ho: number, neu1e: Float32Array, syn1: Float32Array, codes: Uint8Array, points: Int32Array, off: number, len: number,
  dim: number, alpha: number,
): void {
  for (let k = 0; k < len; k++) {
    const l2 = points[off + k]! * dim;
    let f = 0;
    for (let d = 0; d < dim; d++) f += h[ho + d]! * syn1[l2 + d]!;
    if (f <= -MAX_EXP || f >= MAX_EXP) continue;
    f = expTable[((f + MAX_EXP) * (EXP_TABLE_SIZE / MAX_EXP / 2)) | 0]!;
    const g = (1 - codes[off + k]! - f) * alpha;
    for (let d = 0; d < dim; d++) {
      neu1e[d]! += g * syn1[l2 + d]!;
      syn1[l2 + d]! += g * h[ho + d]!;
    }
  }
}

/** word2vec.c's initialisation: syn0 uniform in [−0.5, 0.5) / dim, output layers zero. */
export function initVectors(syn0: Float32Array, dim: number, rng: Rng, from = 0): void {
  for (let i = from; i < syn0.length; i++) syn0[i] = (rng.float() - 0.5) / dim;
}
