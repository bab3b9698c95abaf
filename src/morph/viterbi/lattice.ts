/**
 * The lattice of candidate analyses over one text: dictionary words, contracted syllables split
 * into stem + ending, elided copulas, irregular stems and unknown words. Nodes never cross
 * whitespace; each knows the original span of every morpheme it holds.
 *
 * Nodes live in a flat table (parallel typed arrays, reused from call to call by the analyzer):
 * the 1-best decoder reads it without making an object per node (~14 nodes a character).
 * Node objects (`LatticeNode`, with features when training) are made on demand for training,
 * N-best and inspection.
 */
import { FLAG_AFTER_CONSONANT, FLAG_AFTER_VOWEL, FLAG_IRREGULAR, makeMorph, stateTag, type Entry, type Lexicon, type Morph } from '../dict/lexicon.js';
import { addFeature, morphFeatures, transitionFeatures, type Features } from '../model.js';
import { entryFeatures, unknownFeatures, type Scorer } from '../scorer.js';
import { fusionsAt, type Fusion } from '../rules/fusion.js';
import { TAG_ID, TAGS } from '../tags.js';
import { runTag, UNKNOWN_KINDS, unknownKind, type UnknownKind } from '../unknown.js';
import { finalIndex, isHangulSyllable } from '../../text/hangul.js';
import { charClass, CharClass } from '../../text/chars.js';
import { CodeUnitTrie } from '../../tokenizers/subword/models/trie.js';
import { grow } from './grow.js';
import { packsFor, type LexiconPacks, type PackedLists } from './packed-lists.js';

export interface LatticeNode {
  /** Its row in the lattice's node table. */
  index: number;
  start: number;
  end: number;
  morphs: Morph[];
  /**
   * Where the node's morphemes split: -1 when all span the whole node; otherwise the first `split`
   * morphemes span [start, fuse + 1) and the rest [fuse, end) — they share the contracted syllable
   * at `fuse`. See `morphemeSpan`.
   */
  split: number;
  fuse: number;
  /** Static score (everything but the transitions into and out of the node). */
  score: number;
  /** Its features, built only when training. */
  features?: Features;
}

/** The text span of the node's k-th morpheme. */
export function morphemeSpan(n: LatticeNode, k: number): [number, number] {
  if (n.split < 0) return [n.start, n.end];
  return k < n.split ? [n.start, n.fuse + 1] : [n.fuse, n.end];
}

export interface Eojeol {
  start: number;
  end: number;
}

/** Node kinds, and what the table's `a`, `b`, `c` hold for each. */
export const WORD = 0; // a: entry id
export const CONTRACTED = 1; // a: stem entry, b: ending entry, c: fusion rule id; `fuse`: shared syllable
export const COPULA = 2; // b: ending entry (the copula 이 elided before it)
export const UNKNOWN = 3; // a: tag id, b: unknown kind (index in UNKNOWN_KINDS), c: length for its features

/** A lattice's nodes as parallel arrays, in the order they were made. Grow-only: reusable. */
export class NodeTable {
  n = 0;
  start = new Int32Array(256);
  end = new Int32Array(256);
  score = new Float64Array(256);
  /** Decoder states (`Morph.state`) of the first and last morpheme. */
  first = new Int32Array(256);
  last = new Int32Array(256);
  kind = new Uint8Array(256);
  a = new Int32Array(256);
  b = new Int32Array(256);
  c = new Int32Array(256);
  fuse = new Int32Array(256);
  /** Node rows in start order (stable): those starting at base + p are order[startAt[p] … startAt[p + 1]). */
  order = new Int32Array(256);
  startAt = new Int32Array(256);

  push(kind: number, start: number, end: number, score: number, first: number, last: number, a: number, b: number, c: number, fuse: number): void {
    const k = this.n;
    if (k === this.start.length) this.grow();
    this.kind[k] = kind;
    this.start[k] = start;
    this.end[k] = end;
    this.score[k] = score;
    this.first[k] = first;
    this.last[k] = last;
    this.a[k] = a;
    this.b[k] = b;
    this.c[k] = c;
    this.fuse[k] = fuse;
    this.n = k + 1;
  }

