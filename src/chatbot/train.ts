/**
 * Training a light head: mini-batch Adam on class-weighted cross-entropy with L2 and dropout,
 * early stopping on the validation loss (the best epoch's weights are kept), reproducible under a
 * seed. Also the stratified split the trainers share.
 */
import { Rng } from '../embeddings/kernel.js';
import { KornluError } from '../errors.js';
import { LightHead, sparseRow, type SparseRow } from './head.js';

export interface LabeledSet {
  x: readonly Float32Array[];
  /** Class index per row, 0 … classes − 1. */
  y: readonly number[];
}

export interface HeadHyperParams {
  /** Hidden units; 0 is softmax regression (default 0). */
  hidden?: number;
  /** Adam learning rate (default 0.01). */
  learningRate?: number;
  /** L2 penalty on weights, not biases (default 1e-4). */
  l2?: number;
  /** Dropout on the hidden layer (default 0.2; ignored when hidden is 0). */
  dropout?: number;
}

export interface TrainHeadOptions extends HeadHyperParams {
  classes: number;
  batchSize?: number;
  /** Upper bound on epochs (default 100). */
  maxEpochs?: number;
  /** Stop after this many epochs without a better validation loss (default 8). */
  patience?: number;
  /** `balanced` weights each class by n / (classes · n_c) (default); or explicit weights; or none. */
  classWeight?: 'balanced' | 'none' | readonly number[];
  seed?: number;
  /** Continue from these weights (for successive halving and retraining). */
  init?: LightHead;
  onEpoch?: (e: EpochStats) => void;
}

export interface EpochStats {
  epoch: number;
  trainLoss: number;
  validationLoss: number;
  validationAccuracy: number;
}

export interface TrainedHead {
  head: LightHead;
  history: EpochStats[];
  bestEpoch: number;
  bestValidationLoss: number;
}

