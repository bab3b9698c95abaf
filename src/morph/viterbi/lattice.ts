/**
 * The lattice of candidate analyses over one text: dictionary words, contracted syllables split
 * into stem + ending, elided copulas, irregular stems and unknown words. Nodes never cross
 * whitespace; each knows the original span of every morpheme it holds.
 */
import { FLAG_AFTER_CONSONANT, FLAG_AFTER_VOWEL, FLAG_IRREGULAR, makeMorph, type Entry, type Lexicon, type Morph } from '../dict/lexicon.js';
import { addFeature, morphFeatures, transitionFeatures, type Features } from '../model.js';
import { entryFeatures, unknownFeatures, type Scorer } from '../scorer.js';
import { fusionsOf } from '../rules/fusion.js';
import { TAG_ID } from '../tags.js';
import { runTag, unknownKind, type UnknownKind } from '../unknown.js';
import { finalIndex, isHangulSyllable } from '../../text/hangul.js';
import { charClass, CharClass } from '../../text/chars.js';

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
  const push = (n: LatticeNode) => byStart[n.start - base]!.push(n);
  for (let i = s0; i < s1; ) {
    const cp = text.codePointAt(i)!;
    const w = cp > 0xffff ? 2 : 1;
    const prevVowelFinal = i > s0 && isHangulSyllable(text.charCodeAt(i - 1)) && finalIndex(text.charCodeAt(i - 1)) === 0;
    const prevConsonantFinal = i > s0 && finalIndex(text.charCodeAt(i - 1)) > 0;
    // 1. Dictionary words starting here.
    lex.surfaces.prefixes(text, i, s1, (listIdx, end) => {
      const L = lex.surfaceLists;
      for (let k = L.start[listIdx]!, z = L.start[listIdx + 1]!; k < z; k++) {
        const e = lex.entry(L.ids[k]!);
        if (e.flags & FLAG_AFTER_VOWEL && !prevVowelFinal) continue;
        if (e.flags & FLAG_AFTER_CONSONANT && !prevConsonantFinal) continue;
        const node: LatticeNode = { start: i, end, morphs: e.morphs, split: -1, fuse: -1, score: sc.entry(e) };
        if (sc.training) {
          node.features = new Map();
          entryFeatures(node.features, e);
        }
        push(node);
      }
    });
    // 2. Contracted syllable: stem + ending sharing text[i].
    const ch = text[i]!;
    if (isHangulSyllable(cp)) {
      const back = reverseSlice(text, Math.max(s0, i - MAX_LOOKBACK), i);
      for (const fu of fusionsOf(ch)) {
        const stems: Array<{ e: Entry; j: number }> = [];
        if (fu.stemLast !== '') {
          const key = fu.stemLast + back;
          lex.stems.prefixes(key, 0, key.length, (li, end) => {
            const L = lex.stemLists;
            for (let k = L.start[li]!, z = L.start[li + 1]!; k < z; k++) {
              const e = lex.entry(L.ids[k]!);
              if (fu.irregular && !(e.flags & FLAG_IRREGULAR)) continue;
              stems.push({ e, j: i - (end - 1) });
            }
          });
        } else if (back.length > 0) {
          lex.variants.prefixes(back, 0, back.length, (li, end) => {
            const L = lex.variantLists;
            for (let k = L.start[li]!, z = L.start[li + 1]!; k < z; k++) {
              const e = lex.entry(L.ids[k]!);
              if (irregularRuleMatches(e, fu.variant)) stems.push({ e, j: i - end });
            }
          });
        }
        if (stems.length === 0) continue;
        const fwd = fu.endStart + text.slice(i + 1, Math.min(s1, i + 1 + MAX_LOOKBACK));
        lex.endings.prefixes(fwd, 0, fwd.length, (li, end) => {
          const k = i + end; // the ending's first character stands for text[i]
          // At inference only the best few readings of each contracted span survive.
          const kept: LatticeNode[] = [];
          const L = lex.endingLists;
          for (let q = L.start[li]!, z = L.start[li + 1]!; q < z; q++) {
            const ending = lex.entry(L.ids[q]!);
            const particle = ending.morphs[0]!.tag[0] === 'J';
            for (const { e: stem, j } of stems) {
              if (j < s0) continue;
              // Nouns and particles fuse with particles (것+이 → 게); predicates with endings (하+ㄴ → 한).
              if (isNominalHost(stem.morphs[stem.morphs.length - 1]!.tag) !== particle) continue;
              const stemLast = stem.morphs[stem.morphs.length - 1]!;
              const node: LatticeNode = {
                start: j,
                end: k,
                morphs: [...stem.morphs, ...ending.morphs],
                split: stem.morphs.length,
                fuse: i,
                score: sc.entry(stem) + sc.entry(ending) + sc.transition(stemLast, ending.morphs[0]!, false) + sc.feature(fusionFeature(fu.rule)),
              };
              if (sc.training) {
                const f: Features = (node.features = new Map());
                entryFeatures(f, stem);
                entryFeatures(f, ending);
                transitionFeatures(f, stemLast, ending.morphs[0]!, false);
                addFeature(f, `F|${fu.rule}`);
                push(node);
              } else keepBest(kept, node, FUSED_KEEP);
            }
          }
          for (const n of kept) push(n);
        });
      }
      // 3. Copula 이 elided after a vowel: 학교다 = 학교 + 이 + 다.
      if (prevVowelFinal) {
        lex.endings.prefixes(text, i, s1, (li, end) => {
          const L = lex.endingLists;
          for (let q = L.start[li]!, z = L.start[li + 1]!; q < z; q++) {
            const ending = lex.entry(L.ids[q]!);
            const node: LatticeNode = {
              start: i,
              end,
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
            push(node);
          }
        });
      }
    }
    // 4. Unknown words.
    const kind = unknownKind(cp);
    if (kind === 'hangul') {
      let e = i;
      for (let len = 1; len <= MAX_UNKNOWN; len++) {
        if (e >= s1 || unknownKind(text.codePointAt(e)!) !== 'hangul') break;
        e += 1;
        for (const tag of ['NNG', 'NNP'] as const) push(unknownNode(i, e, text.slice(i, e), tag, kind, len, sc));
      }
    } else {
      // A run of one class is one node (SL, SN, SH, SW); punctuation runs only of the same character.
      let e = i + w;
      while (e < s1) {
        const c2 = text.codePointAt(e)!;
        // Combining marks, ZWJ, variation selectors and skin tones stay with what they modify.
        const mark = charClass(c2) === CharClass.Mark;
        if (!mark && (unknownKind(c2) !== kind || (kind === 'punct' && text[e] !== ch) || (kind === 'symbol' && c2 !== cp))) break;
        e += c2 > 0xffff ? 2 : 1;
        if (c2 === 0x200d && e < s1) e += text.codePointAt(e)! > 0xffff ? 2 : 1; // ZWJ joins the next one
      }
      push(unknownNode(i, e, text.slice(i, e), runTag(kind, ch), kind, e - i, sc));
      if (e - i > w) push(unknownNode(i, i + w, text.slice(i, i + w), runTag(kind, ch), kind, 1, sc));
    }
    i += w;
  }
}

/** Contraction readings kept per span at inference. */
const FUSED_KEEP = 3;

function keepBest(kept: LatticeNode[], n: LatticeNode, limit: number): void {
  if (kept.length < limit) {
    kept.push(n);
    return;
  }
  let worst = 0;
  for (let t = 1; t < kept.length; t++) if (kept[t]!.score < kept[worst]!.score) worst = t;
  if (kept[worst]!.score < n.score) kept[worst] = n;
}

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
    score: sc.cached(`U|${kind}|${tag}|${len}`, (f) => unknownFeatures(f, kind, tag, len)),
  };
  if (sc.training) unknownFeatures((node.features = new Map()), kind, tag, len);
  return node;
}

function reverseSlice(text: string, a: number, b: number): string {
  let out = '';
  for (let k = b - 1; k >= a; k--) out += text[k];
  return out;
}
