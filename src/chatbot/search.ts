/**
 * Hyper-parameter search for light heads: random configurations, pruned by successive halving
 * (Jamieson & Talwalkar 2016) on the validation loss, within a wall-clock budget. Each rung gives
 * the surviving configurations `eta` times more epochs; the winner is then trained to early
 * stopping.
 */
import { Rng } from '../embeddings/kernel.js';
import { KornluError } from '../errors.js';
import { trainHead, type HeadHyperParams, type LabeledSet, type TrainedHead, type TrainHeadOptions } from './train.js';

export interface SearchSpace {
  /** Log-uniform range (default [1e-3, 3e-2]). */
  learningRate?: readonly [number, number];
  /** Log-uniform range (default [1e-6, 1e-2]). */
  l2?: readonly [number, number];
  /** Choices (default [0, 64, 128]; 0 is softmax regression). */
  hidden?: readonly number[];
  /** Uniform range (default [0, 0.5]). */
  dropout?: readonly [number, number];
}

export interface SearchOptions extends Omit<TrainHeadOptions, keyof HeadHyperParams | 'init' | 'onEpoch' | 'maxEpochs'> {
  space?: SearchSpace;
  /** Configurations sampled (default 12). */
  trials?: number;
  /** Halving factor (default 3). */
  eta?: number;
  /** Epochs in the first rung (default 4). */
  minEpochs?: number;
  /** Epoch cap of the final training (default 100). */
  maxEpochs?: number;
  /** Wall-clock budget in milliseconds for the pruning rounds (default 30 000); the winner's final training comes after. */
  budgetMs?: number;
  onTrial?: (t: TrialResult) => void;
}

export interface TrialResult {
  params: Required<HeadHyperParams>;
  rung: number;
  epochs: number;
  validationLoss: number;
  validationAccuracy: number;
}

export interface SearchResult extends TrainedHead {
  params: Required<HeadHyperParams>;
  trials: TrialResult[];
  /** True when the budget ran out before every rung finished. */
  budgetExhausted: boolean;
  elapsedMs: number;
}

export function searchHead(train: LabeledSet, validation: LabeledSet, o: SearchOptions): SearchResult {
  if (validation.x.length === 0) throw new KornluError('INVALID_ARGUMENT', 'hyper-parameter search needs a validation set');
  const space = o.space ?? {};
  const lrRange = space.learningRate ?? [1e-3, 3e-2];
  const l2Range = space.l2 ?? [1e-6, 1e-2];
  const hiddens = space.hidden ?? [0, 64, 128];
  const dropRange = space.dropout ?? [0, 0.5];
  const trials = o.trials ?? 12;
  const eta = o.eta ?? 3;
  const budget = o.budgetMs ?? 30_000;
  const maxEpochs = o.maxEpochs ?? 100;
  if (!Number.isInteger(trials) || trials < 1 || !(eta > 1) || !(budget > 0) || hiddens.length === 0) throw new KornluError('INVALID_ARGUMENT', 'search needs trials ≥ 1, eta > 1, budgetMs > 0 and at least one hidden size');
  const rng = new Rng(o.seed ?? 1);
  const logUniform = ([a, b]: readonly [number, number]) => Math.exp(Math.log(a) + rng.float() * (Math.log(b) - Math.log(a)));
  let alive: Array<Required<HeadHyperParams>> = Array.from({ length: trials }, () => {
    const hidden = hiddens[rng.next() % hiddens.length]!;
    return { hidden, learningRate: logUniform(lrRange), l2: logUniform(l2Range), dropout: hidden ? dropRange[0] + rng.float() * (dropRange[1] - dropRange[0]) : 0 };
  });
  const t0 = performance.now();
  const base: TrainHeadOptions = { classes: o.classes };
  if (o.batchSize !== undefined) base.batchSize = o.batchSize;
  if (o.patience !== undefined) base.patience = o.patience;
  if (o.classWeight !== undefined) base.classWeight = o.classWeight;
  if (o.seed !== undefined) base.seed = o.seed;
  const results: TrialResult[] = [];
  let exhausted = false;
  let epochs = o.minEpochs ?? 4;
  let leader: TrialResult | null = null;
  for (let rung = 0; alive.length > 0 && !exhausted; rung++) {
    const scored: TrialResult[] = [];
    for (const params of alive) {
      if (performance.now() - t0 > budget) {
        exhausted = true;
        break;
      }
      const r = trainHead(train, validation, { ...base, ...params, maxEpochs: Math.min(epochs, maxEpochs) });
      const best = r.history[r.bestEpoch - 1]!;
      const t = { params, rung, epochs: r.history.length, validationLoss: best.validationLoss, validationAccuracy: best.validationAccuracy };
      scored.push(t);
      results.push(t);
      o.onTrial?.(t);
    }
    scored.sort((a, b) => a.validationLoss - b.validationLoss);
    if (scored[0] && (!leader || rung > leader.rung || scored[0].validationLoss < leader.validationLoss)) leader = scored[0];
    if (alive.length === 1 || epochs >= maxEpochs) break;
    alive = scored.slice(0, Math.max(1, Math.floor(scored.length / eta))).map((t) => t.params);
    epochs = Math.round(epochs * eta);
  }
  // The budget always admits the first trial, so there is a leader.
  const params = leader!.params;
  const final = trainHead(train, validation, { ...base, ...params, maxEpochs });
  return { ...final, params, trials: results, budgetExhausted: exhausted, elapsedMs: performance.now() - t0 };
}