export function trainHead(train: LabeledSet, validation: LabeledSet, o: TrainHeadOptions): TrainedHead {
  const C = o.classes;
  checkSet(train, C, 'train');
  checkSet(validation, C, 'validation');
  if (train.x.length === 0) throw new KornluError('INVALID_ARGUMENT', 'no training examples');
  const inputDim = train.x[0]!.length;
  for (const set of [train, validation]) for (const x of set.x) if (x.length !== inputDim) throw new KornluError('INVALID_ARGUMENT', `feature vectors differ in length (${x.length} vs ${inputDim})`);
  const hidden = o.hidden ?? 0;
  const lr = o.learningRate ?? 0.01;
  const l2 = o.l2 ?? 1e-4;
  const dropout = hidden ? (o.dropout ?? 0.2) : 0;
  const batch = o.batchSize ?? 32;
  const maxEpochs = o.maxEpochs ?? 100;
  const patience = o.patience ?? 8;
  if (!(lr > 0) || !(l2 >= 0) || !(dropout >= 0 && dropout < 1) || !Number.isInteger(batch) || batch < 1 || !Number.isInteger(maxEpochs) || maxEpochs < 1) {
    throw new KornluError('INVALID_ARGUMENT', `bad hyper-parameters ${JSON.stringify({ learningRate: lr, l2, dropout, batchSize: batch, maxEpochs })}`);
  }
  const rng = new Rng(o.seed ?? 1);
  const head = o.init ? o.init.clone() : initHead({ inputDim, hidden, classes: C }, rng);
  if (head.shape.inputDim !== inputDim || head.shape.classes !== C || head.shape.hidden !== hidden) throw new KornluError('MODEL_MISMATCH', 'init head does not match the data and options');
  const weights = classWeights(train.y, C, o.classWeight ?? 'balanced');
  const rows = train.x.map(sparseRow);
  const totalWeight = train.y.reduce((a, c) => a + weights[c]!, 0);
  const valRows = validation.x.map(sparseRow);

  const p = head.params;
  const tensors = [p.w1, p.b1, ...(p.w2 ? [p.w2, p.b2!] : [])];
  const decay = [true, false, true, false];
  const grads = tensors.map((t) => new Float32Array(t.length));
  const m = tensors.map((t) => new Float32Array(t.length));
  const v = tensors.map((t) => new Float32Array(t.length));
  let step = 0;
  const first = hidden || C;
  const h = new Float32Array(Math.max(1, hidden));
  const mask = new Float32Array(Math.max(1, hidden));
  const logits = new Float32Array(C);
  const dOut = new Float32Array(C);
  const dH = new Float32Array(Math.max(1, hidden));
  const order = rows.map((_, i) => i);

  const history: EpochStats[] = [];
  let best = { loss: Infinity, epoch: 0, head: head.clone() };
  for (let epoch = 1; epoch <= maxEpochs; epoch++) {
    shuffle(order, rng);
    let trainLoss = 0;
    for (let s = 0; s < order.length; s += batch) {
      const end = Math.min(order.length, s + batch);
      for (const g of grads) g.fill(0);
      let wsum = 0;
      for (let t = s; t < end; t++) {
        const i = order[t]!;
        const x = rows[i]!;
        const y = train.y[i]!;
        const w = weights[y]!;
        wsum += w;
        if (hidden) for (let k = 0; k < hidden; k++) mask[k] = rng.float() < dropout ? 0 : 1 / (1 - dropout);
        head.logits(x, logits, h, hidden ? mask : undefined);
        trainLoss += w * softmaxGrad(logits, y, dOut);
        for (let c = 0; c < C; c++) dOut[c]! *= w;
        let dFirst: Float32Array = dOut;
        if (hidden) {
          // Output layer, then back through ReLU and dropout (h already holds the dropped activations).
          const gw2 = grads[2]!, gb2 = grads[3]!;
          for (let c = 0; c < C; c++) gb2[c]! += dOut[c]!;
          for (let k = 0; k < hidden; k++) {
            const a = h[k]!;
            let d = 0;
            for (let c = 0; c < C; c++) {
              gw2[k * C + c]! += a * dOut[c]!;
              d += p.w2![k * C + c]! * dOut[c]!;
            }
            dH[k] = a > 0 ? d * mask[k]! : 0;
          }
          dFirst = dH;
        }
        const gw1 = grads[0]!, gb1 = grads[1]!;
        for (let k = 0; k < first; k++) gb1[k]! += dFirst[k]!;
        for (let j = 0; j < x.idx.length; j++) {
          const xv = x.val[j]!;
          const off = x.idx[j]! * first;
          for (let k = 0; k < first; k++) gw1[off + k]! += xv * dFirst[k]!;
        }
      }
      step++;
      const scale = 1 / wsum;
      const b1c = 1 - 0.9 ** step, b2c = 1 - 0.999 ** step;
      const lrt = (lr * Math.sqrt(b2c)) / b1c;
      for (let ti = 0; ti < tensors.length; ti++) {
        const P = tensors[ti]!, G = grads[ti]!, M = m[ti]!, V = v[ti]!;
        const wd = decay[ti] ? l2 : 0;
        for (let k = 0; k < P.length; k++) adam(P, G, M, V, k, scale, wd, lrt);
      }
    }
    const val = evaluateHead(head, valRows, validation.y);
    const stats = { epoch, trainLoss: trainLoss / totalWeight, validationLoss: val.loss, validationAccuracy: val.accuracy };
    history.push(stats);
    o.onEpoch?.(stats);
    // Without validation rows there is nothing to stop on: all epochs run and the last weights stay.
    if (valRows.length === 0) continue;
    if (val.loss < best.loss - 1e-6) best = { loss: val.loss, epoch, head: head.clone() };
    else if (epoch - best.epoch >= patience) break;
  }
  if (valRows.length === 0) best = { loss: NaN, epoch: history.length, head };
  return { head: best.head, history, bestEpoch: best.epoch, bestValidationLoss: best.loss };
}

function adam(P: Float32Array, G: Float32Array, M: Float32Array, V: Float32Array, k: number, scale: number, wd: number, lrt: number): void {
  const g = G[k]! * scale + wd * P[k]!;
  M[k] = 0.9 * M[k]! + 0.1 * g;
  V[k] = 0.999 * V[k]! + 0.001 * g * g;
  P[k]! -= (lrt * M[k]!) / (Math.sqrt(V[k]!) + 1e-8);
}

/** Cross-entropy of one row; writes d(loss)/d(logits) into `grad`. */
function softmaxGrad(logits: Float32Array, y: number, grad: Float32Array): number {
  let max = -Infinity;
  for (const v of logits) max = Math.max(max, v);
  let sum = 0;
  for (let c = 0; c < logits.length; c++) sum += grad[c] = Math.exp(logits[c]! - max);
  for (let c = 0; c < logits.length; c++) grad[c]! /= sum;
  const loss = -Math.log(Math.max(grad[y]!, 1e-12));
  grad[y]! -= 1;
  return loss;
}

