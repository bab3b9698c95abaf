/**
 * Word2Vec training (gensim's split: this trains, `KeyedVectors` uses the result). CBOW or
 * skip-gram, negative sampling and/or hierarchical softmax, subsampling, dynamic window, linear
 * learning-rate decay; corpora are streamed (each epoch reads the source again); `threads` > 1
 * trains lock-free on shared memory in worker threads, `threads: 1` with a `seed` is deterministic.
 *
 * @example
 * const w2v = new Word2Vec({ model: 'skipgram', dim: 100, epochs: 5, threads: 2 });
 * await w2v.train(fileCorpus('reviews.txt'));
 * w2v.vectors.mostSimilar(['영화'], { topK: 5 });
 */
import { createWriteStream, rmSync } from 'node:fs';
import type { Worker } from 'node:worker_threads';
import { KornluError } from '../errors.js';
import { expTable, initVectors, Rng, trainChunk, type KernelParams, type KernelState } from '../embeddings/kernel.js';
import { createWasmShared, WasmKernel, type WasmShared } from '../embeddings/kernel-wasm.js';
import { WordCounter, WordIds } from '../embeddings/word-table.js';
import { KeyedVectors } from '../embeddings/keyed-vectors.js';
import { Vocab } from '../embeddings/vocab.js';
import type { Tokenizer } from '../tokenizers/types.js';
import { readLines } from './lines.js';
import { startWorker } from './workers.js';

/** A corpus that can be read more than once: each call streams it from the start. */
export type Corpus = (() => AsyncIterable<string[]>) & {
  /**
   * Set by `fileCorpus` without a tokenizer: the raw lines, so Word2Vec can count and map
   * whitespace tokens straight from the text (`WordCounter`, `WordIds`) without making strings.
   */
  whitespaceLines?: () => AsyncIterable<string>;
};

const WS = /\s+/u;

/**
 * Lines of a UTF-8 file, streamed and tokenized. Without a tokenizer, lines are split on whitespace
 * (eojeol units, as gensim's LineSentence splits) with no token objects: the fast path.
 */
export function fileCorpus(path: string, tokenizer?: Tokenizer): Corpus {
  const corpus = async function* () {
    for await (const line of readLines(path)) {
      const tokens = tokenizer ? tokenizer.tokenize(line).map((t) => t.text) : line.split(WS).filter((t) => t.length > 0);
      if (tokens.length) yield tokens;
    }
  };
  return tokenizer ? corpus : Object.assign(corpus, { whitespaceLines: () => readLines(path) });
}

/**
 * Tokenizes the file at `input` once, writing each line's tokens space-separated to `output` (lines
 * without tokens left out), and returns `output` as a corpus. Training then reads whitespace-split
 * lines — the fast path — at every epoch instead of tokenizing the text again each time: the same
 * sentences of the same tokens as `fileCorpus(input, tokenizer)`. A token that contains whitespace
 * could not be read back as one token: that is an `INVALID_ARGUMENT` error (use `fileCorpus`).
 */
export async function pretokenizedCorpus(input: string, tokenizer: Tokenizer, output: string, onProgress?: (lines: number) => void): Promise<Corpus> {
  const out = createWriteStream(output);
  const closed = new Promise<void>((resolve, reject) => {
    out.on('close', resolve);
    out.on('error', reject);
  });
  let lines = 0;
  try {
    let chunk: string[] = [];
    const write = async () => {
      if (!out.write(chunk.join(''))) await new Promise<void>((r) => out.once('drain', r));
      chunk = [];
    };
    for await (const line of readLines(input)) {
      const tokens = tokenizer.tokenize(line).map((t) => t.text);
      if (tokens.some((t) => /\s/u.test(t))) {
        throw new KornluError('INVALID_ARGUMENT', `line ${lines + 1}: a token contains whitespace, so tokens cannot be stored space-separated; train from fileCorpus(path, tokenizer)`, { path: input });
      }
      if (tokens.length) chunk.push(tokens.join(' ') + '\n');
      if (chunk.length >= 4096) await write();
      if (++lines % 10000 === 0) onProgress?.(lines);
    }
    await write();
  } catch (e) {
    out.end();
    await closed.catch(() => undefined);
    rmSync(output, { force: true }); // no half-written corpus left behind
    throw e;
  }
  out.end();
  await closed;
  onProgress?.(lines);
  return fileCorpus(output);
}