  private grow(): void {
    const size = this.start.length * 2;
    this.start = grow(this.start, size);
    this.end = grow(this.end, size);
    this.score = grow(this.score, size);
    this.first = grow(this.first, size);
    this.last = grow(this.last, size);
    this.kind = grow(this.kind, size);
    this.a = grow(this.a, size);
    this.b = grow(this.b, size);
    this.c = grow(this.c, size);
    this.fuse = grow(this.fuse, size);
    this.order = grow(this.order, size);
  }

  /** Fills `order` and `startAt` for positions 0 … P - 1 relative to `base` (a stable counting sort). */
  sortByStart(base: number, P: number): void {
    if (this.startAt.length < P + 2) this.startAt = grow(this.startAt, P + 2);
    const { startAt: at, start, order, n } = this;
    at.fill(0, 0, P + 2);
    for (let k = 0; k < n; k++) at[start[k]! - base + 1]!++;
    for (let p = 1; p <= P + 1; p++) at[p] = at[p]! + at[p - 1]!;
    // at[p] is now where position p's nodes begin; place nodes, advancing a cursor (at[p + 1] is
    // restored below by the shift).
    for (let k = 0; k < n; k++) order[at[start[k]! - base]!++] = k;
    for (let p = P; p > 0; p--) at[p] = at[p - 1]!;
    at[0] = 0;
  }
}

export interface Lattice {
  text: string;
  eojeols: Eojeol[];
  /** The lattice covers text[base, base + positions - 1). */
  base: number;
  positions: number;
  nodes: NodeTable;
  lex: Lexicon;
  /** Built by a training scorer: node objects carry their features. */
  training: boolean;
  /** Node objects made so far, by table row. */
  objects: Array<LatticeNode | undefined>;
}

/** Nodes starting at text position `i`, as objects (made on first use). */
export function nodesAt(lat: Lattice, i: number): LatticeNode[] {
  const p = i - lat.base;
  if (p < 0 || p >= lat.positions) return [];
  const t = lat.nodes;
  const out: LatticeNode[] = [];
  for (let q = t.startAt[p]!, z = t.startAt[p + 1]!; q < z; q++) out.push(latticeNode(lat, t.order[q]!));
  return out;
}

/** Every node of the lattice, in start order, as objects. */
export function allNodes(lat: Lattice): LatticeNode[] {
  const out: LatticeNode[] = [];
  for (let q = 0; q < lat.nodes.n; q++) out.push(latticeNode(lat, lat.nodes.order[q]!));
  return out;
}

/** Sets a node's static score (training rescoring after a weight update), in its object and the table. */
export function setNodeScore(lat: Lattice, node: LatticeNode, score: number): void {
  node.score = score;
  lat.nodes.score[node.index] = score;
}

/** The object of table row `k`. */
export function latticeNode(lat: Lattice, k: number): LatticeNode {
  let node = lat.objects[k];
  if (node) return node;
  const t = lat.nodes;
  const start = t.start[k]!;
  const end = t.end[k]!;
  const morphs = nodeMorphs(lat, k);
  const split = nodeSplit(lat.lex, t, k);
  node = { index: k, start, end, morphs, split, fuse: split < 0 ? -1 : t.fuse[k]!, score: t.score[k]! };
  if (lat.training) node.features = nodeFeatures(lat, k);
  return (lat.objects[k] = node);
}

/** The morphemes of table row `k`. */
function nodeMorphs(lat: Lattice, k: number): Morph[] {
  const out: Morph[] = [];
  forEachMorpheme(lat, k, (m) => out.push(m));
  return out;
}

