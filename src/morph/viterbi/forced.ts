/**
 * Forced alignment: the best lattice path whose morphemes are exactly a given analysis (the gold
 * one, when training). Dynamic programming over (position, index into the eojeol's morphemes).
 * Returns null when the lattice cannot produce the analysis.
 */
import { nodesAt, type Lattice, type LatticeNode } from './lattice.js';

export function forcedDecode(
  lat: Lattice,
  gold: Array<Array<{ lemma: string; tag: string }>>,
  /** When an eojeol cannot be produced, take its nodes from this path instead of failing. */
  fallback?: LatticeNode[],
): LatticeNode[] | null {
  if (gold.length !== lat.eojeols.length) return null;
  const path: LatticeNode[] = [];
  for (let e = 0; e < lat.eojeols.length; e++) {
    const { start, end } = lat.eojeols[e]!;
    const g = gold[e]!;
    // best[pos][k]: best score reaching text position pos having produced g[0..k).
    const best = new Map<string, { score: number; node: LatticeNode | null; prev: string | null }>();
    best.set(`${start}:0`, { score: 0, node: null, prev: null });
    for (let i = start; i < end; i++) {
      for (let k = 0; k < g.length; k++) {
        const here = best.get(`${i}:${k}`);
        if (!here) continue;
        for (const n of nodesAt(lat, i)) {
          if (n.end > end || k + n.morphs.length > g.length) continue;
          let ok = true;
          for (let t = 0; t < n.morphs.length; t++) {
            const m = n.morphs[t]!;
            const gm = g[k + t]!;
            if (m.lemma !== gm.lemma || m.tag !== gm.tag) {
              ok = false;
              break;
            }
          }
          if (!ok) continue;
          const key = `${n.end}:${k + n.morphs.length}`;
          const s = here.score + n.score;
          const cur = best.get(key);
          if (!cur || cur.score < s) best.set(key, { score: s, node: n, prev: `${i}:${k}` });
        }
      }
    }
    let at: string | null = `${end}:${g.length}`;
    if (!best.has(at)) {
      if (!fallback) return null;
      path.push(...fallback.filter((n) => n.start >= start && n.start < end));
      continue;
    }
    const seg: LatticeNode[] = [];
    while (at !== null) {
      const b: { score: number; node: LatticeNode | null; prev: string | null } = best.get(at)!;
      if (b.node) seg.push(b.node);
      at = b.prev;
    }
    path.push(...seg.reverse());
  }
  return path;
}
