/**
 * Best-span search for extractive QA. For every start token, ends are tried only up to
 * `maxAnswerTokens` ahead, so one window costs O(window × maxAnswerTokens), not O(window²);
 * a small sorted buffer keeps the n best.
 */
import { logSoftmax } from '../tensors.js';

export interface Span {
  /** Token indices within the window, inclusive. */
  startToken: number;
  endToken: number;
  /** log p(start) + log p(end), probabilities over the window's context tokens. */
  logScore: number;
}

/**
 * The `topK` best spans whose tokens all lie in [from, to) (the window's context), with
 * end ≥ start and at most `maxAnswerTokens` tokens. `valid(k)` can veto tokens (e.g. no offsets).
 */
export function bestSpans(
  start: ArrayLike<number>,
  end: ArrayLike<number>,
  from: number,
  to: number,
  maxAnswerTokens: number,
  topK: number,
): Span[] {
  if (to <= from) return [];
  const ls = logSoftmax(start, from, to);
  const le = logSoftmax(end, from, to);
  const best: Span[] = [];
  let floor = -Infinity; // score of the worst kept span once the buffer is full
  for (let s = from; s < to; s++) {
    const a = ls[s - from]!;
    if (best.length === topK && a + 0 <= floor) continue; // log-probs ≤ 0: no end can lift it above the floor
    const last = Math.min(to - 1, s + maxAnswerTokens - 1);
    for (let e = s; e <= last; e++) {
      const score = a + le[e - from]!;
      if (best.length === topK && score <= floor) continue;
      let i = best.length;
      while (i > 0 && best[i - 1]!.logScore < score) i--;
      best.splice(i, 0, { startToken: s, endToken: e, logScore: score });
      if (best.length > topK) best.pop();
      if (best.length === topK) floor = best[topK - 1]!.logScore;
    }
  }
  return best;
}