/**
 * Calls `emit(morph, start, end)` for each morpheme of table row `k` in order, with its span as
 * `morphemeSpan` gives it: the output of a decoded path without making node objects.
 */
export function forEachMorpheme(lat: Lattice, k: number, emit: (m: Morph, start: number, end: number) => void): void {
  const t = lat.nodes;
  const start = t.start[k]!;
  const end = t.end[k]!;
  switch (t.kind[k]) {
    case WORD:
      for (const m of lat.lex.entry(t.a[k]!).morphs) emit(m, start, end);
      return;
    case CONTRACTED:
    case COPULA: {
      // The stem (or the elided copula) spans up to and including the shared syllable; the ending from it.
      const fuse = t.fuse[k]!;
      if (t.kind[k] === COPULA) emit(VCP, start, fuse + 1);
      else for (const m of lat.lex.entry(t.a[k]!).morphs) emit(m, start, fuse + 1);
      for (const m of lat.lex.entry(t.b[k]!).morphs) emit(m, fuse, end);
      return;
    }
    default:
      emit(makeMorph(lat.text.slice(start, end), TAGS[t.a[k]!]!, t.a[k]!), start, end);
  }
}

/**
 * Where row `k`'s morphemes split (as `LatticeNode.split`): after the stem of a contraction, after
 * the elided copula, or -1.
 */
function nodeSplit(lex: Lexicon, t: NodeTable, k: number): number {
  const kind = t.kind[k];
  return kind === CONTRACTED ? lex.entry(t.a[k]!).morphs.length : kind === COPULA ? 1 : -1;
}

/** The features of table row `k` (what its static score sums, under the weights). */
function nodeFeatures(lat: Lattice, k: number): Features {
  const t = lat.nodes;
  const lex = lat.lex;
  const f: Features = new Map();
  switch (t.kind[k]) {
    case WORD:
      entryFeatures(f, lex.entry(t.a[k]!));
      break;
    case CONTRACTED: {
      const stem = lex.entry(t.a[k]!);
      const ending = lex.entry(t.b[k]!);
      entryFeatures(f, stem);
      entryFeatures(f, ending);
      transitionFeatures(f, stem.morphs[stem.morphs.length - 1]!, ending.morphs[0]!, false);
      addFeature(f, fusionFeature(t.c[k]!));
      break;
    }
    case COPULA: {
      const ending = lex.entry(t.b[k]!);
      morphFeatures(f, VCP);
      entryFeatures(f, ending);
      transitionFeatures(f, VCP, ending.morphs[0]!, false);
      addFeature(f, 'F|vcp0');
      break;
    }
    default:
      unknownFeatures(f, UNKNOWN_KINDS[t.b[k]!]!, TAGS[t.a[k]!]!, t.c[k]!);
  }
  return f;
}

/** Longest unknown noun, in syllables (6 for proper nouns scored lower on the dev sentences). */
const MAX_UNKNOWN = 4;
const VCP: Morph = makeMorph('이', 'VCP', TAG_ID.get('VCP')!);
const MAX_LOOKBACK = 10;
const NNG = TAG_ID.get('NNG')!;
const NNP = TAG_ID.get('NNP')!;
const HANGUL = UNKNOWN_KINDS.indexOf('hangul');

/** Fusion rules by id, with their feature names (made once: the lattice asks per candidate). */
const ruleIds = new Map<string, number>();
const ruleFeatures: string[] = [];
function ruleId(rule: string): number {
  let id = ruleIds.get(rule);
  if (id === undefined) {
    ruleIds.set(rule, (id = ruleFeatures.length));
    ruleFeatures.push(`F|${rule}`);
  }
  return id;
}
const fusionFeature = (id: number) => ruleFeatures[id]!;

/** Eojeols longer than this are cut into pieces (no real eojeol is; 1 MB without spaces is). */
const MAX_EOJEOL = 128;

/**
 * The lattice of `text[from, to)` (positions stay those of `text`). `table`: a node table to
 * reuse (its previous contents are dropped); by default a new one.
 */