/** Mean (unweighted) cross-entropy and accuracy. */
export function evaluateHead(head: LightHead, rows: readonly SparseRow[], y: readonly number[]): { loss: number; accuracy: number } {
  const logits = new Float32Array(head.shape.classes);
  const grad = new Float32Array(head.shape.classes);
  let loss = 0;
  let correct = 0;
  rows.forEach((x, i) => {
    head.logits(x, logits);
    loss += softmaxGrad(logits, y[i]!, grad);
    if (argmax(logits) === y[i]) correct++;
  });
  return { loss: rows.length ? loss / rows.length : NaN, accuracy: rows.length ? correct / rows.length : NaN };
}

export function argmax(a: ArrayLike<number>): number {
  let b = 0;
  for (let i = 1; i < a.length; i++) if (a[i]! > a[b]!) b = i;
  return b;
}

function initHead(shape: { inputDim: number; hidden: number; classes: number }, rng: Rng): LightHead {
  const head = new LightHead(shape);
  const { w1, w2 } = head.params;
  // Glorot-uniform for the hidden layer; softmax regression starts at zero (a convex problem).
  if (shape.hidden) {
    fillUniform(w1, Math.sqrt(6 / (shape.inputDim + shape.hidden)), rng);
    fillUniform(w2!, Math.sqrt(6 / (shape.hidden + shape.classes)), rng);
  }
  return head;
}

function fillUniform(a: Float32Array, limit: number, rng: Rng): void {
  for (let i = 0; i < a.length; i++) a[i] = (rng.float() * 2 - 1) * limit;
}

export function shuffle<T>(a: T[], rng: Rng): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = rng.next() % (i + 1);
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
}

function classWeights(y: readonly number[], C: number, how: 'balanced' | 'none' | readonly number[]): number[] {
  if (Array.isArray(how)) {
    if (how.length !== C || how.some((w) => !(w > 0))) throw new KornluError('INVALID_ARGUMENT', `classWeight needs ${C} positive numbers`);
    return [...how];
  }
  if (how === 'none') return new Array<number>(C).fill(1);
  if (how !== 'balanced') throw new KornluError('INVALID_ARGUMENT', `classWeight must be balanced, none or an array, got ${JSON.stringify(how)}`);
  const counts = new Array<number>(C).fill(0);
  for (const c of y) counts[c]!++;
  return counts.map((n) => (n ? y.length / (C * n) : 1));
}

function checkSet(s: LabeledSet, C: number, what: string): void {
  if (s.x.length !== s.y.length) throw new KornluError('INVALID_ARGUMENT', `${what}: ${s.x.length} vectors but ${s.y.length} labels`);
  for (const c of s.y) if (!Number.isInteger(c) || c < 0 || c >= C) throw new KornluError('INVALID_ARGUMENT', `${what}: label ${c} is not a class index below ${C}`);
}

/**
 * Indices split into parts of the given fractions, class by class, so each part keeps the label
 * mix. Classes with few examples put at least one in train first. Deterministic under `seed`.
 */
export function stratifiedSplit(labels: readonly number[], fractions: readonly number[], seed = 1): number[][] {
  if (fractions.some((f) => !(f >= 0)) || Math.abs(fractions.reduce((a, b) => a + b, 0) - 1) > 1e-9) {
    throw new KornluError('INVALID_ARGUMENT', 'split fractions must be non-negative and sum to 1');
  }
  const rng = new Rng(seed);
  const byClass = new Map<number, number[]>();
  labels.forEach((c, i) => {
    if (!byClass.has(c)) byClass.set(c, []);
    byClass.get(c)!.push(i);
  });
  const parts: number[][] = fractions.map(() => []);
  for (const c of [...byClass.keys()].sort((a, b) => a - b)) {
    const idx = byClass.get(c)!;
    shuffle(idx, rng);
    // Largest-remainder rounding of the class's counts, later parts first to get ≥ 1 when possible.
    const n = idx.length;
    const want = fractions.map((f) => f * n);
    const take = want.map(Math.floor);
    let left = n - take.reduce((a, b) => a + b, 0);
    const order = want.map((w, k) => [w - Math.floor(w), k] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
    for (const [, k] of order) if (left > 0) (take[k]!++, left--);
    let at = 0;
    take.forEach((t, k) => {
      parts[k]!.push(...idx.slice(at, at + t));
      at += t;
    });
  }
  for (const p of parts) p.sort((a, b) => a - b);
  return parts;
}
