/**
 * Extractive question answering (KorQuAD / SQuAD style). Long contexts are cut into overlapping
 * windows (doc stride), so no part of the passage is ever truncated away; windows of many
 * questions are batched together; the best spans are searched within a maximum answer length;
 * and every answer is an exact slice of the original context with its character offsets.
 *
 * @example
 * import { pipeline } from 'kornlu/pipelines';
 * const qa = await pipeline('question-answering', './models/ko-qa');
 * const context = '1989년 2월 15일 여의도 농민 폭력 시위를 주도한 혐의로 지명수배되었다.';
 * const [best] = await qa.run({ question: '지명수배된 날은?', context });
 * best;                                   // { answer: '1989년 2월 15일', start: 0, end: 12, score: 0.40 }
 * context.slice(best.start, best.end);    // always equals best.answer
 */
import { assertText, KornluError } from '../errors.js';
import { loadModel, type LoadedModel, type ModelOptions } from '../hub/load.js';
import type { MorphAnalyzer } from '../morph/analyzer.js';
import type { Encoding } from '../tokenizers/subword/encoding.js';
import { checkSignal, Pipeline, type RunOptions } from './base.js';
import { trimTrailingJosa } from './qa/josa.js';
import { wholeNumberSpan } from './qa/numbers.js';
import { AnswerReranker, candidateOf } from './qa/rerank.js';
import { bestSpans } from './qa/spans.js';
import { encoderFeeds, floatOutput, lengthOrder, padIdOf } from './tensors.js';
import { questionWindows, windowSettings, type WindowOptions, type WindowSettings } from './qa/windows.js';

export interface QAInput {
  question: string;
  context: string;
}

export interface QAAnswer {
  /** `context.slice(start, end)`. */
  answer: string;
  start: number;
  end: number;
  /**
   * Without a reranker: p(start) · p(end) within the answer's window. With one (the model folder's
   * `reranker.json`): the reranker's probability over the reader's top candidates and their
   * particle-trimmed copies (0 for spans beyond them, which only a topK larger than the reranker's
   * `candidates` returns).
   */
  score: number;
}

export interface QAOptions extends WindowOptions, RunOptions {
  /** Answers per question, best first (default 1). */
  topK?: number;
  /** Cut trailing particles from answers (`서울에서` → `서울`) with this analyzer. */
  trimJosa?: MorphAnalyzer;
  /**
   * Rescore the reader's top spans with the model's answer reranker when it has one (config.json's
   * `kornlu_reranker`, default true). `false` gives the reader's own ranking.
   */
  rerank?: boolean;
}

interface Window {
  question: number;
  encoding: Encoding;
}

export class QuestionAnsweringPipeline extends Pipeline {
  readonly task = 'question-answering';

  /** The answer reranker of the model folder, if it has one. */
  readonly reranker: AnswerReranker | undefined;

  private constructor(model: LoadedModel, reranker: AnswerReranker | undefined) {
    super(model);
    this.reranker = reranker;
  }

  static async load(model: string, options: ModelOptions = {}): Promise<QuestionAnsweringPipeline> {
    const loaded = await loadModel(model, ['model'], options);
    const file = loaded.config.raw.kornlu_reranker;
    if (file === undefined) return new QuestionAnsweringPipeline(loaded, undefined);
    try {
      if (typeof file !== 'string' || file === '') throw new KornluError('MODEL_MISMATCH', `kornlu_reranker must be a file name, got ${JSON.stringify(file)}`, { path: loaded.files.resolve('config.json') });
      const reranker = AnswerReranker.fromJSON(await loaded.files.json(file), loaded.files.resolve(file));
      await loaded.files.settled();
      return new QuestionAnsweringPipeline(loaded, reranker);
    } catch (e) {
      await Promise.all(Object.values(loaded.sessions).map((s) => s.dispose()));
      throw e;
    }
  }

  run(input: QAInput, options?: QAOptions): Promise<QAAnswer[]>;
  run(inputs: readonly QAInput[], options?: QAOptions): Promise<QAAnswer[][]>;
  async run(input: QAInput | readonly QAInput[], options: QAOptions = {}): Promise<QAAnswer[] | QAAnswer[][]> {
    if (Array.isArray(input)) return this.answerAll(input as readonly QAInput[], options);
    return (await this.answerAll([input as QAInput], options))[0]!;
  }

  /** The best answer, or null when the context is empty. */
  async answer(question: string, context: string, options: QAOptions = {}): Promise<QAAnswer | null> {
    return (await this.run({ question, context }, { ...options, topK: 1 }))[0] ?? null;
  }

  /** The windows a question/context pair is cut into (exposed for inspection and benchmarks). */
  windows(input: QAInput, options: QAOptions = {}): Encoding[] {
    return questionWindows(this.tokenizer, input.question, input.context, this.settings(options));
  }

  private settings(options: QAOptions): WindowSettings {
    return windowSettings(options, this.config.maxPositionEmbeddings ?? 512);
  }