export function buildLattice(text: string, lex: Lexicon, scorer: Scorer, from = 0, to = text.length, table = new NodeTable()): Lattice {
  const eojeols: Eojeol[] = [];
  // Whitespace-separated runs inside [from, to), scanned once (never past `to`).
  for (let i = from; i < to; ) {
    while (i < to && isSpaceAt(text, i)) i++;
    if (i >= to) break;
    let end = i;
    while (end < to && !isSpaceAt(text, end)) end++;
    for (let s = i; s < end; ) {
      let e = Math.min(end, s + MAX_EOJEOL);
      if (e < end && (text.charCodeAt(e) & 0xfc00) === 0xdc00) e--;
      eojeols.push({ start: s, end: e });
      s = e;
    }
    i = end;
  }
  table.n = 0;
  const packs = packsFor(lex, scorer);
  for (const eo of eojeols) addEojeol(text, eo, lex, packs, table, scorer);
  const positions = to - from + 1;
  table.sortByStart(from, positions);
  return { text, eojeols, base: from, positions, nodes: table, lex, training: scorer.training, objects: [] };
}

function addEojeol(text: string, eo: Eojeol, lex: Lexicon, packs: LexiconPacks, t: NodeTable, sc: Scorer): void {
  const { start: s0, end: s1 } = eo;
  for (let i = s0; i < s1; ) {
    const cp = text.codePointAt(i)!;
    const w = cp > 0xffff ? 2 : 1;
    const prev = i > s0 ? text.charCodeAt(i - 1) : 0;
    const prevVowelFinal = i > s0 && isHangulSyllable(prev) && finalIndex(prev) === 0;
    const prevConsonantFinal = i > s0 && finalIndex(prev) > 0;
    addWords(text, i, s1, lex, packs.surfaces, t, prevVowelFinal, prevConsonantFinal);
    if (isHangulSyllable(cp)) {
      const fusions = fusionsAt(cp);
      for (let f = 0; f < fusions.length; f++) addContractions(text, i, s0, s1, fusions[f]!, lex, packs, t, sc);
      if (prevVowelFinal) addElidedCopula(text, i, s1, lex, packs.endings, t, sc);
    }
    addUnknown(text, i, s1, cp, w, t, sc);
    i += w;
  }
}

/** 1. Dictionary words starting at `i`. */
function addWords(text: string, i: number, s1: number, lex: Lexicon, P: PackedLists, t: NodeTable, afterVowel: boolean, afterConsonant: boolean): void {
  const n = prefixMatches(lex.surfaces, P, text, i, s1);
  const { id, score, first, last, flags } = P; // read after the matching: packing may grow them
  for (let m = 0; m < n; m++) {
    const p = matchAt[m]!;
    const f = flags[p]!;
    if (f & FLAG_AFTER_VOWEL && !afterVowel) continue;
    if (f & FLAG_AFTER_CONSONANT && !afterConsonant) continue;
    t.push(WORD, i, matchEnds[m]!, score[p]!, first[p]!, last[p]!, id[p]!, 0, 0, -1);
  }
}

// Entries whose key is a prefix of text[i, s1), as indices into their packed lists, with their
// ends: filled by `prefixMatches` and read before the next call (the lattice never nests them).
let matchAt: Int32Array = new Int32Array(256);
let matchEnds: Int32Array = new Int32Array(256);

/**
 * Every entry of `trie` (lists packed in `P`) whose key is a prefix of text[i, s1), shortest
 * first, into `matchAt` / `matchEnds`; returns how many. An explicit walk: no key string, no callback.
 */
