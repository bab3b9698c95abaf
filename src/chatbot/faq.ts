/**
 * FAQ answering: an index over question/answer pairs (the retrieval pipeline's BM25 on syllable
 * bigrams by default, robust to missing spaces and typos), the best pair with a score on a 0…~1
 * scale, and a fallback below a threshold that can be chosen on validation queries.
 *
 * @example
 * import { FaqBot } from 'kornlu/chatbot';
 * const faq = await FaqBot.fromCSV('question,answer\n배송은 얼마나 걸리나요?,보통 2~3일 걸립니다.\n환불은 어떻게 하나요?,마이페이지에서 신청하세요.\n');
 * await faq.answer('배송언제와요');   // { question: '배송은 얼마나 걸리나요?', answer: '보통 2~3일 걸립니다.', score: 0.31, fallback: false, … }
 */
import { assertText, KornluError } from '../errors.js';
import { RetrievalPipeline, type RetrievalOptions } from '../pipelines/retrieval.js';
import { chooseThreshold, type ThresholdChoice } from './calibration.js';
import { readCsv } from './csv.js';

export interface FaqEntry {
  question: string;
  answer: string;
  id?: string;
}

export interface FaqAnswer {
  id: string;
  question: string;
  answer: string;
  /** BM25 score divided by the query's self-score: 1 is an exact match, 0 nothing in common. */
  score: number;
  fallback: boolean;
}

export interface FaqOptions extends Omit<RetrievalOptions, 'documents' | 'embedder' | 'vectors'> {
  /** Scores below this fall back (default 0.2; `calibrate` picks one from data). */
  threshold?: number;
}

export interface FaqCsvOptions extends FaqOptions {
  /** Column names (default: the first header among question/q/질문, and answer/a/답변). */
  questionColumn?: string;
  answerColumn?: string;
  idColumn?: string;
}

export class FaqBot {
  threshold: number;

  private constructor(
    private readonly index: RetrievalPipeline,
    readonly entries: readonly FaqEntry[],
    threshold: number,
  ) {
    this.threshold = threshold;
  }

  static async create(entries: readonly FaqEntry[], options: FaqOptions = {}): Promise<FaqBot> {
    if (!Array.isArray(entries) || entries.length === 0) throw new KornluError('INVALID_ARGUMENT', 'an FAQ needs at least one { question, answer } pair');
    entries.forEach((e, i) => {
      assertText(e?.question, `entries[${i}].question`);
      assertText(e.answer, `entries[${i}].answer`);
    });
    const { threshold = 0.2, ...retrieval } = options;
    checkThreshold(threshold);
    const index = await RetrievalPipeline.load(undefined, {
      ...retrieval,
      documents: entries.map((e, i) => ({ id: e.id ?? String(i), text: e.question, answer: e.answer })),
    });
    return new FaqBot(index, entries.map((e, i) => ({ ...e, id: e.id ?? String(i) })), threshold);
  }

  /**
   * Builds from CSV text with a header row (see `readCsv`: Node only; in a browser, parse the CSV
   * yourself and call `create`).
   */
  static async fromCSV(csv: string, options: FaqCsvOptions = {}): Promise<FaqBot> {
    const { rows, column } = readCsv(csv, 'FAQ');
    const qc = column(options.questionColumn, ['question', 'q', '질문'], 'question');
    const ac = column(options.answerColumn, ['answer', 'a', '답변'], 'answer');
    const { questionColumn: _q, answerColumn: _a, idColumn, ...rest } = options;
    const entries = rows
      .map((r, i) => ({ question: r[qc] ?? '', answer: r[ac] ?? '', id: (idColumn ? r[idColumn] : undefined) ?? String(i) }))
      .filter((e) => e.question !== '');
    return FaqBot.create(entries, rest);
  }

  /** The best pair for `query` (null when the FAQ shares nothing with it), with `fallback` set below the threshold. */
  async answer(query: string): Promise<FaqAnswer | null> {
    return (await this.candidates(query, 1))[0] ?? null;
  }

  /** The `topK` best pairs. */
  async candidates(query: string, topK = 3): Promise<FaqAnswer[]> {
    const hits = await this.index.search(query, { topK, mode: 'bm25', normalize: true });
    return hits.map((h) => ({ id: h.id, question: h.text, answer: h.answer ?? '', score: h.score, fallback: h.score < this.threshold }));
  }

  /**
   * Chooses the threshold from validation queries: paraphrases with the id of the pair they
   * should find, and (better) out-of-domain queries the FAQ must not answer. A paraphrase counts
   * as right when its best hit is the expected pair.
   */
  async calibrate(paraphrases: ReadonlyArray<{ query: string; id: string }>, outOfDomain: readonly string[] = [], targetAccuracy?: number): Promise<ThresholdChoice> {
    const inDomain = [];
    for (const p of paraphrases) {
      const a = await this.answer(p.query);
      inDomain.push({ confidence: a?.score ?? 0, correct: a?.id === p.id });
    }
    const ood: number[] = [];
    for (const q of outOfDomain) ood.push((await this.answer(q))?.score ?? 0);
    const choice = chooseThreshold(inDomain, { outOfDomain: ood, ...(targetAccuracy !== undefined ? { targetAccuracy } : {}) });
    this.threshold = choice.threshold;
    return choice;
  }
}

function checkThreshold(t: number): void {
  if (!(t >= 0)) throw new KornluError('INVALID_ARGUMENT', `threshold must be a number ≥ 0, got ${t}`);
}
