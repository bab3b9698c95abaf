/** Hybrid retrieval: lexical and dense rankings merged by rank, so their score scales never mix. */
import type { Scored } from './bm25.js';

/** Reciprocal-rank fusion: Σ 1 / (k + rank), rank from 1 (Cormack et al. 2009, k = 60). */
export function reciprocalRankFusion(lists: ReadonlyArray<readonly Scored[]>, k = 60): Scored[] {
  const s = new Map<number, number>();
  for (const list of lists) list.forEach((r, i) => s.set(r.doc, (s.get(r.doc) ?? 0) + 1 / (k + i + 1)));
  return [...s].map(([doc, score]) => ({ doc, score })).sort((a, b) => b.score - a.score || a.doc - b.doc);
}