/** An in-memory corpus (tests, small data). */
export function arrayCorpus(sentences: string[][]): Corpus {
  return async function* () {
    yield* sentences;
  };
}

export interface Word2VecOptions {
  model?: 'cbow' | 'skipgram';
  dim?: number;
  window?: number;
  /** Negative samples per positive (0 to disable; default 5). */
  negative?: number;
  /** Hierarchical softmax (default false). */
  hs?: boolean;
  minCount?: number;
  maxVocab?: number;
  /** Subsampling threshold (default 1e-3; 0 disables). */
  sample?: number;
  epochs?: number;
  /** Starting learning rate (default 0.025 skip-gram, 0.05 CBOW). */
  alpha?: number;
  minAlpha?: number;
  threads?: number;
  seed?: number;
  /** Words per chunk handed to a thread (default 10,000). */
  chunkWords?: number;
  /**
   * `auto` (default): negative sampling runs in the WebAssembly SIMD kernel when the runtime has it
   * and `dim` is a multiple of 4, else in JavaScript; `js` forces the JavaScript kernel. Both
   * consume the same random stream; results differ only by float rounding.
   */
  kernel?: 'auto' | 'js';
}

export interface TrainProgress {
  epoch: number;
  words: number;
  totalWords: number;
  wordsPerSecond: number;
}

type Resolved = Required<Omit<Word2VecOptions, 'maxVocab' | 'alpha'>> & { maxVocab?: number; alpha: number };

export class Word2Vec {
  readonly options: Resolved;
  vocab: Vocab | null = null;
  private syn0: Float32Array | null = null;
  private syn1neg: Float32Array | null = null;
  private syn1: Float32Array | null = null;
  private wasm: WasmShared | null = null;
  /** Corpus words (before subsampling) seen by the last vocabulary scan. */
  corpusWords = 0;

  constructor(options: Word2VecOptions = {}) {
    const model = options.model ?? 'cbow';
    const o: Resolved = {
      model,
      dim: options.dim ?? 100,
      window: options.window ?? 5,
      negative: options.negative ?? 5,
      hs: options.hs ?? false,
      minCount: options.minCount ?? 5,
      sample: options.sample ?? 1e-3,
      epochs: options.epochs ?? 5,
      alpha: options.alpha ?? (model === 'cbow' ? 0.05 : 0.025),
      minAlpha: options.minAlpha ?? 0.0001,
      threads: options.threads ?? 1,
      seed: options.seed ?? 1,
      chunkWords: options.chunkWords ?? 10_000,
      kernel: options.kernel ?? 'auto',
      ...(options.maxVocab !== undefined ? { maxVocab: options.maxVocab } : {}),
    };
    for (const k of ['dim', 'window', 'epochs', 'threads', 'minCount', 'chunkWords'] as const) {
      if (!Number.isInteger(o[k]) || o[k] < 1) throw new KornluError('INVALID_ARGUMENT', `word2vec: ${k} must be a positive integer`);
    }
    if (o.kernel !== 'auto' && o.kernel !== 'js') throw new KornluError('INVALID_ARGUMENT', `word2vec: kernel must be auto or js, got ${JSON.stringify(o.kernel)}`);
    if (!o.hs && o.negative < 1) throw new KornluError('INVALID_ARGUMENT', 'word2vec: use negative sampling (negative ≥ 1), hierarchical softmax (hs), or both');
    this.options = o;
  }

  /** Which kernel trains (known once the vocabulary is built): `wasm` (SIMD) or `js`. */
  get kernelInUse(): 'wasm' | 'js' {
    return this.wasm ? 'wasm' : 'js';
  }

