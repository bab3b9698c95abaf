/**
 * MorphAnalyzer: Korean morphological analysis (segmentation, base-form restoration, Sejong POS
 * tags) by Viterbi search over a lattice of dictionary words, contraction and irregular rules and
 * unknown words, scored by a learned linear model. Pure TypeScript: Node and browser.
 *
 * @example
 * import { loadMorphAnalyzer } from 'kornlu/node';
 * const ma = await loadMorphAnalyzer();
 * ma.analyze('눈물을 흘렸다').map((m) => `${m.lemma}/${m.tag}`).join(' ');
 * // 눈물/NNG 을/JKO 흘리/VV 었/EP 다/EF
 */
import { assertText, KornluError } from '../errors.js';
import { NormalizedString } from '../text/normalized-string.js';
import { unicodeNormalize } from '../text/normalize.js';
import type { MorphemeToken } from '../tokenizers/morpheme.js';
import { Lexicon, type Morph, type UserEntry } from './dict/lexicon.js';
import { Weights } from './model.js';
import { Scorer } from './scorer.js';
import { decodeNBest } from './viterbi/nbest.js';
import { decodeBest } from './viterbi/best.js';
import { buildLattice, forEachMorpheme, NodeTable, type Lattice } from './viterbi/lattice.js';

export interface AnalyzerData {
  /** Lexicon files (TSV text), in priority order. */
  lexicons: Array<{ name: string; text: string }>;
  /** Model weights (the `weights.json` object). */
  weights: Record<string, number>;
  /**
   * The lexicon's compiled index (`index.bin`, made by `npm run build:morph-index`): loading skips
   * parsing and trie building. Ignored when there are user entries.
   */
  index?: Uint8Array;
}

export interface Morpheme extends MorphemeToken {
  /** Index of the whitespace-separated eojeol the morpheme is in. */
  eojeol: number;
}

export class MorphAnalyzer {
  private lexicon: Lexicon;
  readonly weights: Weights;
  private readonly data: AnalyzerData;
  private readonly user: UserEntry[];
  private readonly scorer: Scorer;
  /** Node table reused by every call (analysis is synchronous: calls never interleave). */
  private readonly table = new NodeTable();

  constructor(data: AnalyzerData, user: UserEntry[] = []) {
    this.data = data;
    this.user = user;
    this.lexicon = data.index && user.length === 0 ? Lexicon.fromCompiled(data.lexicons, data.index) : Lexicon.fromTSV(data.lexicons, user);
    this.weights = new Weights(data.weights);
    this.scorer = new Scorer(this.weights, false);
  }

  /** A new analyzer with extra user words (the dictionary is rebuilt; the original is unchanged). */
  withUserEntries(entries: UserEntry[]): MorphAnalyzer {
    return new MorphAnalyzer(this.data, [...this.user, ...entries]);
  }

  /** The best analysis: morphemes in order, each with its span in `text`. */
  analyze(text: string): Morpheme[] {
    return this.decodeBlocks(text, 1)[0]!;
  }

  /**
   * Up to `n` distinct analyses, best first (fewer when the text has fewer); the first is
   * `analyze`'s. Texts longer than a block (about 2,048 characters, cut at whitespace) are decoded
   * block by block, and the k-th analysis is then made of each block's k-th best (or its best).
   * `n` may be at most 1,000, and `n` × the text's length at most 10 M characters: the results
   * alone would otherwise hold that many morphemes (an `INVALID_ARGUMENT` error says so).
   */
  nbest(text: string, n: number): Morpheme[][] {
    if (!Number.isInteger(n) || n < 1) throw new KornluError('INVALID_ARGUMENT', 'nbest: n must be a positive integer');
    if (n > MAX_NBEST) throw new KornluError('INVALID_ARGUMENT', `nbest: n must be at most ${MAX_NBEST}`);
    if (typeof text === 'string' && n > 1 && n * text.length > MAX_NBEST_CHARS) {
      throw new KornluError('INVALID_ARGUMENT', `nbest: n × text length is ${n * text.length}, over ${MAX_NBEST_CHARS}; ask for fewer analyses or split the text`);
    }
    const results = this.decodeBlocks(text, n);
    if (n === 1) return results;
    // Drop duplicate analyses (when fewer than n exist).
    const seen = new Set<string>();
    return results.filter((r) => {
      const key = r.map((m) => `${m.start}:${m.lemma}/${m.tag}`).join(' ');
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  }

  /** Up to `n` analyses, each the k-th best of every block, or its best (so repeats are possible). */
  private decodeBlocks(text: string, n: number): Morpheme[][] {
    assertText(text);
    // NFC with alignment, so conjoining jamo input still maps back to exact offsets.
    const ns = unicodeNormalize(NormalizedString.from(text), 'NFC');
    const norm = ns.normalized;
    // Decode block by block (blocks end at whitespace, ≤ BLOCK characters) so memory stays
    // bounded on long texts.
    // results[k]: the k-th analysis so far; one per path the blocks have given (at most n).
    const results: Morpheme[][] = [[]];
    let eojeolBase = 0;
    for (const [a, b] of blocks(norm)) {
      const lat = buildLattice(norm, this.lexicon, this.scorer, a, b, this.table);
      // Paths as rows of the lattice's node table (the 1-best search makes no node objects).
      const paths = n === 1 ? [decodeBest(lat, this.scorer)] : decodeNBest(lat, this.scorer, n);
      // A block with more analyses than any before it: the new ones start with the earlier blocks' best.
      while (results.length < paths.length) results.push(results[0]!.slice());
      for (let k = 0; k < results.length; k++) {
        const path = paths[k] ?? paths[0];
        if (path) pushMorphemes(results[k]!, text, ns, lat, path, eojeolBase);
      }
      eojeolBase += lat.eojeols.length;
    }
    return results;
  }

  /** The lattice of a text, for training and inspection. */
  lattice(text: string) {
    return buildLattice(text, this.lexicon, this.scorer);
  }
}

const BLOCK = 2048;
/** Limits of `nbest` (see there). */
const MAX_NBEST = 1000;
const MAX_NBEST_CHARS = 10_000_000;

/** Cuts text into blocks of at most about BLOCK characters, at whitespace where possible. */
function blocks(text: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(text.length, start + BLOCK);
    if (end < text.length) {
      // Look back at most half a block for a space (never rescan the text before this block).
      let ws = end;
      while (ws > start + BLOCK / 2 && text.charCodeAt(ws) !== 32) ws--;
      if (ws > start + BLOCK / 2) end = ws;
      else if ((text.charCodeAt(end) & 0xfc00) === 0xdc00) end--; // keep surrogate pairs whole
    }
    out.push([start, end]);
    start = end;
  }
  return out;
}

/** Appends the morphemes of a path (node table rows) to `out`, with spans in the original text. */
function pushMorphemes(out: Morpheme[], original: string, ns: NormalizedString, lat: Lattice, path: number[], eojeolBase: number): void {
  const eojeols = lat.eojeols;
  let eo = 0;
  const emit = (m: Morph, sa: number, sb: number) => {
    const [a, b] = ns.toOriginal(sa, sb);
    out.push({ text: original.slice(a, b), start: a, end: b, lemma: m.lemma, tag: m.tag, eojeol: eojeolBase + eo });
  };
  for (const row of path) {
    const start = lat.nodes.start[row]!;
    while (eo < eojeols.length - 1 && start >= eojeols[eo]!.end) eo++;
    forEachMorpheme(lat, row, emit);
  }
}
