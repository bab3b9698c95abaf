/**
 * Morphological analysis on worker threads, for bulk text. Each worker loads its own analyzer (the
 * same dictionary and user words); texts go out in chunks and come back in input order, with the
 * same analyses the analyzer gives in-process.
 *
 * @example
 * import { MorphAnalyzerPool } from 'kornlu/node';
 * const pool = await MorphAnalyzerPool.start({ threads: 4 });
 * const analyses = await pool.analyze(lines);   // Morpheme[][], lines' order
 * await pool.close();
 */
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { assertText, KornluError, type KornluErrorCode } from '../errors.js';
import type { Morpheme } from '../morph/analyzer.js';
import type { UserEntry } from '../morph/dict/lexicon.js';
import type { AnalysisFormat } from './morph-format.js';
import { startWorker } from './workers.js';

export interface MorphPoolOptions {
  /** Worker threads (default: the machine's cores, at most 8). */
  threads?: number;
  /** Extra words, as `loadMorphAnalyzer` takes them. */
  userEntries?: UserEntry[];
  /** Analyzer folder (default: the bundled models/ko-morph). */
  dir?: string;
  /** Texts per message to a worker (default 256). */
  chunkSize?: number;
}

/** @internal What a worker starts with. */
export interface MorphWorkerData {
  userEntries: UserEntry[];
  dir?: string;
}
/** @internal A chunk of texts; with `format`, the answer is output lines instead of morphemes. */
export interface MorphWorkerRequest {
  id: number;
  texts: string[];
  format?: AnalysisFormat;
}
/** @internal Results up to the first failure, and the failure (id -1: the worker's start). */
export interface MorphWorkerReply {
  id: number;
  results: Array<Morpheme[] | string>;
  error?: { code: string; message: string; path?: string };
}

interface Pending {
  resolve: (r: MorphWorkerReply) => void;
  reject: (e: Error) => void;
}

export class MorphAnalyzerPool {
  private nextId = 0;
  private turn = 0;
  private closed = false;
  /** Set when a worker stops on its own: its share of later calls would never be answered. */
  private broken: KornluError | null = null;
  private readonly pending = new Map<number, Pending & { worker: Worker }>();

  private constructor(
    private readonly workers: Worker[],
    private readonly chunkSize: number,
  ) {
    for (const w of workers) {
      w.on('message', (m: MorphWorkerReply) => {
        const p = this.pending.get(m.id);
        if (!p) return;
        this.pending.delete(m.id);
        p.resolve(m);
      });
      const fail = (why: string) => {
        const error = new KornluError('WORKER_FAILED', `morphological analysis worker ${why}`);
        if (!this.closed) this.broken ??= error;
        for (const [id, p] of this.pending) {
          if (p.worker !== w) continue;
          this.pending.delete(id);
          p.reject(error);
        }
      };
      w.on('error', (e) => fail(`failed: ${e.message}`));
      w.on('exit', (code) => fail(`exited (code ${code})`));
    }
  }

  static async start(options: MorphPoolOptions = {}): Promise<MorphAnalyzerPool> {
    const threads = options.threads ?? Math.min(8, availableParallelism());
    const chunkSize = options.chunkSize ?? 256;
    for (const [k, v] of [['threads', threads], ['chunkSize', chunkSize]] as const) {
      if (!Number.isInteger(v) || v < 1) throw new KornluError('INVALID_ARGUMENT', `${k} must be a positive integer, got ${v}`);
    }
    const data: MorphWorkerData = { userEntries: options.userEntries ?? [], ...(options.dir === undefined ? {} : { dir: options.dir }) };
    const workers = Array.from({ length: threads }, () => startWorker('morph-worker', { workerData: data }));
    try {
      await Promise.all(
        workers.map(
          (w) =>
            new Promise<void>((resolve, reject) => {
              w.once('message', (m: MorphWorkerReply) => (m.error ? reject(toError(m.error)) : resolve()));
              w.once('error', (e) => reject(new KornluError('WORKER_FAILED', `morphological analysis worker failed to start: ${e.message}`, { cause: e })));
              w.once('exit', (code) => reject(new KornluError('WORKER_FAILED', `morphological analysis worker exited while starting (code ${code})`)));
            }),
        ),
      );
    } catch (e) {
      await Promise.all(workers.map((w) => w.terminate()));
      throw e;
    }
    return new MorphAnalyzerPool(workers, chunkSize);
  }

  get threads(): number {
    return this.workers.length;
  }

  /** The best analysis of each text, in order: what `MorphAnalyzer.analyze` gives for it. */
  async analyze(texts: readonly string[]): Promise<Morpheme[][]> {
    const { results, error } = await this.run(texts);
    if (error) throw error;
    return results as Morpheme[][];
  }

  /**
   * Each text's output as `kornlu pos` / `kornlu tokenize --unit morpheme` print it, in order, up to
   * the first text that fails (then `error` says why): the CLI writes what came before a bad line.
   */
  async format(texts: readonly string[], format: AnalysisFormat): Promise<{ output: string[]; error?: Error }> {
    const { results, error } = await this.run(texts, format);
    return { output: results as string[], ...(error ? { error } : {}) };
  }

  /** Stops the workers; calls under way reject. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private async run(texts: readonly string[], format?: AnalysisFormat): Promise<{ results: Array<Morpheme[] | string>; error?: Error }> {
    if (this.closed) throw new KornluError('WORKER_FAILED', 'the analyzer pool is closed');
    if (this.broken) throw this.broken;
    if (!Array.isArray(texts)) throw new KornluError('INVALID_ARGUMENT', 'texts must be an array of strings');
    texts.forEach((t, i) => assertText(t, `texts[${i}]`));
    const replies: Array<Promise<MorphWorkerReply>> = [];
    for (let a = 0; a < texts.length; a += this.chunkSize) {
      const worker = this.workers[this.turn++ % this.workers.length]!;
      const id = this.nextId++;
      const request: MorphWorkerRequest = { id, texts: texts.slice(a, a + this.chunkSize), ...(format ? { format } : {}) };
      replies.push(new Promise((resolve, reject) => this.pending.set(id, { resolve, reject, worker })));
      worker.postMessage(request);
    }
    const results: Array<Morpheme[] | string> = [];
    for (const r of await Promise.all(replies)) {
      for (const x of r.results) results.push(x);
      if (r.error) return { results, error: toError(r.error) };
    }
    return { results };
  }
}

/** A worker's error as a KornluError with its code and path again. */
function toError(e: { code: string; message: string; path?: string }): KornluError {
  const message = e.path !== undefined && e.message.endsWith(` (${e.path})`) ? e.message.slice(0, -(e.path.length + 3)) : e.message;
  return new KornluError(e.code as KornluErrorCode, message, e.path === undefined ? {} : { path: e.path });
}
