/**
 * Vocabulary for word2vec training: counts from a streamed corpus, minCount/maxVocab pruning,
 * the negative-sampling table (unigram^0.75) and the subsampling keep-probabilities, as in
 * Mikolov's word2vec.c and gensim.
 */
import { KornluError } from '../errors.js';

export interface VocabOptions {
  /** Drop words seen fewer times (default 5). */
  minCount?: number;
  /** Keep at most this many words, most frequent first. */
  maxVocab?: number;
}

export class Vocab {
  readonly words: string[];
  readonly counts: Float64Array;
  readonly index: Map<string, number>;
  readonly total: number;

  constructor(words: string[], counts: ArrayLike<number>) {
    this.words = words;
    this.counts = Float64Array.from(counts);
    this.index = new Map(words.map((w, i) => [w, i]));
    let t = 0;
    for (const c of this.counts) t += c;
    this.total = t;
  }

  get size(): number {
    return this.words.length;
  }

  /** From raw counts: prune, sort by count (ties by word, so the order is deterministic). */
  static fromCounts(counts: Map<string, number>, options: VocabOptions = {}): Vocab {
    const min = options.minCount ?? 5;
    let entries = [...counts.entries()].filter(([, c]) => c >= min);
    entries.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    if (options.maxVocab !== undefined) entries = entries.slice(0, options.maxVocab);
    if (entries.length === 0) {
      throw new KornluError('TRAINING_FAILED', `no word occurs at least ${min} times: the vocabulary is empty (lower minCount or give more text)`);
    }
    return new Vocab(entries.map(([w]) => w), entries.map(([, c]) => c));
  }

  /**
   * Keep-probability per word for frequent-word subsampling with threshold `sample` (word2vec.c:
   * keep = (sqrt(f / (s·T)) + 1) · s·T / f). 1 for all when sample is 0.
   */
  keepProbabilities(sample: number): Float32Array {
    const keep = new Float32Array(this.size).fill(1);
    if (sample <= 0) return keep;
    const thr = sample * this.total;
    for (let i = 0; i < this.size; i++) {
      const f = this.counts[i]!;
      keep[i] = Math.min(1, (Math.sqrt(f / thr) + 1) * (thr / f));
    }
    return keep;
  }

  /** The unigram^0.75 table negative samples are drawn from (1e8 slots in C; scaled to the vocabulary). */
  /** Size of the default negative-sampling table: 100 slots per word, between 1e6 and 1e8. */
  negativeTableSize(): number {
    return Math.min(1e8, Math.max(1e6, this.size * 100));
  }

  negativeTable(power = 0.75, size = this.negativeTableSize()): Int32Array {
    const table = new Int32Array(size);
    let norm = 0;
    for (const c of this.counts) norm += Math.pow(c, power);
    let i = 0;
    let d = Math.pow(this.counts[0]!, power) / norm;
    for (let a = 0; a < size; a++) {
      table[a] = i;
      if (a / size > d && i < this.size - 1) {
        i++;
        d += Math.pow(this.counts[i]!, power) / norm;
      }
    }
    return table;
  }

  /**
   * Huffman codes for hierarchical softmax: for word w, `points` (inner node ids) and `codes`
   * (0/1) from the root, flattened with offsets.
   */
  huffman(): { codes: Uint8Array; points: Int32Array; offsets: Int32Array; lengths: Int32Array } {
    const n = this.size;
    const count = new Float64Array(2 * n);
    count.set(this.counts);
    for (let k = n; k < 2 * n; k++) count[k] = Number.MAX_VALUE;
    const binary = new Uint8Array(2 * n);
    const parent = new Int32Array(2 * n);
    // Words are sorted by descending count: two pointers build the tree in O(n).
    let pos1 = n - 1;
    let pos2 = n;
    for (let a = 0; a < n - 1; a++) {
      const pick = () => (pos1 >= 0 && count[pos1]! < count[pos2]! ? pos1-- : pos2++);
      const min1 = pick();
      const min2 = pick();
      count[n + a] = count[min1]! + count[min2]!;
      parent[min1] = n + a;
      parent[min2] = n + a;
      binary[min2] = 1;
    }
    const lengths = new Int32Array(n);
    const offsets = new Int32Array(n);
    const codesList: number[] = [];
    const pointsList: number[] = [];
    for (let w = 0; w < n; w++) {
      const code: number[] = [];
      const point: number[] = [];
      for (let b = w; b !== 2 * n - 2 && n > 1; b = parent[b]!) {
        code.push(binary[b]!);
        point.push(b);
      }
      offsets[w] = codesList.length;
      lengths[w] = code.length;
      // From the root down: reverse; points are inner nodes (ids − n).
      const L = code.length;
      for (let k = 0; k < L; k++) {
        codesList.push(code[L - 1 - k]!);
        pointsList.push((k === 0 ? 2 * n - 2 : point[L - k]!) - n);
      }
    }
    return { codes: Uint8Array.from(codesList), points: Int32Array.from(pointsList), offsets, lengths };
  }
}
