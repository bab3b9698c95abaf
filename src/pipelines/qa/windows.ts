/**
 * How a question and its context become model windows: the settings (defaults scale with the
 * model's position limit) and the overlapping windows. Shared by the QA pipeline and the MRC
 * training recipe, so a model is trained on exactly the windows it will be served.
 */
import { KornluError } from '../../errors.js';
import type { Encoding } from '../../tokenizers/subword/encoding.js';
import type { SubwordTokenizer } from '../../tokenizers/subword/tokenizer.js';
import { checkBatchSize } from '../tensors.js';

export interface WindowOptions {
  /** Longest answer in tokens (default 30). */
  maxAnswerTokens?: number;
  /** Tokens per window, question and special tokens included (default 384, capped by the model). */
  maxSeqLength?: number;
  /** Tokens shared by consecutive windows (default 128, at most a third of the window). */
  docStride?: number;
  /** Questions longer than this many tokens are cut (default 64, at most a sixth of the window). */
  maxQuestionTokens?: number;
  /**
   * Windows per model run (default 16), across the questions of one call. With an int8 model the
   * scores shift slightly with the batch-mates; `1` makes each window's independent of them.
   */
  batchSize?: number;
}

export interface WindowSettings {
  topK: number;
  maxAnswerTokens: number;
  maxSeqLength: number;
  docStride: number;
  maxQuestionTokens: number;
  batchSize: number;
}

/** Options filled with defaults and checked; `positionLimit` is the model's max_position_embeddings. */
export function windowSettings(options: WindowOptions & { topK?: number }, positionLimit = 512): WindowSettings {
  const maxSeqLength = Math.min(options.maxSeqLength ?? 384, positionLimit);
  // Defaults shrink with small models (HF's 384/128/64 keep these proportions).
  const o: WindowSettings = {
    topK: options.topK ?? 1,
    maxAnswerTokens: options.maxAnswerTokens ?? 30,
    maxSeqLength,
    docStride: options.docStride ?? Math.min(128, Math.floor(maxSeqLength / 3)),
    maxQuestionTokens: options.maxQuestionTokens ?? Math.min(64, Math.floor(maxSeqLength / 6)),
    batchSize: checkBatchSize(options.batchSize, 16),
  };
  for (const [k, v] of Object.entries(o)) {
    if (!Number.isInteger(v) || v < (k === 'docStride' ? 0 : 1)) throw new KornluError('INVALID_ARGUMENT', `${k} must be a positive integer, got ${v}`);
  }
  // Room for [CLS] q [SEP] … [SEP] and at least stride + 1 context tokens per window.
  if (o.maxQuestionTokens + 3 + o.docStride >= o.maxSeqLength) {
    throw new KornluError('INVALID_ARGUMENT', `maxSeqLength (${o.maxSeqLength}) must exceed maxQuestionTokens + docStride + 3 (${o.maxQuestionTokens + o.docStride + 3})`);
  }
  return o;
}

/** `[CLS] question [SEP] context-part [SEP]` windows covering the whole context. */
export function questionWindows(tokenizer: SubwordTokenizer, question: string, context: string, o: WindowSettings): Encoding[] {
  const q = tokenizer.encode(question, null, { addSpecialTokens: false });
  if (q.ids.length > o.maxQuestionTokens) question = question.slice(0, q.offsets[o.maxQuestionTokens - 1]![1]);
  const first = tokenizer.encode(question, context, {
    truncation: { maxLength: o.maxSeqLength, stride: o.docStride, strategy: 'only_second' },
  });
  return [first, ...first.overflowing];
}

/**
 * The window's context tokens holding the character span [start, end) of the context, as
 * [first, last] token indices, or null when the span is not wholly inside this window (training
 * labels for the windows `questionWindows` cuts).
 */
export function spanTokens(e: Encoding, start: number, end: number): [number, number] | null {
  const ctx: number[] = [];
  e.sequenceIds.forEach((sid, k) => {
    if (sid === 1) ctx.push(k);
  });
  const first = ctx[0];
  const last = ctx[ctx.length - 1];
  if (first === undefined || last === undefined || e.offsets[first]![0] > start || e.offsets[last]![1] < end) return null;
  // The first and last tokens overlapping the span (a span that is all whitespace has none).
  const st = ctx.find((k) => e.offsets[k]![1] > start);
  const en = ctx.findLast((k) => e.offsets[k]![0] < end);
  return st !== undefined && en !== undefined && en >= st ? [st, en] : null;
}
