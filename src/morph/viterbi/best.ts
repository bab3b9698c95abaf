/**
 * The 1-best Viterbi of `analyze`, on typed arrays reused from call to call. It finds the same path
 * as the general decoder (`decode(…, { nbest: 1, beam: ∞ })`, tested), with three savings:
 *   - hypotheses at a position are built all at once from the nodes that end there ("pull"), so a
 *     flat state → hypothesis stamp table dedupes them instead of a Map per position;
 *   - the best incoming hypothesis is searched once per distinct first morpheme state among the
 *     nodes starting at a position, not once per node (a position has ~14 nodes, far fewer states);
 *   - that search visits hypotheses in order of their score plus a bound on any transition out of
 *     them, and stops when no later one can win (a third of the pairs on review text).
 * Scores are summed in the same order as `Scorer.transition`, so ties break the same way.
 */
import { stateCount, stateTag } from '../dict/lexicon.js';
import type { Scorer } from '../scorer.js';
import { TAGS } from '../tags.js';
import { grow } from './grow.js';
import type { Lattice } from './lattice.js';

/** Grow-only scratch arrays; one per analyzer (decoding is synchronous, so never shared mid-call). */
export class BestPathWorkspace {
  // Nodes in (start, lattice order): their table rows, ends (relative), scores and states.
  nRow = new Int32Array(256);
  nEnd = new Int32Array(256);
  nScore = new Float64Array(256);
  nIn = new Float64Array(256);
  nFirst = new Int32Array(256); // first morpheme's decoder state
  nLast = new Int32Array(256); // last morpheme's decoder state
  nInHyp = new Int32Array(256);
  /** Node indices ordered by end (stable: start, then lattice order, as the general decoder visits them). */
  byEnd = new Int32Array(256);
  startAt = new Int32Array(256);
  endAt = new Int32Array(256);
  // Hypotheses: the best path ending at a position in a decoder state.
  hScore = new Float64Array(256);
  hState = new Int32Array(256);
  hTag = new Int32Array(256);
  hPrev = new Int32Array(256);
  hNode = new Int32Array(256);
  /** For closed-class last morphemes: their K row (by next tag) and C row (by next state). */
  hFrom: Array<Float64Array | null> = [];
  /** Their C-feature row (`Scorer.pairBase`; -1: none). */
  hPairBase = new Int32Array(256);
  /** Hypotheses at a position ordered by `hKey` (their score plus a bound on any transition out), best first. */
  hOrd = new Int32Array(256);
  hKey = new Float64Array(256);
  hypFrom = new Int32Array(256);
  hypTo = new Int32Array(256);
  // Stamp tables by decoder state: which hypothesis holds a state at the current position, and
  // which group of first morphemes was seen at the current start.
  stamp = 0;
  stateStamp = new Int32Array(1024);
  stateHyp = new Int32Array(1024);
  groupStamp = new Int32Array(1024);
  groupAt = new Int32Array(1024);
  gScore = new Float64Array(64);
  gHyp = new Int32Array(64);

  nextStamp(): number {
    if (++this.stamp > 0x3fffffff) {
      this.stamp = 1;
      this.stateStamp.fill(0);
      this.groupStamp.fill(0);
    }
    return this.stamp;
  }

  ensureStates(n: number): void {
    this.ensure(STATE_FIELDS, n);
  }
  ensureNodes(n: number): void {
    this.ensure(NODE_FIELDS, n);
  }
  ensurePositions(n: number): void {
    this.ensure(POSITION_FIELDS, n);
  }
  ensureHyps(n: number): void {
    this.ensure(HYP_FIELDS, n);
  }
  ensureGroups(n: number): void {
    this.ensure(GROUP_FIELDS, n);
  }

  /** Grows a set of parallel arrays (at least doubling) so that index n - 1 exists in each. */
  private ensure(fields: readonly GrowableField[], n: number): void {
    const have = this[fields[0]!].length;
    if (n <= have) return;
    const size = Math.max(n, have * 2);
    const self = this as unknown as Record<GrowableField, Int32Array | Float64Array>;
    for (const f of fields) self[f] = grow(self[f], size);
  }
}