  /** Counts the corpus (one streamed pass) and builds the vocabulary; `update` adds new words. */
  async buildVocab(corpus: Corpus, options: { update?: boolean } = {}): Promise<Vocab> {
    let counts = new Map<string, number>();
    let words = 0;
    if (corpus.whitespaceLines) {
      // Fast path: no string per token; only words that can enter the vocabulary become strings.
      const counter = new WordCounter();
      for await (const line of corpus.whitespaceLines()) words += counter.countLine(line);
      counts = counter.counts(options.update ? 1 : this.options.minCount);
    } else {
      for await (const sentence of corpus()) {
        for (const w of sentence) counts.set(w, (counts.get(w) ?? 0) + 1);
        words += sentence.length;
      }
    }
    if (words === 0) throw new KornluError('TRAINING_FAILED', 'word2vec: the corpus is empty');
    this.corpusWords = words;
    const old = this.vocab;
    if (options.update && old) {
      // Fine-tuning on new text: old words keep their ids and vectors, new ones are appended.
      const merged = new Map<string, number>();
      old.words.forEach((w, i) => merged.set(w, old.counts[i]! + (counts.get(w) ?? 0)));
      const fresh = Vocab.fromCounts(counts, { minCount: this.options.minCount });
      const added = fresh.words.filter((w) => !merged.has(w));
      const vocab = new Vocab([...old.words, ...added], [...old.words.map((w) => merged.get(w)!), ...added.map((w) => counts.get(w)!)]);
      this.grow(vocab);
      return vocab;
    }
    const vocab = Vocab.fromCounts(counts, { minCount: this.options.minCount, ...(this.options.maxVocab !== undefined ? { maxVocab: this.options.maxVocab } : {}) });
    this.vocab = vocab;
    this.allocate(0);
    return vocab;
  }

  private allocate(keepRows: number): void {
    const { dim, negative, hs, seed, window, threads } = this.options;
    const n = this.vocab!.size;
    const shared = (len: number) => new Float32Array(new SharedArrayBuffer(len * 4));
    // The SIMD kernel needs both layers in one WebAssembly memory (scratch slot per thread + caller).
    this.wasm = this.options.kernel === 'auto' && negative > 0 && !hs ? createWasmShared(n, dim, threads + 1, negative, window, expTable, this.vocab!.negativeTableSize()) : null;
    const w = this.wasm;
    const syn0 = w ? new Float32Array(w.memory.buffer, w.layout.syn0, n * dim) : shared(n * dim);
    if (this.syn0 && keepRows > 0) syn0.set(this.syn0.subarray(0, keepRows * dim));
    initVectors(syn0, dim, new Rng(seed * 2654435761 + keepRows), keepRows * dim);
    const grown = (prev: Float32Array | null) => {
      const a = w ? new Float32Array(w.memory.buffer, w.layout.syn1neg, n * dim) : shared(n * dim);
      if (prev && keepRows > 0) a.set(prev.subarray(0, keepRows * dim));
      return a;
    };
    this.syn0 = syn0;
    this.syn1neg = negative > 0 ? grown(this.syn1neg) : null;
    // Hierarchical softmax's inner nodes depend on the whole tree: rebuilt from zero on growth.
    this.syn1 = hs ? shared(n * dim) : null;
  }

  private grow(vocab: Vocab): void {
    const keep = this.vocab!.size;
    this.vocab = vocab;
    this.allocate(keep);
  }

