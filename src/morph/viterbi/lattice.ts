/**
 * The lattice of candidate analyses over one text: dictionary words, contracted syllables split
 * into stem + ending, elided copulas, irregular stems and unknown words. Nodes never cross
 * whitespace; each knows the original span of every morpheme it holds.
 */
import { FLAG_AFTER_CONSONANT, FLAG_AFTER_VOWEL, FLAG_IRREGULAR, makeMorph, type Entry, type IdLists, type Lexicon, type Morph } from '../dict/lexicon.js';
import { addFeature, morphFeatures, transitionFeatures, type Features } from '../model.js';
import { entryFeatures, unknownFeatures, type Scorer } from '../scorer.js';
import { fusionsAt, type Fusion } from '../rules/fusion.js';
import { TAG_ID } from '../tags.js';
import { runTag, unknownKind, type UnknownKind } from '../unknown.js';
import { finalIndex, isHangulSyllable } from '../../text/hangul.js';
import { charClass, CharClass } from '../../text/chars.js';
import { CodeUnitTrie } from '../../tokenizers/subword/models/trie.js';
import { grow } from './grow.js';

export interface LatticeNode {
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

export interface Lattice {
  text: string;
  eojeols: Eojeol[];
  /** Nodes by start position minus `base` (the lattice covers text[base, …)). */
  byStart: LatticeNode[][];
  base: number;
}

/** Nodes starting at text position `i`. */
export function nodesAt(lat: Lattice, i: number): LatticeNode[] {
  return lat.byStart[i - lat.base] ?? NO_NODES;
}
const NO_NODES: LatticeNode[] = [];

/** Longest unknown noun, in syllables (6 for proper nouns scored lower on the dev sentences). */
const MAX_UNKNOWN = 4;
const VCP: Morph = makeMorph('이', 'VCP', TAG_ID.get('VCP')!);
const MAX_LOOKBACK = 10;

/** Feature names of the fusion rules, made once (the lattice asks for them per candidate). */
const fusionFeatures = new Map<string, string>();
function fusionFeature(rule: string): string {
  let f = fusionFeatures.get(rule);
  if (f === undefined) fusionFeatures.set(rule, (f = `F|${rule}`));
  return f;
}

/** Eojeols longer than this are cut into pieces (no real eojeol is; 1 MB without spaces is). */
const MAX_EOJEOL = 128;

/** The lattice of `text[from, to)` (positions stay those of `text`). */
export function buildLattice(text: string, lex: Lexicon, scorer: Scorer, from = 0, to = text.length): Lattice {
  const byStart: LatticeNode[][] = Array.from({ length: to - from + 1 }, () => []);
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
  for (const eo of eojeols) addEojeol(text, eo, lex, byStart, from, scorer);
  return { text, eojeols, byStart, base: from };
}

function addEojeol(text: string, eo: Eojeol, lex: Lexicon, byStart: LatticeNode[][], base: number, sc: Scorer): void {
  const { start: s0, end: s1 } = eo;
  for (let i = s0; i < s1; ) {
    const cp = text.codePointAt(i)!;
    const w = cp > 0xffff ? 2 : 1;
    const here = byStart[i - base]!;
    const prev = i > s0 ? text.charCodeAt(i - 1) : 0;
    const prevVowelFinal = i > s0 && isHangulSyllable(prev) && finalIndex(prev) === 0;
    const prevConsonantFinal = i > s0 && finalIndex(prev) > 0;
    addWords(text, i, s1, lex, here, sc, prevVowelFinal, prevConsonantFinal);
    if (isHangulSyllable(cp)) {
      const fusions = fusionsAt(cp);
      for (let f = 0; f < fusions.length; f++) addContractions(text, i, s0, s1, fusions[f]!, lex, byStart, base, sc);
      if (prevVowelFinal) addElidedCopula(text, i, s1, lex, here, sc);
    }
    addUnknown(text, i, s1, cp, w, here, sc);
    i += w;
  }
}

/** 1. Dictionary words starting at `i`. */
function addWords(text: string, i: number, s1: number, lex: Lexicon, here: LatticeNode[], sc: Scorer, afterVowel: boolean, afterConsonant: boolean): void {
  for (let m = 0, n = prefixMatches(lex.surfaces, lex.surfaceLists, text, i, s1); m < n; m++) {
    const e = lex.entry(matchIds[m]!);
    if (e.flags & FLAG_AFTER_VOWEL && !afterVowel) continue;
    if (e.flags & FLAG_AFTER_CONSONANT && !afterConsonant) continue;
    const node: LatticeNode = { start: i, end: matchEnds[m]!, morphs: e.morphs, split: -1, fuse: -1, score: sc.entry(e) };
    if (sc.training) {
      node.features = new Map();
      entryFeatures(node.features, e);
    }
    here.push(node);
  }
}

// Entries whose key is a prefix of text[i, s1), with their ends: filled by `prefixMatches` and read
// before the next call (the lattice never nests them).
let matchIds: Int32Array = new Int32Array(256);
let matchEnds: Int32Array = new Int32Array(256);

/**
 * Every entry of `trie` (lists in `lists`) whose key is a prefix of text[i, s1), shortest first,
 * into `matchIds` / `matchEnds`; returns how many. An explicit walk: no key string, no callback.
 */
function prefixMatches(trie: CodeUnitTrie, lists: IdLists, text: string, i: number, s1: number): number {
  let n = 0;
  let t = CodeUnitTrie.ROOT;
  for (let q = i; q < s1; q++) {
    t = trie.step(t, text.charCodeAt(q));
    if (t < 0) break;
    const li = trie.valueAt(t);
    if (li < 0) continue;
    for (let k = lists.start[li]!, z = lists.start[li + 1]!; k < z; k++) {
      if (n === matchIds.length) {
        matchIds = grow(matchIds);
        matchEnds = grow(matchEnds);
      }
      matchIds[n] = lists.ids[k]!;
      matchEnds[n++] = q + 1;
    }
  }
  return n;
}

// Scratch for the stems found before a contracted syllable (reused: the lattice never nests).
const stems: Entry[] = [];
let stemStarts: Int32Array = new Int32Array(64);
let stemScores: Float64Array = new Float64Array(64);
// Candidates kept for one contracted span at inference: best FUSED_KEEP by score.
const keptScore = new Float64Array(8);
const keptStem = new Int32Array(8);
const keptEnding = new Int32Array(8);
const keptStart = new Int32Array(8);

/** 2. A stem and an ending sharing the contracted syllable text[i] (흘렸 = 흘리 + 었). */
function addContractions(text: string, i: number, s0: number, s1: number, fu: Fusion, lex: Lexicon, byStart: LatticeNode[][], base: number, sc: Scorer): void {
  // Stems ending in text[i]: walk the reversed-stem trie from the stem's last syllable backwards
  // through the text (or, for irregular written forms, from text[i - 1] backwards).
  let nStems = 0;
  const addStem = (e: Entry, j: number) => {
    if (j < s0) return;
    if (nStems === stemStarts.length) {
      stemStarts = grow(stemStarts);
      stemScores = grow(stemScores);
    }
    stems[nStems] = e;
    stemScores[nStems] = sc.entry(e);
    stemStarts[nStems++] = j;
  };
  const lo = Math.max(s0, i - MAX_LOOKBACK);
  if (fu.stemLast !== '') {
    const trie = lex.stems;
    const L = lex.stemLists;
    let t = trie.step(CodeUnitTrie.ROOT, fu.stemLast.charCodeAt(0));
    for (let q = i; t >= 0; ) {
      const li = trie.valueAt(t);
      if (li >= 0) {
        for (let k = L.start[li]!, z = L.start[li + 1]!; k < z; k++) {
          const e = lex.entry(L.ids[k]!);
          if (fu.irregular && !(e.flags & FLAG_IRREGULAR)) continue;
          addStem(e, q);
        }
      }
      if (--q < lo) break;
      t = trie.step(t, text.charCodeAt(q));
    }
  } else {
    const trie = lex.variants;
    const L = lex.variantLists;
    let t = CodeUnitTrie.ROOT;
    for (let q = i - 1; q >= lo; q--) {
      t = trie.step(t, text.charCodeAt(q));
      if (t < 0) break;
      const li = trie.valueAt(t);
      if (li < 0) continue;
      for (let k = L.start[li]!, z = L.start[li + 1]!; k < z; k++) {
        const e = lex.entry(L.ids[k]!);
        if (irregularRuleMatches(e, fu.variant)) addStem(e, q);
      }
    }
  }
  if (nStems === 0) return;
  // Endings whose lemma starts with the fused part and continues with the text after text[i].
  const trie = lex.endings;
  const L = lex.endingLists;
  const hi = Math.min(s1, i + 1 + MAX_LOOKBACK);
  let t = trie.step(CodeUnitTrie.ROOT, fu.endStart.charCodeAt(0));
  for (let q = i + 1; t >= 0; ) {
    const li = trie.valueAt(t);
    if (li >= 0) addContractedSpans(i, q, s0, fu, lex, L.start[li]!, L.start[li + 1]!, L.ids, nStems, byStart, base, sc);
    if (q >= hi) break;
    t = trie.step(t, text.charCodeAt(q++));
  }
}

/** Nodes for every (stem, ending) pair of one ending list, the ending's written part ending at k. */
function addContractedSpans(
  i: number, k: number, s0: number, fu: Fusion, lex: Lexicon,
  from: number, to: number, ids: Int32Array, nStems: number, byStart: LatticeNode[][], base: number, sc: Scorer,
): void {
  let kept = 0;
  const rule = sc.feature(fusionFeature(fu.rule));
  for (let q = from; q < to; q++) {
    const ending = lex.entry(ids[q]!);
    const endingFirst = ending.morphs[0]!;
    const endingScore = sc.entry(ending);
    const particle = endingFirst.tag[0] === 'J';
    for (let s = 0; s < nStems; s++) {
      const stem = stems[s]!;
      const stemLast = stem.morphs[stem.morphs.length - 1]!;
      // Nouns and particles fuse with particles (것+이 → 게); predicates with endings (하+ㄴ → 한).
      if (isNominalHost(stemLast.tag) !== particle) continue;
      const j = stemStarts[s]!;
      const score = stemScores[s]! + endingScore + sc.transition(stemLast, endingFirst, false) + rule;
      if (sc.training) {
        const node = contractedNode(j, k, i, stem, ending, score);
        const f: Features = (node.features = new Map());
        entryFeatures(f, stem);
        entryFeatures(f, ending);
        transitionFeatures(f, stemLast, endingFirst, false);
        addFeature(f, `F|${fu.rule}`);
        byStart[j - base]!.push(node);
        continue;
      }
      // At inference only the best few readings of each contracted span survive (first come
      // first kept on ties; a better one replaces the worst).
      let slot = kept;
      if (kept < FUSED_KEEP) kept++;
      else {
        slot = 0;
        for (let t = 1; t < kept; t++) if (keptScore[t]! < keptScore[slot]!) slot = t;
        if (!(keptScore[slot]! < score)) continue;
      }
      keptScore[slot] = score;
      keptStem[slot] = s;
      keptEnding[slot] = ending.id;
      keptStart[slot] = j;
    }
  }
  for (let t = 0; t < kept; t++) {
    const j = keptStart[t]!;
    byStart[j - base]!.push(contractedNode(j, k, i, stems[keptStem[t]!]!, lex.entry(keptEnding[t]!), keptScore[t]!));
  }
}

function contractedNode(j: number, k: number, i: number, stem: Entry, ending: Entry, score: number): LatticeNode {
  return { start: j, end: k, morphs: [...stem.morphs, ...ending.morphs], split: stem.morphs.length, fuse: i, score };
}

/** 3. Copula 이 elided after a vowel: 학교다 = 학교 + 이 + 다. */
function addElidedCopula(text: string, i: number, s1: number, lex: Lexicon, here: LatticeNode[], sc: Scorer): void {
  for (let m = 0, n = prefixMatches(lex.endings, lex.endingLists, text, i, s1); m < n; m++) {
    const ending = lex.entry(matchIds[m]!);
    const node: LatticeNode = {
      start: i,
      end: matchEnds[m]!,
      morphs: [VCP, ...ending.morphs],
      split: 1,
      fuse: i,
      score: sc.morph(VCP) + sc.entry(ending) + sc.transition(VCP, ending.morphs[0]!, false) + sc.feature('F|vcp0'),
    };
    if (sc.training) {
      const f: Features = (node.features = new Map());
      morphFeatures(f, VCP);
      entryFeatures(f, ending);
      transitionFeatures(f, VCP, ending.morphs[0]!, false);
      addFeature(f, 'F|vcp0');
    }
    here.push(node);
  }
}

/** 4. Unknown words: Hangul nouns of 1–4 syllables; runs of one character class. */
function addUnknown(text: string, i: number, s1: number, cp: number, w: number, here: LatticeNode[], sc: Scorer): void {
  const kind = unknownKind(cp);
  if (kind === 'hangul') {
    let e = i;
    for (let len = 1; len <= MAX_UNKNOWN; len++) {
      if (e >= s1 || unknownKind(text.codePointAt(e)!) !== 'hangul') break;
      e += 1;
      const surface = text.slice(i, e);
      here.push(unknownNode(i, e, surface, 'NNG', kind, len, sc));
      here.push(unknownNode(i, e, surface, 'NNP', kind, len, sc));
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
  const ch = text.slice(i, i + w);
  here.push(unknownNode(i, e, text.slice(i, e), runTag(kind, ch), kind, e - i, sc));
  if (e - i > w) here.push(unknownNode(i, i + w, ch, runTag(kind, ch), kind, 1, sc));
}


/** Contraction readings kept per span at inference. */
const FUSED_KEEP = 3;

const isNominalHost = (tag: string) => tag === 'NP' || tag === 'NNB' || tag === 'JKB' || tag === 'EC';

function isSpaceAt(text: string, i: number): boolean {
  return charClass(text.charCodeAt(i)) === CharClass.Space;
}

function irregularRuleMatches(e: Entry, variant: string | undefined): boolean {
  const last = e.surface[e.surface.length - 1];
  if (variant === 'reu-irr') return last === '르';
  if (variant === 'b-irr-stem') return last !== undefined && finalIndex(last.charCodeAt(0)) === 17;
  return false;
}

function unknownNode(start: number, end: number, surface: string, tag: string, kind: UnknownKind, len: number, sc: Scorer): LatticeNode {
  const m = makeMorph(surface, tag, TAG_ID.get(tag)!);
  const node: LatticeNode = {
    start,
    end,
    morphs: [m],
    split: -1,
    fuse: -1,
    score: sc.unknown(kind, tag, m.tagId, len),
  };
  if (sc.training) unknownFeatures((node.features = new Map()), kind, tag, len);
  return node;
}