function prefixMatches(trie: CodeUnitTrie, P: PackedLists, text: string, i: number, s1: number): number {
  let n = 0;
  let t = CodeUnitTrie.ROOT;
  for (let q = i; q < s1; q++) {
    t = trie.step(t, text.charCodeAt(q));
    if (t < 0) break;
    const li = trie.valueAt(t);
    if (li < 0) continue;
    if (P.from[li]! < 0) P.pack(li);
    for (let k = P.from[li]!, z = P.to[li]!; k < z; k++) {
      if (n === matchAt.length) {
        matchAt = grow(matchAt);
        matchEnds = grow(matchEnds);
      }
      matchAt[n] = k;
      matchEnds[n++] = q + 1;
    }
  }
  return n;
}

// The stems found before a contracted syllable (entry ids, starts, scores, and whether each hosts
// particles rather than endings); reused: the lattice never nests.
let stemIds: Int32Array = new Int32Array(64);
let stemStarts: Int32Array = new Int32Array(64);
let stemScores: Float64Array = new Float64Array(64);
let stemNominal: Uint8Array = new Uint8Array(64);
// Each stem's first decoder state, and its last morpheme as a transition source: tag, K row
// (closed-class only) and C row base.
let stemFirst: Int32Array = new Int32Array(64);
let stemTag: Int32Array = new Int32Array(64);
let stemPairBase: Int32Array = new Int32Array(64);
const stemFrom: Array<Float64Array | null> = [];
// Candidates kept for one contracted span at inference: best FUSED_KEEP by score.
const keptScore = new Float64Array(8);
const keptStem = new Int32Array(8);
const keptEnding = new Int32Array(8);
const keptStart = new Int32Array(8);
const keptFirst = new Int32Array(8);
const keptLast = new Int32Array(8);

/** Adds entry `id` (score, first and last decoder state) as the n-th stem, starting at `j`. */
function addStem(n: number, id: number, j: number, score: number, first: number, last: number, sc: Scorer): void {
  if (n === stemIds.length) {
    stemIds = grow(stemIds);
    stemStarts = grow(stemStarts);
    stemScores = grow(stemScores);
    stemNominal = grow(stemNominal);
    stemTag = grow(stemTag);
    stemFirst = grow(stemFirst);
    stemPairBase = grow(stemPairBase);
  }
  const tag = stateTag(last);
  stemFirst[n] = first;
  stemIds[n] = id;
  stemScores[n] = score;
  stemStarts[n] = j;
  stemNominal[n] = NOMINAL_HOST[tag]!;
  stemTag[n] = tag;
  const closed = last > TAGS.length;
  stemFrom[n] = closed ? sc.from(last) : null;
  stemPairBase[n] = closed ? sc.pairBase(last) : -1;
}

