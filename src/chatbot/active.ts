/**
 * Active learning by uncertainty sampling (Settles 2009): which unlabeled utterances to label
 * next. Each strategy scores a probability vector; higher means more useful to label.
 */
import { KornluError } from '../errors.js';

export type UncertaintyStrategy = 'least-confidence' | 'margin' | 'entropy';
export const UNCERTAINTY_STRATEGIES: readonly UncertaintyStrategy[] = ['least-confidence', 'margin', 'entropy'];

/** How uncertain one prediction is: 1 − max p; 1 − (p1 − p2); or entropy in nats. */
export function uncertainty(p: ArrayLike<number>, strategy: UncertaintyStrategy): number {
  let a = -Infinity, b = -Infinity, h = 0;
  for (let i = 0; i < p.length; i++) {
    const v = p[i]!;
    if (v > a) (b = a, a = v);
    else if (v > b) b = v;
    if (v > 0) h -= v * Math.log(v);
  }
  switch (strategy) {
    case 'least-confidence':
      return 1 - a;
    case 'margin':
      return 1 - (a - (b === -Infinity ? 0 : b));
    case 'entropy':
      return h;
    default:
      throw new KornluError('INVALID_ARGUMENT', `unknown strategy ${JSON.stringify(strategy)}; expected ${UNCERTAINTY_STRATEGIES.join(', ')}`);
  }
}

/**
 * Indices of `probabilities` ordered most uncertain first (ties: lower index first), with scores.
 * Default `margin`: on 3i4K it was the one strategy ahead of random labeling; entropy and least
 * confidence chase inherently ambiguous utterances (benchmarks/results/chatbot.md).
 */
export function rankForLabeling(probabilities: readonly ArrayLike<number>[], strategy: UncertaintyStrategy = 'margin'): Array<{ index: number; score: number }> {
  return probabilities
    .map((p, index) => ({ index, score: uncertainty(p, strategy) }))
    .sort((x, y) => y.score - x.score || x.index - y.index);
}
