/**
 * Viterbi over the lattice with the linear model. The state carried between nodes is the last
 * morpheme's tag, or the morpheme itself for closed-class morphemes (josa, endings, suffixes),
 * because transition features look at them. `nbest` keeps the k best paths per state.
 * The reference decoder (training, tests): `analyze` uses `decodeBest`, `nbest` `decodeNBest`,
 * whose n best are distinct analyses rather than node paths.
 */
import type { Morph } from '../dict/lexicon.js';
import type { Scorer } from '../scorer.js';
import { decodeBest } from './best.js';
import { latticeNode, nodesAt, type Lattice, type LatticeNode } from './lattice.js';

interface Hyp {
  score: number;
  node: LatticeNode | null;
  prev: Hyp | null;
  last: Morph | null;
}

const stateOf = (m: Morph | null) => (m === null ? -1 : m.state);

export interface DecodeOptions {
  /** Number of best paths (default 1). */
  nbest?: number;
  /** Most decoder states kept per position (default 12 × nbest); the rest are pruned. */
  beam?: number;
}

/** Keeps the `beam` states whose best hypothesis scores highest. */
function prune(m: Map<number, Hyp[]>, beam: number): void {
  const ranked = [...m.entries()].sort((a, b) => b[1][0]!.score - a[1][0]!.score);
  for (let r = beam; r < ranked.length; r++) m.delete(ranked[r]![0]);
}

/** Best paths as node sequences, best first. */
export function decode(lat: Lattice, sc: Scorer, options: DecodeOptions = {}): LatticeNode[][] {
  const k = Math.max(1, options.nbest ?? 1);
  if (k === 1 && options.beam === undefined) return [decodeBest(lat, sc).map((r) => latticeNode(lat, r))];
  const beam = options.beam ?? 12 * k;
  // hyps[i]: state → up to k hypotheses ending at position i, best first.
  const hyps = new Map<number, Map<number, Hyp[]>>();
  const insert = (pos: number, h: Hyp) => {
    let m = hyps.get(pos);
    if (!m) hyps.set(pos, (m = new Map()));
    const st = stateOf(h.last);
    let list = m.get(st);
    if (!list) m.set(st, (list = []));
    if (list.length === k && list[k - 1]!.score >= h.score) return;
    let at = list.length;
    while (at > 0 && list[at - 1]!.score < h.score) at--;
    list.splice(at, 0, h);
    if (list.length > k) list.pop();
  };
  let frontier: Hyp[] = [{ score: 0, node: null, prev: null, last: null }];
  for (const eo of lat.eojeols) {
    // Carry the hypotheses from the previous eojeol's end across the space.
    for (const h of frontier) insert(eo.start, h);
    for (let i = eo.start; i < eo.end; i++) {
      const here = hyps.get(i);
      if (!here) continue;
      if (here.size > beam) prune(here, beam);
      const atStart = i === eo.start;
      for (const node of nodesAt(lat, i)) {
        if (node.end > eo.end) continue;
        const ns = node.score;
        const first = node.morphs[0]!;
        const lastM = node.morphs[node.morphs.length - 1]!;
        for (const list of here.values()) {
          for (const h of list) {
            // Summed as the 1-best decoder sums (previous + transition, then the node), so both agree exactly.
            const s = h.score + sc.transition(h.last, first, atStart && h.node !== null) + ns;
            insert(node.end, { score: s, node, prev: h, last: lastM });
          }
        }
      }
    }
    const endMap = hyps.get(eo.end);
    if (!endMap) return []; // unreachable: cannot happen while unknown nodes cover every character
    frontier = [...endMap.values()].flat();
    hyps.clear();
  }
  // Close with the end-of-sentence transition and unwind.
  const finals = frontier
    .map((h) => ({ h, s: h.score + sc.transition(h.last, null, false) }))
    .sort((a, b) => b.s - a.s)
    .slice(0, k);
  return finals.map(({ h }) => {
    const path: LatticeNode[] = [];
    for (let c: Hyp | null = h; c && c.node; c = c.prev) path.push(c.node);
    return path.reverse();
  });
}
