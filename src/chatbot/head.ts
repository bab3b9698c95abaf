/**
 * A light classification head over frozen features: softmax regression (`hidden: 0`) or one
 * hidden ReLU layer. Small enough to train in Node in seconds and to save as a few kB of JSON.
 */
import { base64ToFloat32, float32ToBase64 as b64 } from '../base64.js';
import { KornluError } from '../errors.js';
import { softmax as softmax64 } from '../pipelines/tensors.js';

export interface HeadShape {
  inputDim: number;
  hidden: number;
  classes: number;
}

/** Parameters, row-major with the input index first (`w1[i * hidden + h]`). */
export interface HeadParams {
  w1: Float32Array;
  b1: Float32Array;
  /** Absent for softmax regression. */
  w2: Float32Array | null;
  b2: Float32Array | null;
}

export interface HeadJSON {
  format: 'kornlu-head';
  version: 1;
  inputDim: number;
  hidden: number;
  classes: number;
  /** Base64 float32, little-endian. */
  w1: string;
  b1: string;
  w2: string | null;
  b2: string | null;
}

/** A feature vector with its non-zero entries listed, so hashed (sparse) blocks cost nothing. */
export interface SparseRow {
  idx: Int32Array;
  val: Float32Array;
}

export function sparseRow(x: Float32Array): SparseRow {
  let n = 0;
  for (const v of x) if (v !== 0) n++;
  const idx = new Int32Array(n);
  const val = new Float32Array(n);
  let j = 0;
  for (let i = 0; i < x.length; i++) {
    if (x[i] !== 0) {
      idx[j] = i;
      val[j++] = x[i]!;
    }
  }
  return { idx, val };
}

export class LightHead {
  readonly shape: HeadShape;
  readonly params: HeadParams;

  constructor(shape: HeadShape, params?: HeadParams) {
    const { inputDim, hidden, classes } = shape;
    if (![inputDim, classes].every((n) => Number.isInteger(n) && n >= 1) || !Number.isInteger(hidden) || hidden < 0) {
      throw new KornluError('INVALID_ARGUMENT', `bad head shape ${JSON.stringify(shape)}`);
    }
    if (classes < 2) throw new KornluError('INVALID_ARGUMENT', 'a classifier needs at least two classes');
    this.shape = { inputDim, hidden, classes };
    const first = hidden || classes;
    this.params = params ?? {
      w1: new Float32Array(inputDim * first),
      b1: new Float32Array(first),
      w2: hidden ? new Float32Array(hidden * classes) : null,
      b2: hidden ? new Float32Array(classes) : null,
    };
    const p = this.params;
    const ok = p.w1.length === inputDim * first && p.b1.length === first && (hidden ? p.w2?.length === hidden * classes && p.b2?.length === classes : p.w2 === null && p.b2 === null);
    if (!ok) throw new KornluError('MODEL_MISMATCH', `head parameters do not fit shape ${JSON.stringify(this.shape)}`);
  }

  /**
   * Logits of one row. `hiddenOut` receives the post-ReLU activations (training reuses them);
   * `dropMask` (training only) zeroes and rescales hidden units.
   */
  logits(x: SparseRow, out: Float32Array = new Float32Array(this.shape.classes), hiddenOut?: Float32Array, dropMask?: Float32Array): Float32Array {
    const { hidden, classes } = this.shape;
    const { w1, b1, w2, b2 } = this.params;
    const first = hidden || classes;
    const h = hidden ? (hiddenOut ?? new Float32Array(hidden)) : out;
    h.set(b1);
    for (let j = 0; j < x.idx.length; j++) {
      const v = x.val[j]!;
      const o = x.idx[j]! * first;
      for (let k = 0; k < first; k++) h[k]! += v * w1[o + k]!;
    }
    if (!hidden) return out;
    for (let k = 0; k < hidden; k++) h[k] = h[k]! > 0 ? h[k]! * (dropMask ? dropMask[k]! : 1) : 0;
    out.set(b2!);
    for (let k = 0; k < hidden; k++) {
      const a = h[k]!;
      if (a === 0) continue;
      const o = k * classes;
      for (let c = 0; c < classes; c++) out[c]! += a * w2![o + c]!;
    }
    return out;
  }

  /** Class probabilities of a dense feature vector, softened by `temperature` (calibration). */
  probabilities(x: Float32Array, temperature = 1): Float32Array {
    if (x.length !== this.shape.inputDim) throw new KornluError('MODEL_MISMATCH', `head expects ${this.shape.inputDim} features, got ${x.length}`);
    return softmax(this.logits(sparseRow(x)), temperature);
  }

  clone(): LightHead {
    const p = this.params;
    return new LightHead(this.shape, { w1: p.w1.slice(), b1: p.b1.slice(), w2: p.w2?.slice() ?? null, b2: p.b2?.slice() ?? null });
  }

  toJSON(): HeadJSON {
    const p = this.params;
    return { format: 'kornlu-head', version: 1, ...this.shape, w1: b64(p.w1), b1: b64(p.b1), w2: p.w2 ? b64(p.w2) : null, b2: p.b2 ? b64(p.b2) : null };
  }

  static fromJSON(json: unknown): LightHead {
    const j = json as HeadJSON;
    if (!j || j.format !== 'kornlu-head' || j.version !== 1) throw new KornluError('MODEL_MISMATCH', 'not a kornlu head (format kornlu-head, version 1)');
    try {
      return new LightHead(
        { inputDim: j.inputDim, hidden: j.hidden, classes: j.classes },
        { w1: unb64(j.w1), b1: unb64(j.b1), w2: j.w2 === null ? null : unb64(j.w2), b2: j.b2 === null ? null : unb64(j.b2) },
      );
    } catch (e) {
      if (e instanceof KornluError) throw e;
      throw new KornluError('MODEL_MISMATCH', `corrupt head weights: ${(e as Error).message}`, { cause: e });
    }
  }
}

/** Softmax of logits / temperature (calibrated probabilities). */
export function softmax(logits: ArrayLike<number>, temperature = 1): Float32Array {
  return Float32Array.from(softmax64(Array.from(logits, (v) => v / temperature)));
}

function unb64(s: string): Float32Array {
  const out = base64ToFloat32(s);
  if (out.some((v) => !Number.isFinite(v))) throw new Error('weights hold NaN or infinity');
  return out;
}
