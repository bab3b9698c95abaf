/**
 * Knowing when the bot is unsure: temperature scaling (Guo et al. 2017) fitted on validation
 * logits, expected calibration error, and a confidence threshold for the fallback decision chosen
 * on validation data.
 */
import { KornluError } from '../errors.js';
import { logSoftmax } from '../pipelines/tensors.js';

/** Mean negative log-likelihood of labels under softmax(logits / t). */
export function nll(logits: readonly ArrayLike<number>[], labels: readonly number[], t = 1): number {
  if (logits.length === 0) return NaN;
  let s = 0;
  logits.forEach((l, i) => (s -= logSoftmax(Array.from(l, (v) => v / t))[labels[i]!]!));
  return s / logits.length;
}

/**
 * The temperature that minimizes validation NLL (golden-section search on log t over
 * [0.05, 20]); 1 when there is nothing to fit on.
 */
export function fitTemperature(logits: readonly ArrayLike<number>[], labels: readonly number[]): number {
  if (logits.length !== labels.length) throw new KornluError('INVALID_ARGUMENT', `${logits.length} logit rows but ${labels.length} labels`);
  if (logits.length === 0) return 1;
  const f = (u: number) => nll(logits, labels, Math.exp(u));
  let a = Math.log(0.05), b = Math.log(20);
  const g = (Math.sqrt(5) - 1) / 2;
  let c = b - g * (b - a), d = a + g * (b - a);
  let fc = f(c), fd = f(d);
  for (let it = 0; it < 40; it++) {
    if (fc < fd) (b = d, d = c, fd = fc, c = b - g * (b - a), fc = f(c));
    else (a = c, c = d, fc = fd, d = a + g * (b - a), fd = f(d));
  }
  return Math.exp((a + b) / 2);
}

/**
 * Expected calibration error: |accuracy − confidence| averaged over equal-width confidence bins,
 * weighted by bin size (15 bins, as in Guo et al.).
 */
export function expectedCalibrationError(confidence: readonly number[], correct: readonly boolean[], bins = 15): number {
  if (confidence.length !== correct.length) throw new KornluError('INVALID_ARGUMENT', 'confidence and correct differ in length');
  if (confidence.length === 0) return NaN;
  const n = new Array<number>(bins).fill(0), acc = new Array<number>(bins).fill(0), conf = new Array<number>(bins).fill(0);
  confidence.forEach((p, i) => {
    const b = Math.min(bins - 1, Math.floor(p * bins));
    n[b]!++;
    conf[b]! += p;
    if (correct[i]) acc[b]!++;
  });
  let e = 0;
  for (let b = 0; b < bins; b++) if (n[b]) e += Math.abs(acc[b]! - conf[b]!) / confidence.length;
  return e;
}

export interface ThresholdChoice {
  threshold: number;
  /** Share of in-domain inputs answered (not sent to the fallback). */
  coverage: number;
  /** Accuracy on the in-domain inputs answered. */
  accuracy: number;
  /** Share of out-of-domain inputs correctly sent to the fallback (when some were given). */
  rejected?: number;
  /** What was maximized. */
  objective: 'target-accuracy' | 'balanced';
}

/**
 * Picks the confidence threshold below which the bot falls back.
 *
 * - With out-of-domain examples: the threshold that maximizes the mean of (in-domain answered
 *   correctly) and (out-of-domain rejected) rates, so neither kind of error dominates.
 * - Without them: the lowest threshold whose answered in-domain accuracy reaches
 *   `targetAccuracy` (default 0.9), i.e. the most coverage at that accuracy.
 */
export function chooseThreshold(
  inDomain: ReadonlyArray<{ confidence: number; correct: boolean }>,
  options: { outOfDomain?: readonly number[]; targetAccuracy?: number } = {},
): ThresholdChoice {
  if (inDomain.length === 0) throw new KornluError('INVALID_ARGUMENT', 'chooseThreshold needs in-domain validation examples');
  const ood = [...(options.outOfDomain ?? [])].sort((a, b) => a - b);
  const ind = [...inDomain].sort((a, b) => a.confidence - b.confidence);
  // Suffix counts over the sorted in-domain rows: kept(t) = rows from the first with confidence ≥ t.
  const rightFrom = new Array<number>(ind.length + 1).fill(0);
  for (let i = ind.length - 1; i >= 0; i--) rightFrom[i] = rightFrom[i + 1]! + (ind[i]!.correct ? 1 : 0);
  const candidates = [0, ...new Set([...ind.map((e) => e.confidence), ...ood])].sort((a, b) => a - b);
  let i = 0, j = 0;
  // Candidates ascend, so both pointers only move forward.
  const stats = (t: number) => {
    while (i < ind.length && ind[i]!.confidence < t) i++;
    while (j < ood.length && ood[j]! < t) j++;
    const kept = ind.length - i;
    const right = rightFrom[i]!;
    return { coverage: kept / ind.length, accuracy: kept ? right / kept : 1, goodRate: right / ind.length, rejected: ood.length ? j / ood.length : 0 };
  };
  if (ood.length) {
    let best = { t: 0, score: -1, s: { coverage: 1, accuracy: 0, goodRate: 0, rejected: 0 } };
    for (const t of candidates) {
      const s = stats(t);
      const score = (s.goodRate + s.rejected) / 2;
      if (score > best.score + 1e-12) best = { t, score, s };
    }
    return { threshold: best.t, coverage: best.s.coverage, accuracy: best.s.accuracy, rejected: best.s.rejected, objective: 'balanced' };
  }
  const target = options.targetAccuracy ?? 0.9;
  if (!(target > 0 && target <= 1)) throw new KornluError('INVALID_ARGUMENT', 'targetAccuracy must be in (0, 1]');
  for (const t of candidates) {
    const s = stats(t);
    if (s.accuracy >= target) return { threshold: t, coverage: s.coverage, accuracy: s.accuracy, objective: 'target-accuracy' };
  }
  // Unreachable target: answer only the most confident inputs.
  const top = ind[ind.length - 1]!.confidence;
  const kept = ind.filter((e) => e.confidence >= top);
  return { threshold: top, coverage: kept.length / ind.length, accuracy: kept.filter((e) => e.correct).length / kept.length, objective: 'target-accuracy' };
}
