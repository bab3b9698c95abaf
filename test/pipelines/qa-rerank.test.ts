import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fitReranker, type RerankItem } from '../../scripts/models/qa-reranker.js';
import { pipeline } from '../../src/pipelines/node.js';
import { AnswerReranker, RERANK_FEATURES, rerankFeatures, withTrimmedSpans, type RerankerFile } from '../../src/pipelines/qa/rerank.js';
import { qaContext } from '../helpers/arbitraries.js';
import { expectAnswerSlices } from '../helpers/invariants.js';
import { model } from './models.js';

const feature = (f: Float64Array, name: (typeof RERANK_FEATURES)[number]) => f[RERANK_FEATURES.indexOf(name)]!;
const file = (weights: Partial<Record<(typeof RERANK_FEATURES)[number], number>>, candidates = 10): RerankerFile => ({
  kind: 'kornlu-qa-reranker',
  version: 1,
  candidates,
  features: Object.keys(weights) as RerankerFile['features'],
  weights: Object.values(weights),
});

describe('answer reranker features', () => {
  const context = '경부고속도로는 서울과 부산을 잇는다. 1970년 7월 7일에 전 구간이 개통되었다.';
  const span = (s: string) => ({ start: context.indexOf(s), end: context.indexOf(s) + s.length });

  it('sees particles, eojeol edges, the question nearby and the answer type', () => {
    const q = '전 구간이 개통된 날은 언제인가?';
    const [date, withParticle, inside, far] = rerankFeatures(q, context, [
      { ...span('1970년 7월 7일'), logScore: -1 },
      { ...span('1970년 7월 7일에'), logScore: -2 },
      { ...span('970년'), logScore: -3 },
      { ...span('서울'), logScore: -4 },
    ]);
    expect(feature(date!, 'ends_inside_eojeol')).toBe(1); // 7일|에
    expect(feature(date!, 'ends_with_particle')).toBe(0);
    expect(feature(withParticle!, 'ends_with_particle')).toBe(1);
    expect(feature(withParticle!, 'ends_inside_eojeol')).toBe(0);
    expect(feature(inside!, 'starts_inside_eojeol')).toBe(1);
    expect(feature(date!, 'when_question_date')).toBe(1);
    expect(feature(far!, 'when_question_date')).toBe(0);
    expect(feature(date!, 'top1')).toBe(1);
    expect(feature(withParticle!, 'log_score_gap')).toBeCloseTo(-1, 12);
    // The date's sentence holds the question's words (전 구간, 개통); 서울's does not.
    expect(feature(date!, 'question_in_sentence_idf')).toBeGreaterThan(feature(far!, 'question_in_sentence_idf'));
    expect(feature(date!, 'best_sentence')).toBe(1);
    expect(feature(far!, 'best_sentence')).toBe(0);
    // Overlapping spans share the reader's mass.
    expect(feature(date!, 'support')).toBeGreaterThan(feature(far!, 'support'));
  });

  it('adds particle-trimmed copies of reader spans, told apart by their features', () => {
    const ctx = '그는 서울에서는 유명했고 부산을 떠났다.';
    const at = (t: string) => ({ start: ctx.indexOf(t), end: ctx.indexOf(t) + t.length });
    const reader = [
      { ...at('서울에서는'), logScore: -1 }, // longest particle first: 에서는, not 는
      { ...at('부산을'), logScore: -2 },
      { ...at('부산'), logScore: -3 }, // the copy of 부산을 would repeat it: none is made
      { ...at('유명했고'), logScore: -4 },
    ];
    const all = withTrimmedSpans(ctx, reader);
    expect(all.slice(0, 4)).toEqual(reader);
    expect(all.slice(4)).toEqual([{ ...at('서울'), logScore: -1, trimmed: '에서는' }]);
    const fs = rerankFeatures('어디?', ctx, all);
    expect(feature(fs[4]!, 'trimmed')).toBe(1);
    expect(feature(fs[0]!, 'trimmed')).toBe(0);
    expect(feature(fs[0]!, 'ends_with_trimmable')).toBe(1);
    expect(feature(fs[1]!, 'ends_with_trimmable')).toBe(1);
    expect(feature(fs[2]!, 'ends_with_trimmable')).toBe(0);
    // A copy is never trimmed again.
    expect(withTrimmedSpans(ctx, all)).toEqual(all);
    const [eul] = rerankFeatures('?', ctx, withTrimmedSpans(ctx, [{ ...at('부산을'), logScore: 0 }]).slice(1));
    expect(feature(eul!, 'trimmed_eul_reul')).toBe(1);
    expect(feature(eul!, 'trimmed_e')).toBe(0);
  });

  it('every feature is finite for any text and spans (property)', () => {
    const text = fc.array(fc.constantFrom('서울', '에서', ' ', '😀', '\ud800', '.', '1970년', 'abc', '\n', '《', '》', '가'), { maxLength: 40 }).map((p) => p.join(''));
    fc.assert(
      fc.property(text, text, fc.array(fc.tuple(fc.nat(), fc.nat(), fc.double({ min: -50, max: 0, noNaN: true })), { maxLength: 12 }), (q, ctx, raw) => {
        const cands = raw.map(([a, b, s]) => {
          const start = ctx.length ? a % ctx.length : 0;
          return { start, end: Math.min(ctx.length, start + 1 + (b % 8)), logScore: s };
        });
        const fs = rerankFeatures(q, ctx, cands);
        expect(fs).toHaveLength(cands.length);
        for (const f of fs) {
          expect(f).toHaveLength(RERANK_FEATURES.length);
          for (const x of f) expect(Number.isFinite(x)).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('AnswerReranker', () => {
  it('rejects malformed reranker files with a typed error', () => {
    const good = file({ log_length: 1 });
    for (const bad of [null, 3, {}, { ...good, kind: 'x' }, { ...good, version: 2 }, { ...good, weights: [Number.NaN] }, { ...good, weights: [] }, { ...good, candidates: 0 }, { ...good, features: ['no_such_feature'] }]) {
      expect(() => AnswerReranker.fromJSON(bad)).toThrow(expect.objectContaining({ code: 'INVALID_MODEL_FILE' }));
    }
    expect(AnswerReranker.fromJSON(good).candidates).toBe(10);
  });

  it('scores are the weighted sum of the named features', () => {
    const r = AnswerReranker.fromJSON(file({ log_length: 2, spaces: -1 }));
    const ctx = '가나 다라마 바';
    const [a, b] = r.scores('?', ctx, [{ start: 0, end: 2, logScore: 0 }, { start: 0, end: 6, logScore: -1 }]);
    expect(a).toBeCloseTo(2 * Math.log1p(2), 12);
    expect(b).toBeCloseTo(2 * Math.log1p(6) - 1, 12);
  });
});

describe('fitReranker', () => {
  it('learns what the gold prefers from out-of-fold candidates', () => {
    // The reader always ranks the span with the trailing particle first; the gold never has it.
    const items: RerankItem[] = Array.from({ length: 40 }, (_, i) => {
      const word = `단어${i}`;
      const context = `여기 ${word}에서 시작한다.`;
      const start = context.indexOf(word);
      return {
        id: String(i),
        question: '어디?',
        context,
        cands: [
          { start, end: start + word.length + 2, logScore: -0.5 },
          { start, end: start + word.length, logScore: -1.5 },
        ],
        answers: [word],
      };
    });
    const fitted = AnswerReranker.fromJSON(fitReranker(items.slice(0, 30), { candidates: 2 }));
    for (const it of items.slice(30)) {
      const [withParticle, bare] = fitted.scores(it.question, it.context, it.cands);
      expect(bare!).toBeGreaterThan(withParticle!);
    }
  });
});

describe('fitReranker with trimmed copies', () => {
  // The reader offers only the span with the particle; the gold answer is the bare word.
  const items: RerankItem[] = Array.from({ length: 40 }, (_, i) => {
    const word = `단어${i}`;
    const context = `여기 ${word}에서 시작한다.`;
    const start = context.indexOf(word);
    return { id: String(i), question: '어디?', context, cands: [{ start, end: start + word.length + 2, logScore: -0.5 }, { start: 0, end: 2, logScore: -3 }], answers: [word] };
  });

  it('learns to prefer the trimmed copy when the gold leaves the particle out', () => {
    const fitted = AnswerReranker.fromJSON(fitReranker(items.slice(0, 30), { candidates: 2 }));
    expect(fitted.trims).toBe(true);
    for (const it of items.slice(30)) {
      const spans = fitted.expand(it.context, it.cands);
      expect(spans).toHaveLength(3);
      const z = fitted.scores(it.question, it.context, spans);
      expect(spans[z.indexOf(Math.max(...z))]!.trimmed).toBe('에서');
    }
  });

  it('trim: false fits without copies, and its file says so', () => {
    const plain = fitReranker(items.slice(0, 30), { candidates: 2, trim: false });
    expect(plain.features.some((f) => f.startsWith('trimmed') || f === 'ends_with_trimmable')).toBe(false);
    const r = AnswerReranker.fromJSON(plain);
    expect(r.trims).toBe(false);
    expect(r.expand(items[0]!.context, items[0]!.cands)).toEqual(items[0]!.cands);
  });
});

describe('question-answering with a reranker', () => {
  const question = '회의는 언제 열리나요?';
  const context = '다음 회의는 2024년 3월 15일 오후 2시에 서울 본사 대회의실에서 열립니다.';
  function withReranker(reranker: unknown, raw = false): string {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), 'kornlu-rerank-')), 'tiny-qa');
    cpSync(model('tiny-qa'), dir, { recursive: true });
    const cfg = JSON.parse(readFileSync(path.join(dir, 'config.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ ...cfg, kornlu_reranker: 'reranker.json' }));
    if (reranker !== undefined) writeFileSync(path.join(dir, 'reranker.json'), raw ? String(reranker) : JSON.stringify(reranker));
    return dir;
  }

  it('reorders the reader’s top candidates by the reranker; rerank: false gives the reader’s order', async () => {
    const qa = await pipeline('question-answering', withReranker(file({ log_length: 10 }, 5)));
    expect(qa.reranker?.candidates).toBe(5);
    const reader = await qa.run({ question, context }, { topK: 5, rerank: false });
    const reranked = await qa.run({ question, context }, { topK: 5 });
    expect(reader).toHaveLength(5);
    // The same five spans, longest first (ties keep the earlier start).
    const key = (a: { start: number; end: number }) => `${a.start}:${a.end}`;
    expect(reranked.map(key).sort()).toEqual(reader.map(key).sort());
    const lengths = reranked.map((a) => a.end - a.start);
    expect(lengths).toEqual([...lengths].sort((x, y) => y - x));
    for (const a of reranked) expect(a.answer).toBe(context.slice(a.start, a.end));
    // Scores are the reranker's softmax over the five.
    expect(reranked.reduce((s, a) => s + a.score, 0)).toBeCloseTo(1, 9);
    // topK 1 is the first of the reranked list; a larger topK appends the reader's next spans at 0.
    expect(await qa.run({ question, context })).toEqual([reranked[0]]);
    const more = await qa.run({ question, context }, { topK: 8 });
    expect(more.slice(0, 5)).toEqual(reranked);
    const readerMore = await qa.run({ question, context }, { topK: 8, rerank: false });
    expect(more.slice(5).map(key)).toEqual(readerMore.slice(5).map(key));
    for (const a of more.slice(5)) expect(a.score).toBe(0);
    await qa.dispose();
  });

  it('reranked answers are exact slices with scores in [0, 1] for any context (property)', async () => {
    const qa = await pipeline('question-answering', withReranker(file({ log_length: 1, question_near: 2, support: -1, when_question_date: 3 }, 6)));
    await fc.assert(
      fc.asyncProperty(qaContext, async (ctx) => {
        // Spans beyond the reranker's 6 candidates come back at probability 0.
        expectAnswerSlices(ctx, await qa.run({ question: '언제 회의?', context: ctx }, { topK: 8, maxSeqLength: 48, docStride: 12 }), 0);
      }),
      { numRuns: 30 },
    );
    await qa.dispose();
  });

  it('a trimming reranker ranks trimmed copies too: exact slices, distinct spans, probabilities summing to 1 (property)', async () => {
    const qa = await pipeline('question-answering', withReranker(file({ log_length: 1, trimmed: 2, trimmed_eul_reul: 1, ends_with_trimmable: -1 }, 6)));
    expect(qa.reranker?.trims).toBe(true);
    await fc.assert(
      fc.asyncProperty(qaContext, async (ctx) => {
        const answers = await qa.run({ question: '무엇을?', context: ctx }, { topK: 30, maxSeqLength: 48, docStride: 12 });
        expectAnswerSlices(ctx, answers, 0);
        expect(new Set(answers.map((a) => `${a.start}:${a.end}`)).size).toBe(answers.length);
        const ranked = answers.filter((a) => a.score > 0);
        if (ranked.length) expect(ranked.reduce((t, a) => t + a.score, 0)).toBeCloseTo(1, 6);
      }),
      { numRuns: 30 },
    );
    await qa.dispose();
  });

  it('a missing or corrupt reranker.json is a clear error naming the file', async () => {
    await expect(pipeline('question-answering', withReranker(undefined))).rejects.toMatchObject({ code: 'FILE_NOT_FOUND' });
    await expect(pipeline('question-answering', withReranker('{"kind": "kornlu-qa-reranker", "version": 1, "candi', true))).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringContaining('not valid JSON'),
    });
    const err = await pipeline('question-answering', withReranker({ kind: 'kornlu-qa-reranker', version: 1, candidates: 3, features: ['log_length'], weights: ['x'] })).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'INVALID_MODEL_FILE', path: expect.stringContaining('reranker.json') });
  });
});