  private async answerAll(inputs: readonly QAInput[], options: QAOptions): Promise<QAAnswer[][]> {
    inputs.forEach((x, i) => {
      if (x === null || typeof x !== 'object') throw new KornluError('INVALID_ARGUMENT', `inputs[${i}] must be { question, context }`);
      assertText(x.question, `inputs[${i}].question`);
      assertText(x.context, `inputs[${i}].context`);
    });
    checkSignal(options.signal);
    const o = this.settings(options);
    const reranker = options.rerank === false ? undefined : this.reranker;
    // The reranker sees as many reader candidates as it was fit on.
    const spansPerWindow = Math.max(o.topK, reranker?.candidates ?? 0);
    const windows: Window[] = [];
    inputs.forEach((x, question) => {
      if (x.context.trim() === '') return;
      for (const encoding of this.windows(x, options)) windows.push({ question, encoding });
    });
    const candidates: QAAnswer[][] = inputs.map(() => []);
    const session = this.session();
    const pad = padIdOf(this.tokenizer, this.config.padTokenId);
    const order = lengthOrder(windows.map((w) => w.encoding.ids.length));
    for (let b = 0; b < order.length; b += o.batchSize) {
      const batch = order.slice(b, b + o.batchSize).map((i) => windows[i]!);
      const { feeds, length } = encoderFeeds(session, batch.map((w) => w.encoding), pad);
      checkSignal(options.signal);
      const out = await session.run(feeds);
      const starts = floatOutput(session, out, 'start_logits', [batch.length, length]);
      const ends = floatOutput(session, out, 'end_logits', [batch.length, length]);
      batch.forEach((w, r) => {
        const e = w.encoding;
        const from = e.sequenceIds.indexOf(1);
        if (from < 0) return;
        let to = from;
        while (to < e.sequenceIds.length && e.sequenceIds[to] === 1) to++;
        const s = starts.subarray(r * length, (r + 1) * length);
        const en = ends.subarray(r * length, (r + 1) * length);
        const context = inputs[w.question]!.context;
        for (const span of bestSpans(s, en, from, to, o.maxAnswerTokens, spansPerWindow)) {
          const start = e.offsets[span.startToken]![0];
          const end = e.offsets[span.endToken]![1];
          if (end <= start) continue;
          candidates[w.question]!.push({ answer: context.slice(start, end), start, end, score: Math.exp(span.logScore) });
        }
      });
    }
    return candidates.map((list, q) => this.finish(list, inputs[q]!, o.topK, options.trimJosa, reranker));
  }

  /** Same span from two windows: keep the higher score; widen split numbers; rerank; trim josa; take the top k. */
  private finish(list: QAAnswer[], input: QAInput, topK: number, analyzer: MorphAnalyzer | undefined, reranker: AnswerReranker | undefined): QAAnswer[] {
    const { context } = input;
    const best = new Map<string, QAAnswer>();
    for (const a of list) {
      const key = `${a.start}:${a.end}`;
      const seen = best.get(key);
      if (!seen || seen.score < a.score) best.set(key, a);
    }
    let out = [...best.values()].sort((a, b) => b.score - a.score || a.start - b.start);
    // Before reranking, so the reranker scores the spans it was fit on (its trainer collects them through this pipeline).
    out = reshape(out, context, (a) => wholeNumberSpan(context, a.start, a.end));
    // The reranker orders the reader's first `candidates` spans (what it was fit on); any further
    // spans a larger topK asks for follow in the reader's order with probability 0.
    if (reranker && out.length > 0) {
      const ranked = rerankAnswers(out.slice(0, reranker.candidates), input, reranker);
      const taken = new Set(ranked.map((a) => `${a.start}:${a.end}`));
      out = [...ranked, ...out.slice(reranker.candidates).filter((a) => !taken.has(`${a.start}:${a.end}`)).map((a) => ({ ...a, score: 0 }))];
    }
    if (analyzer) out = reshape(out, context, (a) => [a.start, a.start + trimTrailingJosa(a.answer, analyzer)]);
    return out.slice(0, topK);
  }
}

/** Answers with new spans, in the same order; a span already taken by a better answer is dropped. */
function reshape(answers: QAAnswer[], context: string, span: (a: QAAnswer) => [number, number]): QAAnswer[] {
  const out = new Map<string, QAAnswer>();
  for (const a of answers) {
    const [start, end] = span(a);
    const key = `${start}:${end}`;
    if (!out.has(key)) out.set(key, start === a.start && end === a.end ? a : { ...a, start, end, answer: context.slice(start, end) });
  }
  return [...out.values()];
}

/**
 * The candidates (with the particle-trimmed copies the reranker adds) reordered by the reranker,
 * each scored by its softmax probability among them.
 */
function rerankAnswers(cands: QAAnswer[], input: QAInput, reranker: AnswerReranker): QAAnswer[] {
  const { context } = input;
  const spans = reranker.expand(context, cands.map(candidateOf));
  const z = reranker.scores(input.question, context, spans);
  const top = Math.max(...z);
  const p = z.map((v) => Math.exp(v - top));
  const sum = p.reduce((a, b) => a + b, 0);
  return spans
    .map((c, i) => ({ a: { ...(cands[i] ?? { answer: context.slice(c.start, c.end), start: c.start, end: c.end }), score: p[i]! / sum }, z: z[i]! }))
    .sort((x, y) => y.z - x.z || x.a.start - y.a.start)
    .map((x) => x.a);
}
