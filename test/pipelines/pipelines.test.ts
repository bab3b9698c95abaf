/**
 * Pipelines on tiny random models, pinned to PyTorch: the same token ids give logits within 1e-4,
 * and the task logic on top (span search, pooling, cached greedy decoding) reproduces what the
 * plain PyTorch definition gives.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bestSpans, pipeline, type QuestionAnsweringPipeline, type TextClassificationPipeline } from '../../src/pipelines/node.js';
import { qaContext } from '../helpers/arbitraries.js';
import { expectAnswerSlices } from '../helpers/invariants.js';
import { expected, inputs, maxAbsDiff, model } from './models.js';

const [question, context] = inputs.pairs[0]!;

describe('text-classification', () => {
  let clf: TextClassificationPipeline;
  beforeAll(async () => {
    clf = await pipeline('text-classification', model('tiny-cls'));
  });
  afterAll(() => clf.dispose());

  it('gives PyTorch logits (1e-4) on the same token ids', async () => {
    const ref = expected<{ logits: number[][] }>('tiny-cls').logits;
    inputs.singles.forEach((t, i) => expect(clf.tokenizer.encode(t).ids).toEqual(inputs.inputs[i]!.input_ids));
    const rows = await clf.logits(inputs.singles, { batchSize: 2 }); // batches of unequal lengths: padding must not leak
    rows.forEach((r, i) => expect(maxAbsDiff(r, ref[i]!)).toBeLessThan(1e-4));
  });

  it('labels come from id2label, softmax scores sum to 1, topK orders them', async () => {
    const all = await clf.run(inputs.singles[0]!, { topK: Infinity });
    expect(all.map((l) => l.label).sort()).toEqual(['긍정', '부정', '중립']);
    expect(all.reduce((s, l) => s + l.score, 0)).toBeCloseTo(1, 6);
    for (let i = 1; i < all.length; i++) expect(all[i - 1]!.score).toBeGreaterThanOrEqual(all[i]!.score);
    const batch = await clf.run(inputs.singles, { topK: 2 });
    expect(batch.map((b) => b.length)).toEqual([2, 2, 2]);
  });

  it('handles empty, huge, emoji and lone-surrogate text without failing', async () => {
    const odd = ['', '😀👍🏽 한글\u0000\u200b', '\ud800 외로운 서로게이트 \udfff', '가'.repeat(200_000)];
    const out = await clf.run(odd);
    expect(out).toHaveLength(4);
    for (const r of out) expect(Number.isFinite(r[0]!.score)).toBe(true);
    await expect(clf.run(42 as unknown as string)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('concurrent calls give the same answers as sequential ones', async () => {
    const seq = [];
    for (const t of inputs.singles) seq.push(await clf.run(t));
    const par = await Promise.all(inputs.singles.map((t) => clf.run(t)));
    expect(par).toEqual(seq);
  });
});

/** All spans by brute force, for checking the bounded search. */
function bruteForce(start: number[], end: number[], from: number, to: number, maxLen: number) {
  const lse = (x: number[]) => {
    const m = Math.max(...x.slice(from, to));
    return m + Math.log(x.slice(from, to).reduce((s, v) => s + Math.exp(v - m), 0));
  };
  const a = lse(start), b = lse(end);
  const out = [];
  for (let s = from; s < to; s++) for (let e = s; e < Math.min(to, s + maxLen); e++) out.push({ s, e, score: start[s]! - a + end[e]! - b });
  return out.sort((x, y) => y.score - x.score);
}

describe('span search', () => {
  it('equals brute force over all bounded spans (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.double({ min: -20, max: 20, noNaN: true }), fc.double({ min: -20, max: 20, noNaN: true })), { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 1, max: 5 }),
        (pairs, maxLen, topK) => {
          const start = pairs.map((p) => p[0]), end = pairs.map((p) => p[1]);
          const from = Math.min(2, pairs.length - 1);
          const got = bestSpans(start, end, from, pairs.length, maxLen, topK);
          const want = bruteForce(start, end, from, pairs.length, maxLen).slice(0, topK);
          expect(got.length).toBe(want.length);
          got.forEach((g, i) => {
            expect(g.logScore).toBeCloseTo(want[i]!.score, 9);
            expect(g.endToken - g.startToken).toBeLessThan(maxLen);
            expect(g.endToken).toBeGreaterThanOrEqual(g.startToken);
          });
        },
      ),
    );
  });
});

