/**
 * The n best *distinct* analyses of a lattice, best first, as MeCab finds its n-best: the 1-best
 * forward pass (`decodeBest`) leaves every node's best prefix score, an exact A* heuristic for a
 * search backwards from the end, so complete paths come out in score order and the search stops
 * after n.
 *
 * The lattice spells many analyses more than one way (a dictionary noun and an unknown noun of
 * the same span and tag, a contraction and its parts, …). Two partial paths that begin at the
 * same position with the same morphemes score every way of completing them to their left in the
 * same order, so only the first one popped is extended: each analysis comes out once, and the
 * work grows with n rather than with the number of spellings. (The previous decoder kept the k
 * best node paths per state: 22 distinct analyses for n = 1,000 after 3.8 s on a 93-character
 * line, 290 s for n = 10,000.)
 */
import type { Scorer } from '../scorer.js';
import { TAGS } from '../tags.js';
import { decodeBest, shared } from './best.js';
import { MaxHeap } from '../../max-heap.js';
import { grow } from './grow.js';
import { forEachMorpheme, type Lattice } from './lattice.js';

const T = TAGS.length; // the sentence-boundary state

/**
 * Up to `n` paths (rows of the lattice's node table), best first, no two with the same morphemes
 * (lemma, tag and start). The first is `decodeBest`'s path.
 */
export function decodeNBest(lat: Lattice, sc: Scorer, n: number): number[][] {
  const ws = shared; // the forward pass's node scores, read below
  const best = decodeBest(lat, sc, ws);
  const eojeols = lat.eojeols;
  if (n <= 1 || eojeols.length === 0) return [best];
  const { nRow, nScore, nIn, nInHyp, nFirst, nLast, byEnd, endAt } = ws;
  const base = lat.base;
  const P = lat.positions;
  const N = lat.nodes.n;
  const table = lat.nodes;
  // Which eojeol starts at a position (-1: none), for the space and the left neighbours.
  const eojeolAt = new Int32Array(P + 1).fill(-1);
  eojeols.forEach((eo, e) => (eojeolAt[eo.start - base] = e));
  const endsAt = (p: number): [number, number] => [endAt[p]!, p < P ? endAt[p + 1]! : N];

  // The morphemes of a node (start, lemma, tag: the identity `nbest` dedupes by; the lattice can
  // give fused morphemes different ends, as 입니다 = 이 + ㅂ니다 does), interned by table row; and of
  // a suffix: (node's, rest's) interned.
  const keyIds = new Map<string, number>();
  const rowKey = new Int32Array(N).fill(-1);
  const nodeKey = (row: number): number => {
    let id = rowKey[row]!;
    if (id < 0) {
      const parts: string[] = [];
      forEachMorpheme(lat, row, (m, a) => parts.push(`${a},${m.lemma}/${m.tag}`));
      const key = parts.join(' ');
      id = keyIds.get(key) ?? keyIds.size;
      keyIds.set(key, id);
      rowKey[row] = id;
    }
    return id;
  };
  const suffixIds = new Map<number, number>();
  const suffixOf = (row: number, rest: number): number => {
    const key = nodeKey(row) * 2 ** 26 + rest + 1; // exact while suffix ids stay below 2^26 (the loop below stops there)
    let id = suffixIds.get(key);
    if (id === undefined) suffixIds.set(key, (id = suffixIds.size));
    return id;
  };
  let done = new Uint8Array(256); // by suffix id: already extended (or, complete, already returned)
  const markDone = (id: number) => {
    if (id >= done.length) done = grow(done, id + 1);
    done[id] = 1;
  };
  const isDone = (id: number) => id < done.length && done[id] === 1;

  // The 1-best analysis first, whatever order ties come out in below.
  let bestSuffix = -1;
  for (let r = best.length - 1; r >= 0; r--) bestSuffix = suffixOf(best[r]!, bestSuffix);
  markDone(bestSuffix);
  const out: number[][] = [best];

  // Partial paths: leftmost node (workspace index) and where it starts, score of everything to its
  // right, the item to its right (-1: none), and its suffix id; a heap of item ids, best first by
  // α(node) + right score. Priorities equal to 1e-6 (rounding apart) go to the item nearer the
  // sentence start: a path being completed is finished before an equal one is begun, or text that
  // repeats itself (equal alternatives at every repeat) would have them all grown at once.
  let iNode = new Int32Array(1024);
  let iStart = new Int32Array(1024);
  let iRight = new Float64Array(1024);
  let iNext = new Int32Array(1024);
  let iSuffix = new Int32Array(1024);
  let prio = new Float64Array(1024);
  let items = 0;
  const heap = new MaxHeap<number>((a, b) => prio[a]! > prio[b]! || (prio[a] === prio[b] && iStart[a]! < iStart[b]!));
  const push = (k: number, right: number, next: number) => {
    if (items === iNode.length) {
      iNode = grow(iNode);
      iStart = grow(iStart);
      iRight = grow(iRight);
      iNext = grow(iNext);
      iSuffix = grow(iSuffix);
      prio = grow(prio);
    }
    const it = items++;
    iNode[it] = k;
    iStart[it] = table.start[nRow[k]!]! - base;
    iRight[it] = right;
    iNext[it] = next;
    prio[it] = Math.round((nIn[k]! + nScore[k]! + right) * 1e6) / 1e6;
    heap.push(it);
  };

  const [from, to] = endsAt(eojeols[eojeols.length - 1]!.end - base);
  for (let q = from; q < to; q++) {
    const k = byEnd[q]!;
    if (nInHyp[k]! >= 0) push(k, sc.transitionStates(nLast[k]!, T, false), -1);
  }
  // (The id bound keeps suffix keys exact; n ≤ 1,000 stays orders of magnitude below it.)
  while (heap.size > 0 && out.length < n && suffixIds.size < 2 ** 26) {
    const it = heap.pop()!;
    const k = iNode[it]!;
    // Its morphemes and everything to their right, interned only now: most pushed items never pop.
    const next = iNext[it]!;
    const suffix = suffixOf(nRow[k]!, next < 0 ? -1 : iSuffix[next]!);
    iSuffix[it] = suffix;
    if (isDone(suffix)) continue;
    markDone(suffix);
    const start = iStart[it]!;
    const e = eojeolAt[start]!;
    if (e === 0) {
      // Reached the sentence start: α(k) already holds the transition from it.
      const path: number[] = [];
      for (let j = it; j >= 0; j = iNext[j]!) path.push(nRow[iNode[j]!]!);
      out.push(path);
      continue;
    }
    // Left neighbours: nodes ending here, or at the previous eojeol's end across the space.
    const space = e > 0;
    const [a, b] = endsAt(space ? eojeols[e - 1]!.end - base : start);
    const right = iRight[it]! + nScore[k]!;
    for (let q = a; q < b; q++) {
      const j = byEnd[q]!;
      if (nInHyp[j]! >= 0) push(j, right + sc.transitionStates(nLast[j]!, nFirst[k]!, space), it); // else unreachable from the start
    }
  }
  return out;
}
