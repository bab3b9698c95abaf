/**
 * Corpus-level BLEU and chrF for generated text, with several references per hypothesis allowed
 * (sacreBLEU 2's definitions: BLEU-4 with brevity penalty over 13a-style tokens — punctuation
 * split from words —; chrF with character n-grams up to 6, β = 2, whitespace ignored, the best
 * reference per sentence). Scores are 0–100.
 *
 * @example
 * bleu(['오늘 날씨가 좋네요.'], [['오늘 날씨가 좋네요.']]).score;   // 100
 * chrF(['맛있는 거 드세요.'], [['맛있는 걸 드세요.']]).score;
 */

function ngrams(items: readonly string[], n: number): Map<string, number> {
  const m = new Map<string, number>();
  for (let i = 0; i + n <= items.length; i++) {
    const k = items.slice(i, i + n).join('\u0001');
    m.set(k, (m.get(k) ?? 0) + 1);
  }
  return m;
}

/** 13a-style tokens: whitespace-separated, with punctuation and symbols split off as tokens. */
export function bleuTokens(text: string): string[] {
  return text.replace(/([\p{P}\p{S}])/gu, ' $1 ').split(/\s+/u).filter(Boolean);
}

function checkCorpus(hyps: readonly string[], refs: ReadonlyArray<readonly string[]>): void {
  if (hyps.length !== refs.length) throw new RangeError(`${hyps.length} hypotheses but ${refs.length} reference lists`);
  refs.forEach((r, i) => {
    if (r.length === 0) throw new RangeError(`hypothesis ${i} has no reference`);
  });
}

export interface BleuResult {
  score: number;
  /** Modified n-gram precisions (percent), n = 1…4. */
  precisions: number[];
  brevityPenalty: number;
  hypLength: number;
  refLength: number;
}

export function bleu(hyps: readonly string[], refs: ReadonlyArray<readonly string[]>, maxOrder = 4): BleuResult {
  checkCorpus(hyps, refs);
  const match = new Array<number>(maxOrder).fill(0);
  const total = new Array<number>(maxOrder).fill(0);
  let hypLength = 0;
  let refLength = 0;
  hyps.forEach((h, i) => {
    const ht = bleuTokens(h);
    const rts = refs[i]!.map(bleuTokens);
    hypLength += ht.length;
    // Closest reference length (shorter wins a tie), as sacreBLEU.
    refLength += rts.map((r) => r.length).reduce((best, l) => (Math.abs(l - ht.length) < Math.abs(best - ht.length) || (Math.abs(l - ht.length) === Math.abs(best - ht.length) && l < best) ? l : best));
    for (let n = 1; n <= maxOrder; n++) {
      const hg = ngrams(ht, n);
      const maxRef = new Map<string, number>();
      for (const r of rts) for (const [k, c] of ngrams(r, n)) maxRef.set(k, Math.max(maxRef.get(k) ?? 0, c));
      for (const [k, c] of hg) match[n - 1]! += Math.min(c, maxRef.get(k) ?? 0);
      total[n - 1]! += Math.max(0, ht.length - n + 1);
    }
  });
  const precisions = match.map((m, n) => (total[n]! > 0 ? (100 * m) / total[n]! : 0));
  const brevityPenalty = hypLength === 0 ? 0 : hypLength < refLength ? Math.exp(1 - refLength / hypLength) : 1;
  const logMean = match.every((m) => m > 0) ? match.reduce((s, m, n) => s + Math.log(m / total[n]!), 0) / maxOrder : -Infinity;
  return { score: 100 * brevityPenalty * Math.exp(logMean), precisions, brevityPenalty, hypLength, refLength };
}

function charStats(hyp: string, ref: string, order: number): Array<[number, number, number]> {
  const h = [...hyp.replace(/\s+/gu, '')];
  const r = [...ref.replace(/\s+/gu, '')];
  const out: Array<[number, number, number]> = [];
  for (let n = 1; n <= order; n++) {
    const hg = ngrams(h, n);
    const rg = ngrams(r, n);
    let m = 0;
    for (const [k, c] of hg) m += Math.min(c, rg.get(k) ?? 0);
    out.push([m, Math.max(0, h.length - n + 1), Math.max(0, r.length - n + 1)]);
  }
  return out;
}

/** sacreBLEU 2's chrF: the F-score of each n-gram order, averaged over the orders both sides have. */
function fScore(stats: Array<[number, number, number]>, beta: number): number {
  const eps = 1e-16;
  const b2 = beta * beta;
  let sum = 0;
  let orders = 0;
  for (const [m, h, r] of stats) {
    const p = h > 0 ? m / h : eps;
    const rec = r > 0 ? m / r : eps;
    const d = b2 * p + rec;
    sum += d > 0 ? ((1 + b2) * p * rec) / d : eps;
    if (h > 0 && r > 0) orders++;
  }
  return orders === 0 ? 0 : sum / orders;
}

/** chrF (character n-gram F-score); with several references the best one per sentence counts. */
export function chrF(hyps: readonly string[], refs: ReadonlyArray<readonly string[]>, order = 6, beta = 2): { score: number } {
  checkCorpus(hyps, refs);
  const sum: Array<[number, number, number]> = Array.from({ length: order }, () => [0, 0, 0]);
  hyps.forEach((h, i) => {
    let best: Array<[number, number, number]> | null = null;
    let bestF = -1;
    for (const r of refs[i]!) {
      const s = charStats(h, r, order);
      const f = fScore(s, beta);
      if (f > bestF) [best, bestF] = [s, f];
    }
    best!.forEach(([m, hh, rr], n) => {
      sum[n]![0] += m;
      sum[n]![1] += hh;
      sum[n]![2] += rr;
    });
  });
  return { score: 100 * fScore(sum, beta) };
}