/** 2. A stem and an ending sharing the contracted syllable text[i] (흘렸 = 흘리 + 었). */
function addContractions(text: string, i: number, s0: number, s1: number, fu: Fusion, lex: Lexicon, packs: LexiconPacks, t: NodeTable, sc: Scorer): void {
  // Stems ending in text[i]: walk the reversed-stem trie from the stem's last syllable backwards
  // through the text (or, for irregular written forms, from text[i - 1] backwards).
  let nStems = 0;
  const lo = Math.max(s0, i - MAX_LOOKBACK);
  if (fu.stemLast !== '') {
    const trie = lex.stems;
    const S = packs.stems;
    let at = trie.step(CodeUnitTrie.ROOT, fu.stemLast.charCodeAt(0));
    for (let q = i; at >= 0; ) {
      const li = trie.valueAt(at);
      if (li >= 0) {
        if (S.from[li]! < 0) S.pack(li);
        for (let k = S.from[li]!, z = S.to[li]!; k < z; k++) {
          if (fu.irregular && !(S.flags[k]! & FLAG_IRREGULAR)) continue;
          addStem(nStems++, S.id[k]!, q, S.score[k]!, S.first[k]!, S.last[k]!, sc);
        }
      }
      if (--q < lo) break;
      at = trie.step(at, text.charCodeAt(q));
    }
  } else {
    const trie = lex.variants;
    const L = lex.variantLists;
    let at = CodeUnitTrie.ROOT;
    for (let q = i - 1; q >= lo; q--) {
      at = trie.step(at, text.charCodeAt(q));
      if (at < 0) break;
      const li = trie.valueAt(at);
      if (li < 0) continue;
      for (let k = L.start[li]!, z = L.start[li + 1]!; k < z; k++) {
        const id = L.ids[k]!;
        if (irregularRuleMatches(lex.entry(id), fu.variant)) {
          const score = sc.entryAt(lex, id);
          addStem(nStems++, id, q, score, sc.entryFirst[id]!, sc.entryLast[id]!, sc);
        }
      }
    }
  }
  if (nStems === 0) return;
  // Endings whose lemma starts with the fused part and continues with the text after text[i].
  const trie = lex.endings;
  const E = packs.endings;
  const hi = Math.min(s1, i + 1 + MAX_LOOKBACK);
  let at = trie.step(CodeUnitTrie.ROOT, fu.endStart.charCodeAt(0));
  for (let q = i + 1; at >= 0; ) {
    const li = trie.valueAt(at);
    if (li >= 0) {
      if (E.from[li]! < 0) E.pack(li);
      addContractedSpans(i, q, fu, E, E.from[li]!, E.to[li]!, nStems, t, sc);
    }
    if (q >= hi) break;
    at = trie.step(at, text.charCodeAt(q++));
  }
}

/** Nodes for every (stem, ending) pair of one packed ending list, the ending's written part ending at k. */
function addContractedSpans(
  i: number, k: number, fu: Fusion, E: PackedLists, from: number, to: number, nStems: number, t: NodeTable, sc: Scorer,
): void {
  let kept = 0;
  const id = ruleId(fu.rule);
  const rule = sc.feature(fusionFeature(id));
  const pm = sc.pairMatrix;
  for (let q = from; q < to; q++) {
    const ending = E.id[q]!;
    const endingScore = E.score[q]!;
    const endingFirst = E.first[q]!;
    const endingLast = E.last[q]!;
    const tb = stateTag(endingFirst);
    const particle = PARTICLE[tb]!;
    // The transition stem → ending as `Scorer.transitionStates` sums it, from tabled rows.
    const col = sc.into(endingFirst, false);
    const colB = endingFirst > TAGS.length ? sc.pairCol(endingFirst) : -1;
    for (let s = 0; s < nStems; s++) {
      // Nouns and particles fuse with particles (것+이 → 게); predicates with endings (하+ㄴ → 한).
      if (stemNominal[s] !== particle) continue;
      const stem = stemIds[s]!;
      const j = stemStarts[s]!;
      let trans = col[stemTag[s]!]!;
      const fromRow = stemFrom[s];
      if (fromRow) {
        trans += fromRow[tb]!;
        const r = stemPairBase[s]!;
        if (colB >= 0 && r >= 0) trans += pm[r + colB]!;
      }
      const score = stemScores[s]! + endingScore + trans + rule;
      if (sc.training) {
        t.push(CONTRACTED, j, k, score, stemFirst[s]!, endingLast, stem, ending, id, i);
        continue;
      }
      // At inference only the best few readings of each contracted span survive (first come
      // first kept on ties; a better one replaces the worst).
      let slot = kept;
      if (kept < FUSED_KEEP) kept++;
      else {
        slot = 0;
        for (let r = 1; r < kept; r++) if (keptScore[r]! < keptScore[slot]!) slot = r;
        if (!(keptScore[slot]! < score)) continue;
      }
      keptScore[slot] = score;
      keptStem[slot] = stem;
      keptEnding[slot] = ending;
      keptStart[slot] = j;
      keptFirst[slot] = stemFirst[s]!;
      keptLast[slot] = endingLast;
    }
  }
  for (let r = 0; r < kept; r++) t.push(CONTRACTED, keptStart[r]!, k, keptScore[r]!, keptFirst[r]!, keptLast[r]!, keptStem[r]!, keptEnding[r]!, id, i);
}