  /**
   * Trains for `epochs` passes over the corpus (building the vocabulary first if needed).
   * Calling it again continues training from the current vectors.
   */
  async train(corpus: Corpus, options: { onProgress?: (p: TrainProgress) => void; epochs?: number } = {}): Promise<KeyedVectors> {
    if (!this.vocab) await this.buildVocab(corpus);
    const vocab = this.vocab!;
    const o = this.options;
    const epochs = options.epochs ?? o.epochs;
    const totalWords = epochs * this.corpusWords;
    const params: KernelParams = {
      dim: o.dim, window: o.window, negative: o.negative, hs: o.hs, cbow: o.model === 'cbow',
      alpha: o.alpha, minAlpha: o.minAlpha, totalWords,
    };
    const huff = o.hs ? vocab.huffman() : null;
    // Read-only tables in shared memory too, so workers get them without copies.
    const sab = <T extends Int32Array | Float32Array | Uint8Array>(a: T): T => {
      const out = new (a.constructor as new (b: SharedArrayBuffer) => T)(new SharedArrayBuffer(a.byteLength));
      out.set(a as never);
      return out;
    };
    const state: KernelState = {
      syn0: this.syn0!,
      syn1neg: this.syn1neg,
      syn1: this.syn1,
      table: o.negative > 0 ? (this.wasm ? WasmKernel.table(this.wasm) : sab(new Int32Array(vocab.negativeTableSize()))) : null,
      keep: sab(vocab.keepProbabilities(o.sample)),
      codes: huff ? sab(huff.codes) : null,
      points: huff ? sab(huff.points) : null,
      codeOffsets: huff ? sab(huff.offsets) : null,
      codeLengths: huff ? sab(huff.lengths) : null,
      progress: new Int32Array(new SharedArrayBuffer(4)),
      wasm: this.wasm,
      slot: 0,
    };
    // The unigram table, written in place (in the wasm memory when the SIMD kernel runs).
    if (state.table) state.table.set(vocab.negativeTable());
    const pool = o.threads > 1 ? await WorkerPool.start(o.threads, params, state, o.seed) : null;
    const rng = new Rng(o.seed);
    const lineIds = corpus.whitespaceLines ? new WordIds(vocab.words) : null;
    const t0 = Date.now();
    try {
      for (let epoch = 1; epoch <= epochs; epoch++) {
        let buf: number[] = [];
        const flush = async () => {
          if (buf.length === 0) return;
          const ids = Int32Array.from(buf);
          buf = [];
          if (pool) await pool.submit(ids);
          else trainChunk(ids, params, state, rng);
          const words = Atomics.load(state.progress, 0);
          options.onProgress?.({ epoch, words, totalWords, wordsPerSecond: words / Math.max(1e-3, (Date.now() - t0) / 1000) });
        };
        if (lineIds) {
          for await (const line of corpus.whitespaceLines!()) {
            if (lineIds.pushIds(line, buf) > 0) buf.push(-1);
            if (buf.length >= o.chunkWords) await flush();
          }
        } else {
          for await (const sentence of corpus()) {
            for (const w of sentence) {
              const id = vocab.index.get(w);
              if (id !== undefined) buf.push(id);
            }
            buf.push(-1);
            if (buf.length >= o.chunkWords) await flush();
          }
        }
        await flush();
        if (pool) await pool.drain();
      }
    } finally {
      await pool?.close();
    }
    return this.vectors;
  }

  /** The trained word vectors (a copy, detached from training). */
  get vectors(): KeyedVectors {
    if (!this.vocab || !this.syn0) throw new KornluError('TRAINING_FAILED', 'word2vec: no vocabulary yet; call train() first');
    return new KeyedVectors(this.vocab.words, Float32Array.from(this.syn0), this.options.dim, this.vocab.counts);
  }
}

/** Worker threads with at most two chunks in flight each. */
class WorkerPool {
  private inFlight = 0;
  private waiters: Array<() => void> = [];
  private next = 0;
  private failure: Error | null = null;

  private constructor(private readonly workers: Worker[]) {
    for (const w of workers) {
      w.on('message', (m: { type: string }) => {
        if (m.type !== 'done') return;
        this.inFlight--;
        this.waiters.shift()?.();
      });
      w.on('error', (e) => {
        this.failure = e;
        for (const wake of this.waiters.splice(0)) wake();
      });
    }
  }

  static async start(n: number, params: KernelParams, state: KernelState, seed: number): Promise<WorkerPool> {
    const workers = Array.from({ length: n }, () => startWorker('w2v-worker'));
    await Promise.all(
      workers.map(
        (w, k) =>
          new Promise<void>((resolve, reject) => {
            w.once('message', () => resolve());
            w.once('error', reject);
            w.postMessage({ type: 'init', params, state: { ...state, slot: k + 1 }, seed: seed * 7919 + k + 1 });
          }),
      ),
    );
    return new WorkerPool(workers);
  }

  async submit(ids: Int32Array): Promise<void> {
    while (this.inFlight >= this.workers.length * 2 && !this.failure) await new Promise<void>((r) => this.waiters.push(r));
    if (this.failure) throw new KornluError('TRAINING_FAILED', `word2vec worker failed: ${this.failure.message}`, { cause: this.failure });
    this.inFlight++;
    const w = this.workers[this.next++ % this.workers.length]!;
    w.postMessage({ type: "chunk", ids }, [ids.buffer as ArrayBuffer]);
  }

  async drain(): Promise<void> {
    while (this.inFlight > 0 && !this.failure) await new Promise<void>((r) => this.waiters.push(r));
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