type GrowableField = { [K in keyof BestPathWorkspace]: BestPathWorkspace[K] extends Int32Array | Float64Array ? K : never }[keyof BestPathWorkspace];
const STATE_FIELDS: readonly GrowableField[] = ['stateStamp', 'stateHyp', 'groupStamp', 'groupAt'];
const NODE_FIELDS: readonly GrowableField[] = ['nRow', 'nEnd', 'nScore', 'nIn', 'nFirst', 'nLast', 'nInHyp', 'byEnd'];
const POSITION_FIELDS: readonly GrowableField[] = ['startAt', 'endAt', 'hypFrom', 'hypTo'];
const HYP_FIELDS: readonly GrowableField[] = ['hScore', 'hState', 'hTag', 'hPrev', 'hNode', 'hPairBase', 'hOrd', 'hKey'];
const GROUP_FIELDS: readonly GrowableField[] = ['gScore', 'gHyp'];

/** One workspace for all analyzers (and the n-best search, which reads it right after): decoding never yields, so calls cannot interleave. */
export const shared = new BestPathWorkspace();


/** The best path as rows of the lattice's node table (empty when no path exists, which unknown words prevent). */
export function decodeBest(lat: Lattice, sc: Scorer, ws: BestPathWorkspace = shared): number[] {
  const { base, nodes: table } = lat;
  const P = lat.positions; // positions base … base + P - 1
  ws.ensurePositions(P + 1);
  ws.ensureStates(stateCount());
  const N = table.n;
  ws.ensureNodes(N);
  // Copy the nodes in start order; count them per end for the stable counting sort.
  const { nRow, nEnd, nScore, nFirst, nLast, startAt, endAt } = ws;
  endAt.fill(0, 0, P + 1);
  const order = table.order;
  for (let n = 0; n < N; n++) {
    const r = order[n]!;
    nRow[n] = r;
    const end = table.end[r]! - base;
    nEnd[n] = end;
    nScore[n] = table.score[r]!;
    nFirst[n] = table.first[r]!;
    nLast[n] = table.last[r]!;
    endAt[end]!++;
  }
  startAt.set(table.startAt.subarray(0, P + 1));
  startAt[P] = N;
  // endAt[p] becomes the first index in byEnd of nodes ending at p (exclusive prefix sums).
  let acc = 0;
  for (let p = 0; p <= P; p++) {
    const c = endAt[p]!;
    endAt[p] = acc;
    acc += c;
  }
  const byEnd = ws.byEnd;
  const fill = ws.hypFrom; // borrowed as the per-end write cursor; rewritten below
  fill.set(endAt.subarray(0, P + 1));
  for (let k = 0; k < N; k++) byEnd[fill[nEnd[k]!]!++] = k;

  // Sized once for the whole call (a hypothesis per node at most, plus the start; a group per
  // node at most), so the arrays can be held in locals: nothing below grows them.
  ws.ensureHyps(N + 1);
  ws.ensureGroups(N + 1);
  const { nIn, nInHyp, hFrom, hScore, hState, hTag, hPrev, hNode, hPairBase, hOrd, hKey, hypFrom, hypTo } = ws;
  const { stateStamp, stateHyp, groupStamp, groupAt, gScore, gHyp } = ws;
  const pm = sc.pairMatrix;
  let H = 0;
  // Sentence start.
  hScore[0] = 0;
  hState[0] = T;
  hTag[0] = T;
  hPrev[0] = -1;
  hNode[0] = -1;
  hFrom[0] = null;
  hPairBase[0] = -1;
  hOrd[0] = 0;
  hKey[0] = 0;
  H = 1;
  let frontFrom = 0;
  let frontTo = 1;
  const eojeols = lat.eojeols;
  for (let e = 0; e < eojeols.length; e++) {
    const eo = eojeols[e]!;
    const s0 = eo.start - base;
    const s1 = eo.end - base;
    hypFrom[s0] = frontFrom;
    hypTo[s0] = frontTo;
    for (let p = s0; p <= s1; p++) {
      if (p > s0) {
        // Hypotheses at p, from every node of this eojeol ending here.
        hypFrom[p] = H;
        const stamp = ws.nextStamp();
        for (let q = endAt[p]!, z = p < P ? endAt[p + 1]! : N; q < z; q++) {
          const k = byEnd[q]!;
          const from = nInHyp[k]!;
          if (from < 0) continue;
          const total = nIn[k]! + nScore[k]!;
          const st = nLast[k]!;
          if (stateStamp[st] === stamp) {
            // Same state, same transitions out: only the score and back pointers change.
            const h = stateHyp[st]!;
            if (hScore[h]! < total) {
              hScore[h] = total;
              hPrev[h] = from;
              hNode[h] = k;
            }
            continue;
          }
          stateStamp[st] = stamp;
          stateHyp[st] = H;
          hScore[H] = total;
          hState[H] = st;
          hTag[H] = stateTag(st);
          hPrev[H] = from;
          hNode[H] = k;
          const closed = st > T;
          hFrom[H] = closed ? sc.from(st) : null;
          hPairBase[H] = closed ? sc.pairBase(st) : -1;
          H++;
        }
        hypTo[p] = H;
        sortHyps(ws, sc, hypFrom[p]!, H);
      }
      if (p === s1) break;
      // Best incoming hypothesis of each node starting at p, once per first-morpheme state.
      const hf = hypFrom[p]!;
      const ht = hypTo[p]!;
      const a = startAt[p]!;
      const b = startAt[p + 1]!;
      if (hf === ht) {
        for (let k = a; k < b; k++) nInHyp[k] = -1;
        continue;
      }
      const space = p === s0 && e > 0;
      const stamp = ws.nextStamp();
      let groups = 0;
      for (let k = a; k < b; k++) {
        if (nEnd[k]! > s1) {
          nInHyp[k] = -1;
          continue;
        }
        const st = nFirst[k]!;
        if (groupStamp[st] === stamp) {
          const g = groupAt[st]!;
          nIn[k] = gScore[g]!;
          nInHyp[k] = gHyp[g]!;
          continue;
        }
        const col = sc.into(st, space);
        const tb = stateTag(st);
        const colB = st > T ? sc.pairCol(st) : -1;
        // Hypotheses in order of their bound: stop once no later one can reach the best score
        // (with a margin for rounding; ties go to the lower index, as in a scan in index order).
        const colMax = sc.intoMax(st, space);
        let best = -1;
        let bestScore = -Infinity;
        let cutoff = -Infinity; // keys below it cannot reach bestScore
        for (let o = hf; o < ht; o++) {
          const h = hOrd[o]!;
          if (hKey[h]! < cutoff) break;
          let t = col[hTag[h]!]!;
          const from = hFrom[h];
          if (from) {
            t += from[tb]!;
            if (colB >= 0) {
              const r = hPairBase[h]!;
              if (r >= 0) t += pm[r + colB]!;
            }
          }
          const s = hScore[h]! + t;
          if (s > bestScore || (s === bestScore && h < best)) {
            bestScore = s;
            best = h;
            cutoff = s - colMax - 1e-9 * (1 + Math.abs(s));
          }
        }
        groupStamp[st] = stamp;
        groupAt[st] = groups;
        gScore[groups] = bestScore;
        gHyp[groups] = best;
        groups++;
        nIn[k] = bestScore;
        nInHyp[k] = best;
      }
    }
    frontFrom = hypFrom[s1]!;
    frontTo = hypTo[s1]!;
    if (frontFrom === frontTo) return release(ws, []);
  }
  let best = -1;
  let bestScore = -Infinity;
  for (let h = frontFrom; h < frontTo; h++) {
    const s = hScore[h]! + sc.transitionStates(hState[h]!, T, false);
    if (s > bestScore) {
      bestScore = s;
      best = h;
    }
  }
  const path: number[] = [];
  for (let h = best; h > 0; h = hPrev[h]!) path.push(nRow[hNode[h]!]!);
  return release(ws, path.reverse());
}

/** Fills `hOrd[from, to)` with the hypotheses from … to - 1 by descending `hKey` (insertion sort: a handful each). */
function sortHyps(ws: BestPathWorkspace, sc: Scorer, from: number, to: number): void {
  const { hOrd, hKey } = ws;
  for (let h = from; h < to; h++) {
    const key = ws.hScore[h]! + sc.fromBound(ws.hState[h]!);
    hKey[h] = key;
    let o = h;
    while (o > from && hKey[hOrd[o - 1]!]! < key) {
      hOrd[o] = hOrd[o - 1]!;
      o--;
    }
    hOrd[o] = h;
  }
}

/** Drops the references to this call's score rows (the arrays themselves stay). */
function release(ws: BestPathWorkspace, path: number[]): number[] {
  ws.hFrom.length = 0;
  return path;
}

const T = TAGS.length; // tag index of the sentence boundary; decoder states above it are closed-class morphemes