/** 3. Copula 이 elided after a vowel: 학교다 = 학교 + 이 + 다. */
function addElidedCopula(text: string, i: number, s1: number, lex: Lexicon, E: PackedLists, t: NodeTable, sc: Scorer): void {
  for (let m = 0, n = prefixMatches(lex.endings, E, text, i, s1); m < n; m++) {
    const id = E.id[matchAt[m]!]!;
    const score = sc.copulaAt(lex, id, VCP, 'F|vcp0');
    t.push(COPULA, i, matchEnds[m]!, score, VCP.state, sc.entryLast[id]!, 0, id, 0, i);
  }
}

/** 4. Unknown words: Hangul nouns of 1–4 syllables; runs of one character class. */
function addUnknown(text: string, i: number, s1: number, cp: number, w: number, t: NodeTable, sc: Scorer): void {
  const kind = unknownKind(cp);
  if (kind === 'hangul') {
    let e = i;
    for (let len = 1; len <= MAX_UNKNOWN; len++) {
      if (e >= s1 || unknownKind(text.codePointAt(e)!) !== 'hangul') break;
      e += 1;
      t.push(UNKNOWN, i, e, sc.unknown(kind, 'NNG', NNG, len), NNG, NNG, NNG, HANGUL, len, -1);
      t.push(UNKNOWN, i, e, sc.unknown(kind, 'NNP', NNP, len), NNP, NNP, NNP, HANGUL, len, -1);
    }
    return;
  }
  // A run of one class is one node (SL, SN, SH, SW); punctuation runs only of the same character.
  let e = i + w;
  while (e < s1) {
    const c2 = text.codePointAt(e)!;
    // Combining marks, ZWJ, variation selectors and skin tones stay with what they modify.
    const mark = charClass(c2) === CharClass.Mark;
    if (!mark && (unknownKind(c2) !== kind || (kind === 'punct' && c2 !== cp) || (kind === 'symbol' && c2 !== cp))) break;
    e += c2 > 0xffff ? 2 : 1;
    if (c2 === 0x200d && e < s1) e += text.codePointAt(e)! > 0xffff ? 2 : 1; // ZWJ joins the next one
  }
  const tag = runTag(kind, text.slice(i, i + w));
  unknownNode(t, i, e, tag, kind, e - i, sc);
  if (e - i > w) unknownNode(t, i, i + w, tag, kind, 1, sc);
}


/** Contraction readings kept per span at inference. */
const FUSED_KEEP = 3;

/** By tag id: 1 for the tags that host a fused particle (NP, NNB, JKB, EC), 0 otherwise. */
const NOMINAL_HOST = Uint8Array.from(TAGS, (tag) => (tag === 'NP' || tag === 'NNB' || tag === 'JKB' || tag === 'EC' ? 1 : 0));
/** By tag id: 1 for particles (J…). */
const PARTICLE = Uint8Array.from(TAGS, (tag) => (tag[0] === 'J' ? 1 : 0));

function isSpaceAt(text: string, i: number): boolean {
  return charClass(text.charCodeAt(i)) === CharClass.Space;
}

function irregularRuleMatches(e: Entry, variant: string | undefined): boolean {
  const last = e.surface[e.surface.length - 1];
  if (variant === 'reu-irr') return last === '르';
  if (variant === 'b-irr-stem') return last !== undefined && finalIndex(last.charCodeAt(0)) === 17;
  return false;
}

function unknownNode(t: NodeTable, start: number, end: number, tag: string, kind: UnknownKind, len: number, sc: Scorer): void {
  const tagId = TAG_ID.get(tag)!;
  t.push(UNKNOWN, start, end, sc.unknown(kind, tag, tagId, len), tagId, tagId, tagId, UNKNOWN_KINDS.indexOf(kind), len, -1);
}
