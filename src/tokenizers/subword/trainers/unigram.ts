/**
 * Unigram LM training (Kudo 2018, as in SentencePiece): seed with frequent substrings, then
 * alternate EM (expected piece counts by forward–backward over each distinct word) with pruning of
 * the pieces whose removal costs the least likelihood, until the vocabulary fits.
 */
import { cpWidth } from '../models/model.js';
import type { TrainerOptions } from './common.js';

export interface UnigramTrainOptions extends TrainerOptions {
  /** Longest piece in code points (default 8). */
  maxPieceLength?: number;
  /** Seed pieces before pruning, as a multiple of vocabSize (default 8). */
  seedFactor?: number;
  /** Fraction kept at each pruning round (default 0.75). */
  shrinkingFactor?: number;
  /** EM iterations per round (default 2). */
  emIterations?: number;
}

function logsumexp(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  return a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b));
}

/** Learns [piece, log-probability] pairs; every character of the corpus is kept as a piece. */
export function learnUnigram(counts: Map<string, number>, options: UnigramTrainOptions): Array<[string, number]> {
  const maxLen = options.maxPieceLength ?? 8;
  const words = [...counts.entries()];
  const specials = options.specialTokens?.length ?? 0;
  const target = Math.max(1, options.vocabSize - specials);
  // Seed: all characters, plus the most frequent substrings (frequency × length).
  const chars = new Map<string, number>();
  const subs = new Map<string, number>();
  for (const [w, c] of words) {
    const starts: number[] = [];
    for (let i = 0; i < w.length; i += cpWidth(w, i)) starts.push(i);
    starts.push(w.length);
    for (let a = 0; a + 1 < starts.length; a++) {
      const ch = w.slice(starts[a]!, starts[a + 1]!);
      chars.set(ch, (chars.get(ch) ?? 0) + c);
      for (let b = a + 2; b < starts.length && b - a <= maxLen; b++) {
        const s = w.slice(starts[a]!, starts[b]!);
        subs.set(s, (subs.get(s) ?? 0) + c);
      }
    }
  }
  const minFreq = options.minFrequency ?? 2;
  const seedSize = target * (options.seedFactor ?? 8);
  const seeds = [...subs.entries()]
    .filter(([, c]) => c >= minFreq)
    .sort((x, y) => y[1] * y[0].length - x[1] * x[0].length || (x[0] < y[0] ? -1 : 1))
    .slice(0, seedSize);
  let pieces = new Map<string, number>();
  const total = [...chars.values(), ...seeds.map(([, c]) => c)].reduce((s, c) => s + c, 0);
  for (const [p, c] of [...chars.entries(), ...seeds]) pieces.set(p, Math.log(c / total));
  const required = new Set(chars.keys());
  const emIters = options.emIterations ?? 2;
  const shrink = options.shrinkingFactor ?? 0.75;
  for (let round = 0; ; round++) {
    for (let it = 0; it < emIters; it++) pieces = emStep(words, pieces, maxLen);
    options.onProgress?.({ stage: 'unigram', done: Math.max(0, seedSize - pieces.size), total: seedSize });
    if (pieces.size <= target) break;
    const keep = Math.max(target, Math.floor(pieces.size * shrink));
    pieces = prune(words, pieces, keep, required, maxLen);
  }
  return [...pieces.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
}

/** One EM step: expected counts by forward–backward, then log(count / total). */
function emStep(words: Array<[string, number]>, pieces: Map<string, number>, maxLen: number): Map<string, number> {
  const expected = new Map<string, number>();
  for (const [w, c] of words) {
    const n = w.length;
    const alpha = new Float64Array(n + 1).fill(-Infinity);
    const beta = new Float64Array(n + 1).fill(-Infinity);
    alpha[0] = 0;
    const edges: Array<[number, number, string, number]> = [];
    for (let i = 0; i < n; i += cpWidth(w, i)) {
      if (alpha[i] === -Infinity) continue;
      let e = i;
      for (let k = 0; k < maxLen && e < n; k++) {
        e += cpWidth(w, e);
        const p = w.slice(i, e);
        const lp = pieces.get(p);
        if (lp === undefined) continue;
        edges.push([i, e, p, lp]);
        alpha[e] = logsumexp(alpha[e]!, alpha[i]! + lp);
      }
    }
    const z = alpha[n]!;
    if (z === -Infinity) continue;
    beta[n] = 0;
    for (let k = edges.length - 1; k >= 0; k--) {
      const [i, e, , lp] = edges[k]!;
      beta[i] = logsumexp(beta[i]!, beta[e]! + lp);
    }
    for (const [i, e, p, lp] of edges) {
      const post = Math.exp(alpha[i]! + lp + beta[e]! - z);
      if (post > 1e-12) expected.set(p, (expected.get(p) ?? 0) + c * post);
    }
  }
  let total = 0;
  for (const v of expected.values()) total += v;
  const out = new Map<string, number>();
  for (const [p, v] of expected) if (v > 0) out.set(p, Math.log(v / total));
  // Characters must stay even when EM gives them nothing: keep them at a tiny probability.
  for (const p of pieces.keys()) if (!out.has(p) && [...p].length === 1) out.set(p, Math.log(1e-9));
  return out;
}

/** Best segmentation score of `s` by Viterbi over `pieces`, optionally without one piece. */
function viterbi(s: string, pieces: Map<string, number>, maxLen: number, without?: string): number {
  const n = s.length;
  const best = new Float64Array(n + 1).fill(-Infinity);
  best[0] = 0;
  for (let i = 0; i < n; i += cpWidth(s, i)) {
    if (best[i] === -Infinity) continue;
    let e = i;
    for (let k = 0; k < maxLen && e < n; k++) {
      e += cpWidth(s, e);
      const p = s.slice(i, e);
      if (p === without) continue;
      const lp = pieces.get(p);
      if (lp !== undefined && best[i]! + lp > best[e]!) best[e] = best[i]! + lp;
    }
  }
  return best[n]!;
}

/**
 * Keeps the `keep` pieces whose loss is largest. A piece's loss is its expected frequency times
 * how much worse the best segmentation of the piece gets without it (SentencePiece's criterion).
 */
function prune(
  words: Array<[string, number]>,
  pieces: Map<string, number>,
  keep: number,
  required: Set<string>,
  maxLen: number,
): Map<string, number> {
  const freq = new Map<string, number>();
  for (const [w, c] of words) {
    // Viterbi path counts approximate usage.
    const n = w.length;
    const best = new Float64Array(n + 1).fill(-Infinity);
    const back = new Int32Array(n + 1).fill(-1);
    best[0] = 0;
    for (let i = 0; i < n; i += cpWidth(w, i)) {
      if (best[i] === -Infinity) continue;
      let e = i;
      for (let k = 0; k < maxLen && e < n; k++) {
        e += cpWidth(w, e);
        const lp = pieces.get(w.slice(i, e));
        if (lp !== undefined && best[i]! + lp > best[e]!) {
          best[e] = best[i]! + lp;
          back[e] = i;
        }
      }
    }
    for (let e = n; e > 0 && back[e]! >= 0; e = back[e]!) {
      const p = w.slice(back[e]!, e);
      freq.set(p, (freq.get(p) ?? 0) + c);
    }
  }
  const scored: Array<[string, number]> = [];
  for (const [p, lp] of pieces) {
    if (required.has(p)) continue;
    const f = freq.get(p) ?? 0;
    const alt = viterbi(p, pieces, maxLen, p);
    scored.push([p, f === 0 ? -Infinity : f * (lp - alt)]);
  }
  scored.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const out = new Map<string, number>();
  for (const p of required) out.set(p, pieces.get(p)!);
  for (const [p] of scored) {
    if (out.size >= keep) break;
    out.set(p, pieces.get(p)!);
  }
  return out;
}
