/** Turning encodings into padded int64 feeds, and the small numerics the heads need. */
import { KornluError } from '../errors.js';
import type { Session, OrtTensor } from '../runtime/backend.js';
import type { Encoding } from '../tokenizers/subword/encoding.js';

/** input_ids / attention_mask / token_type_ids for a batch, right-padded to the longest. */
export function encoderFeeds(session: Session, batch: readonly Encoding[], padId: number): { feeds: Record<string, OrtTensor>; length: number } {
  const length = Math.max(1, ...batch.map((e) => e.ids.length));
  const n = batch.length * length;
  const ids = new BigInt64Array(n).fill(BigInt(padId));
  const mask = new BigInt64Array(n);
  const types = new BigInt64Array(n);
  batch.forEach((e, b) => {
    const o = b * length;
    for (let k = 0; k < e.ids.length; k++) {
      ids[o + k] = BigInt(e.ids[k]!);
      mask[o + k] = BigInt(e.attentionMask[k]!);
      types[o + k] = BigInt(e.typeIds[k]!);
    }
  });
  const dims = [batch.length, length];
  const feeds: Record<string, OrtTensor> = { input_ids: session.int64(dims, ids), attention_mask: session.int64(dims, mask) };
  if (session.inputNames.includes('token_type_ids')) feeds.token_type_ids = session.int64(dims, types);
  return { feeds, length };
}

/** A float32 output checked against the shape the head expects. */
export function floatOutput(session: Session, out: Record<string, OrtTensor>, name: string, dims: Array<number | null>): Float32Array {
  const t = out[name];
  if (!t) throw new KornluError('MODEL_MISMATCH', `model has no output "${name}"; it has [${Object.keys(out).join(', ')}]`, { path: session.file });
  const ok = t.type === 'float32' && t.dims.length === dims.length && dims.every((d, i) => d === null || d === t.dims[i]);
  if (!ok) {
    throw new KornluError('MODEL_MISMATCH', `output "${name}" is ${t.type}[${t.dims.join(', ')}], expected float32[${dims.map((d) => d ?? '?').join(', ')}]`, { path: session.file });
  }
  return t.data as Float32Array;
}

/** Indices that sort items by length, so batches pad little; results go back in input order. */
export function lengthOrder(lengths: readonly number[]): number[] {
  return lengths.map((_, i) => i).sort((a, b) => lengths[a]! - lengths[b]!);
}

/** log-softmax of x[from..to), e.g. one row of logits or a window's context tokens. */
export function logSoftmax(x: ArrayLike<number>, from = 0, to = x.length): Float64Array {
  let max = -Infinity;
  for (let i = from; i < to; i++) max = Math.max(max, x[i]!);
  let sum = 0;
  for (let i = from; i < to; i++) sum += Math.exp(x[i]! - max);
  const lse = max + Math.log(sum);
  const out = new Float64Array(to - from);
  for (let i = from; i < to; i++) out[i - from] = x[i]! - lse;
  return out;
}

export function softmax(x: ArrayLike<number>, from = 0, to = x.length): Float64Array {
  return logSoftmax(x, from, to).map(Math.exp);
}

export function padIdOf(tok: { tokenToId(t: string): number | undefined }, configPad: number | undefined): number {
  return configPad ?? tok.tokenToId('[PAD]') ?? tok.tokenToId('<pad>') ?? 0;
}

export function checkBatchSize(n: number | undefined, fallback: number): number {
  const v = n ?? fallback;
  if (!Number.isInteger(v) || v < 1) throw new KornluError('INVALID_ARGUMENT', `batchSize must be a positive integer, got ${v}`);
  return v;
}
