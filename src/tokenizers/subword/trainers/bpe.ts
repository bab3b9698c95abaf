/**
 * BPE training (Sennrich et al.): count words, start from characters, repeatedly merge the most
 * frequent adjacent pair. Pair counts are updated incrementally and the best pair comes from a
 * lazy max-heap, so each merge costs time in the words it touches, not the corpus.
 */
import type { JsonObject } from '../json.js';
import { bytesToUnicode } from '../pre-tokenizers/byte-level-alphabet.js';
import { cpWidth } from '../models/model.js';
import { MaxHeap } from '../../../max-heap.js';
import type { TrainerOptions } from './common.js';

export interface BpeTrainResult {
  vocab: Map<string, number>;
  merges: Array<[string, string]>;
}

interface Word {
  syms: number[];
  count: number;
}

/**
 * Learns merges over word counts. `prefix` marks non-initial symbols (WordPiece's ##);
 * `byteLevel` seeds the alphabet with all 256 byte characters.
 */
export function learnBpe(
  counts: Map<string, number>,
  options: TrainerOptions,
  extra: { prefix?: string; byteLevel?: boolean } = {},
): BpeTrainResult {
  const minFreq = options.minFrequency ?? 2;
  const prefix = extra.prefix ?? '';
  const vocab = new Map<string, number>();
  const names: string[] = [];
  const add = (t: string) => {
    let id = vocab.get(t);
    if (id === undefined) {
      id = names.length;
      vocab.set(t, id);
      names.push(t);
    }
    return id;
  };
  for (const s of options.specialTokens ?? []) add(s);
  // Alphabet: characters by frequency, optionally limited.
  const charFreq = new Map<string, number>();
  for (const [w, c] of counts) for (let i = 0; i < w.length; i += cpWidth(w, i)) {
    const ch = w.slice(i, i + cpWidth(w, i));
    charFreq.set(ch, (charFreq.get(ch) ?? 0) + c);
  }
  let alphabet = [...charFreq.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([ch]) => ch);
  if (options.limitAlphabet !== undefined) alphabet = alphabet.slice(0, options.limitAlphabet);
  if (extra.byteLevel) alphabet = [...new Set([...bytesToUnicode(), ...alphabet])];
  alphabet.sort();
  for (const ch of alphabet) add(ch);
  const known = new Set(alphabet);
  // Words as symbol id sequences.
  const words: Word[] = [];
  for (const [w, count] of counts) {
    const syms: number[] = [];
    for (let i = 0; i < w.length; ) {
      const n = cpWidth(w, i);
      const ch = w.slice(i, i + n);
      if (known.has(ch)) syms.push(add(i > 0 && prefix ? prefix + ch : ch));
      else syms.length = 0; // a word with a character outside the alphabet stays unknown
      if (!known.has(ch)) break;
      i += n;
    }
    if (syms.length > 1) words.push({ syms, count });
  }
  // Pair statistics.
  const pairCount = new Map<number, number>();
  const pairWords = new Map<number, Set<number>>();
  const key = (a: number, b: number) => a * 0x200000 + b;
  words.forEach((w, wi) => {
    for (let k = 0; k + 1 < w.syms.length; k++) {
      const p = key(w.syms[k]!, w.syms[k + 1]!);
      pairCount.set(p, (pairCount.get(p) ?? 0) + w.count);
      let set = pairWords.get(p);
      if (!set) pairWords.set(p, (set = new Set()));
      set.add(wi);
    }
  });
  type Entry = { pair: number; count: number };
  const pairName = (p: number) => names[Math.floor(p / 0x200000)]! + '\u0000' + names[p % 0x200000]!;
  const heap = new MaxHeap<Entry>((x, y) => x.count > y.count || (x.count === y.count && pairName(x.pair) < pairName(y.pair)));
  for (const [pair, count] of pairCount) heap.push({ pair, count });
  const merges: Array<[string, string]> = [];
  while (vocab.size < options.vocabSize) {
    const top = heap.pop();
    if (top === undefined) break;
    const current = pairCount.get(top.pair) ?? 0;
    if (current !== top.count) {
      if (current > 0) heap.push({ pair: top.pair, count: current });
      continue;
    }
    if (current < minFreq) break;
    const a = Math.floor(top.pair / 0x200000);
    const b = top.pair % 0x200000;
    const left = names[a]!;
    const right = names[b]!;
    const merged = add(left + (prefix && right.startsWith(prefix) ? right.slice(prefix.length) : right));
    merges.push([left, right]);
    const touched = new Set<number>();
    for (const wi of pairWords.get(top.pair) ?? []) {
      const w = words[wi]!;
      const s = w.syms;
      for (let k = 0; k + 1 < s.length; k++) {
        if (s[k] !== a || s[k + 1] !== b) continue;
        // Remove the neighbours' old pairs, merge, add the new pairs.
        const dec = (p: number) => {
          pairCount.set(p, (pairCount.get(p) ?? 0) - w.count);
          touched.add(p);
        };
        const inc = (p: number) => {
          pairCount.set(p, (pairCount.get(p) ?? 0) + w.count);
          let set = pairWords.get(p);
          if (!set) pairWords.set(p, (set = new Set()));
          set.add(wi);
          touched.add(p);
        };
        if (k > 0) dec(key(s[k - 1]!, a));
        if (k + 2 < s.length) dec(key(b, s[k + 2]!));
        dec(top.pair);
        s.splice(k, 2, merged);
        if (k > 0) inc(key(s[k - 1]!, merged));
        if (k + 1 < s.length) inc(key(merged, s[k + 1]!));
      }
    }
    pairWords.delete(top.pair);
    pairCount.delete(top.pair);
    touched.delete(top.pair);
    for (const p of touched) {
      const c = pairCount.get(p) ?? 0;
      if (c > 0) heap.push({ pair: p, count: c });
    }
    options.onProgress?.({ stage: 'merge', done: vocab.size, total: options.vocabSize });
  }
  return { vocab, merges };
}

export function bpeModelJSON(r: BpeTrainResult, unkToken: string | null): JsonObject {
  const vocab: JsonObject = {};
  for (const [t, id] of r.vocab) vocab[t] = id;
  return {
    type: 'BPE', dropout: null, unk_token: unkToken, continuing_subword_prefix: null, end_of_word_suffix: null,
    fuse_unk: false, byte_fallback: false, ignore_merges: false, vocab, merges: r.merges.map(([a, b]) => [a, b]),
  };
}