describe('question-answering', () => {
  let qa: QuestionAnsweringPipeline;
  beforeAll(async () => {
    qa = await pipeline('question-answering', model('tiny-qa'));
  });
  afterAll(() => qa.dispose());

  it('finds the span PyTorch logits imply, as an exact slice of the context', async () => {
    const ref = expected<{ start_logits: number[][]; end_logits: number[][] }>('tiny-qa');
    const k = inputs.singles.length; // the pair is after the single texts
    const enc = qa.tokenizer.encode(question, context);
    expect(enc.ids).toEqual(inputs.inputs[k]!.input_ids);
    const from = enc.sequenceIds.indexOf(1);
    const to = enc.sequenceIds.lastIndexOf(1) + 1;
    const want = bruteForce(ref.start_logits[k]!, ref.end_logits[k]!, from, to, 30).slice(0, 3);
    const got = await qa.run({ question, context }, { topK: 3 });
    expect(got).toHaveLength(3);
    got.forEach((a, i) => {
      expect(a.start).toBe(enc.offsets[want[i]!.s]![0]);
      expect(a.end).toBe(enc.offsets[want[i]!.e]![1]);
      expect(a.answer).toBe(context.slice(a.start, a.end));
      expect(Math.log(a.score)).toBeCloseTo(want[i]!.score, 4);
    });
  });

  it('covers long contexts with overlapping windows: nothing is truncated away', () => {
    const long = Array.from({ length: 40 }, (_, i) => `${i}번째 문장에서 회의가 있습니다.`).join(' ');
    const windows = qa.windows({ question, context: long }, { maxSeqLength: 64, docStride: 16 });
    expect(windows.length).toBeGreaterThan(5);
    const covered = new Uint8Array(long.length);
    for (const w of windows) w.offsets.forEach(([s, e], k) => { if (w.sequenceIds[k] === 1) covered.fill(1, s, e); });
    for (let i = 0; i < long.length; i++) if (long[i] !== ' ') expect(covered[i], `char ${i}`).toBe(1);
  });

  it('answers are exact slices with offsets for any context (property, long and odd text)', async () => {
    await fc.assert(
      fc.asyncProperty(qaContext, async (ctx) => {
        // Reader scores p(start)·p(end) are never 0.
        expectAnswerSlices(ctx, await qa.run({ question: '언제?', context: ctx }, { topK: 3, maxSeqLength: 48, docStride: 12 }), Number.MIN_VALUE);
      }),
      { numRuns: 30 },
    );
  });

  it('batches many questions the same as one at a time', async () => {
    const cases = [
      { question, context },
      { question: '어디에서 어디까지?', context: '서울에서 부산까지 KTX로 두 시간 반 정도 걸려요.' },
      { question: '빈 문맥', context: '' },
    ];
    const batched = await qa.run(cases, { topK: 2, batchSize: 3 });
    for (let i = 0; i < cases.length; i++) expect(batched[i]).toEqual(await qa.run(cases[i]!, { topK: 2 }));
    expect(batched[2]).toEqual([]);
  });

  it('int8 model: loads model_quantized.onnx, close to fp32 but not the same file', async () => {
    const q8 = await pipeline('qa', model('tiny-qa'), { dtype: 'int8' });
    const [a] = await q8.run({ question, context });
    const [b] = await qa.run({ question, context });
    expect(a!.answer).toBe(context.slice(a!.start, a!.end));
    expect(a!.score).not.toBe(b!.score);
    await q8.dispose();
  });

  it('rejects settings that leave no room for the context', async () => {
    await expect(qa.run({ question, context }, { maxSeqLength: 20, docStride: 16, maxQuestionTokens: 8 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});

describe('feature-extraction', () => {
  it('mean-pools PyTorch hidden states (1e-4), unit length', async () => {
    const fe = await pipeline('feature-extraction', model('tiny-encoder'));
    const ref = expected<{ last_hidden_state: number[][][] }>('tiny-encoder').last_hidden_state;
    const got = await fe.run(inputs.singles);
    ref.forEach((tokens, i) => {
      const mean = tokens[0]!.map((_, h) => tokens.reduce((s, t) => s + t[h]!, 0) / tokens.length);
      const norm = Math.hypot(...mean);
      expect(maxAbsDiff(got[i]!, mean.map((v) => v / norm))).toBeLessThan(1e-4);
    });
    const cls = await fe.run(inputs.singles[0]!, { pooling: 'cls', normalize: false });
    expect(maxAbsDiff(cls, ref[0]![0]!)).toBeLessThan(1e-4);
    await fe.dispose();
  });
});

describe('text2text-generation', () => {
  it('cached greedy decoding gives the ids PyTorch gives without a cache; streams the same text', async () => {
    const gen = await pipeline('text2text-generation', model('tiny-seq2seq'));
    const ref = expected<{ greedy_ids: number[][]; max_new_tokens: number }>('tiny-seq2seq');
    for (let i = 0; i < ref.greedy_ids.length; i++) {
      const out = await gen.run(inputs.singles[i]!, { maxNewTokens: ref.max_new_tokens });
      const want = ref.greedy_ids[i]!.filter((id) => id !== 3);
      expect(out.ids).toEqual(want);
      let streamed = '';
      for await (const piece of gen.stream(inputs.singles[i]!, { maxNewTokens: ref.max_new_tokens })) streamed += piece;
      expect(streamed).toBe(out.text);
    }
    // Beam search explores more: its best normalized score is at least greedy's here.
    const g = await gen.run(inputs.singles[0]!, { maxNewTokens: 10 });
    const b = await gen.run(inputs.singles[0]!, { maxNewTokens: 10, numBeams: 4 });
    expect(b.score).toBeGreaterThanOrEqual(g.score);
    const stopped = await gen.run(inputs.singles[0]!, { maxNewTokens: 10, stopTokens: [g.ids[2]!] });
    expect(stopped.ids).toEqual(g.ids.slice(0, 2));
    await gen.dispose();
  });

  it('asks for no more tokens than the decoder has positions (max_position_embeddings)', async () => {
    const gen = await pipeline('text2text-generation', model('tiny-seq2seq'));
    const limit = gen.config.maxPositionEmbeddings!;
    // Without the cap, step `limit` would index past the position table and onnxruntime would fail.
    const out = await gen.run(inputs.singles[0]!, { maxNewTokens: limit + 50, stopTokens: [] });
    expect(out.ids.length).toBeLessThanOrEqual(limit);
    await gen.dispose();
  });
});
