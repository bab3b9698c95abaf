/**
 * The WebAssembly SIMD side of the word2vec kernel (wasm/kernel.wat): vectors live in one shared
 * WebAssembly memory that every training thread maps, and each thread has its own scratch slot
 * (neu1, neu1e, drawn targets, context ids, one sentence). The JavaScript kernel subsamples a
 * sentence and hands it over in one call.
 */
import { KERNEL_WASM_BASE64 } from './wasm/kernel-bytes.js';

/** Where things are in the shared memory (byte offsets). */
export interface WasmLayout {
  dim: number;
  rows: number;
  exp: number;
  scratch: number;
  slotBytes: number;
  /** Room in each slot for drawn targets, context ids and one sentence (word ids). */
  targets: number;
  context: number;
  sentence: number;
  /** The unigram table for negative draws. */
  table: number;
  tableSize: number;
  slots: number;
  syn0: number;
  syn1neg: number;
}

export interface WasmShared {
  memory: WebAssembly.Memory;
  layout: WasmLayout;
}

let compiled: WebAssembly.Module | null | undefined;

/** The compiled module, or null where WebAssembly SIMD or shared memory is unavailable. */
export function wasmKernelModule(): WebAssembly.Module | null {
  if (compiled !== undefined) return compiled;
  try {
    const bin = atob(KERNEL_WASM_BASE64);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    compiled = new WebAssembly.Module(bytes);
  } catch {
    compiled = null;
  }
  return compiled;
}

const align16 = (n: number) => (n + 15) & ~15;
/** Longest sentence handed over in one call; longer ones are trained in pieces (gensim caps at 10,000 too). */
export const MAX_SENTENCE = 10_000;
const PAGE = 65536;

/**
 * Shared memory for `rows` vectors of `dim` floats (input and output layers) and `slots` scratch
 * slots; null when the wasm kernel cannot be used (no support, dim not a multiple of 4, over 4 GiB).
 */
export function createWasmShared(
  rows: number, dim: number, slots: number, negative: number, window: number, expTable: Float32Array, tableSize: number,
): WasmShared | null {
  if (dim % 4 !== 0 || !wasmKernelModule()) return null;
  const targets = negative + 1;
  const context = 2 * window;
  const sentence = MAX_SENTENCE;
  const slotBytes = align16(dim * 4) * 2 + align16(targets * 4) + align16(context * 4) + align16(sentence * 4);
  const exp = 0;
  const scratch = align16(expTable.length * 4);
  const table = align16(scratch + slots * slotBytes);
  const syn0 = align16(table + tableSize * 4);
  const syn1neg = syn0 + align16(rows * dim * 4);
  const total = syn1neg + align16(rows * dim * 4);
  const pages = Math.ceil(total / PAGE);
  if (pages > 65536) return null;
  let memory: WebAssembly.Memory;
  try {
    memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
  } catch {
    return null;
  }
  new Float32Array(memory.buffer, exp, expTable.length).set(expTable);
  return { memory, layout: { dim, rows, exp, scratch, slotBytes, targets, context, sentence, table, tableSize, slots, syn0, syn1neg } };
}

interface Exports {
  init(dim: number, syn0: number, syn1: number, exp: number): void;
  set_rng(s: number): void;
  get_rng(): number;
  sg_sentence(sent: number, len: number, window: number, neg: number, table: number, tsize: number, e: number, t: number, alpha: number): void;
  cbow_sentence(sent: number, len: number, window: number, neg: number, table: number, tsize: number, ctx: number, h: number, e: number, t: number, alpha: number): void;
}

/** One thread's view: its instance of the module and its scratch slot. */
export class WasmKernel {
  private readonly x: Exports;
  private readonly h: number;
  private readonly e: number;
  private readonly t: number;
  private readonly ctx: number;
  private readonly sent: number;
  private readonly sentence: Int32Array;
  private readonly layout: WasmLayout;

  constructor(shared: WasmShared, slot: number) {
    const { layout, memory } = shared;
    if (!(slot >= 0 && slot < layout.slots)) throw new RangeError(`wasm kernel slot ${slot} out of range`);
    const instance = new WebAssembly.Instance(wasmKernelModule()!, { env: { memory } });
    this.x = instance.exports as unknown as Exports;
    this.x.init(layout.dim, layout.syn0, layout.syn1neg, layout.exp);
    const base = layout.scratch + slot * layout.slotBytes;
    const vec = align16(layout.dim * 4);
    this.h = base;
    this.e = base + vec;
    this.t = base + 2 * vec;
    this.ctx = this.t + align16(layout.targets * 4);
    this.sent = this.ctx + align16(layout.context * 4);
    this.sentence = new Int32Array(memory.buffer, this.sent, layout.sentence);
    this.layout = layout;
  }

  /** The unigram table's place in the shared memory (filled once per training run). */
  static table(shared: WasmShared): Int32Array {
    return new Int32Array(shared.memory.buffer, shared.layout.table, shared.layout.tableSize);
  }

  /**
   * Trains on one subsampled sentence. `state` is the thread's xorshift32 state; the new state is
   * returned (windows and negatives come from the same stream as in the JavaScript kernel).
   */
  trainSentence(ids: readonly number[], cbow: boolean, window: number, negative: number, alpha: number, state: number): number {
    const L = this.layout;
    this.x.set_rng(state);
    for (let from = 0; from < ids.length; from += L.sentence) {
      const len = Math.min(L.sentence, ids.length - from);
      for (let i = 0; i < len; i++) this.sentence[i] = ids[from + i]!;
      if (cbow) this.x.cbow_sentence(this.sent, len, window, negative, L.table, L.tableSize, this.ctx, this.h, this.e, this.t, alpha);
      else this.x.sg_sentence(this.sent, len, window, negative, L.table, L.tableSize, this.e, this.t, alpha);
    }
    return this.x.get_rng() >>> 0;
  }
}
