/**
 * MorphAnalyzerPool: worker threads give exactly the in-process analyzer's analyses and output
 * lines, in input order across chunks; user words reach the workers; a failing text keeps the
 * results before it; bad input, bad options, a missing dictionary and a closed pool are typed errors.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMorphAnalyzer, MorphAnalyzerPool } from '../../src/node/index.js';
import { formatAnalysis, type AnalysisFormat } from '../../src/node/morph-format.js';
import type { MorphAnalyzer } from '../../src/morph/analyzer.js';

const texts = [
  '여름휴가는 시작하기 전이 가장 즐겁다',
  '',
  '눈물을 흘렸다. 그랬어요 😀👍🏽',
  'BTS가 2024년에 1위!!',
  '   ',
  '아버지가방에들어가신다',
  'ㅋㅋㅋㅋ 漢字 abc\u0000',
  '여름휴가철이 좋다',
  '학교다 했다 갔어 줬다',
];

describe('MorphAnalyzerPool', () => {
  let ma: MorphAnalyzer;
  let pool: MorphAnalyzerPool;
  beforeAll(async () => {
    ma = await loadMorphAnalyzer();
    pool = await MorphAnalyzerPool.start({ threads: 2, chunkSize: 2 }); // 5 chunks over 2 workers
  });
  afterAll(() => pool.close());

  it('gives the in-process analyses and output lines, in input order', async () => {
    expect(pool.threads).toBe(2);
    expect(await pool.analyze(texts)).toEqual(texts.map((t) => ma.analyze(t)));
    for (const format of [{ json: true, nbest: 1, eojeolBars: false }, { json: false, nbest: 3, eojeolBars: true }] satisfies AnalysisFormat[]) {
      expect(await pool.format(texts, format)).toEqual({ output: texts.map((t) => formatAnalysis(ma, t, format)) });
    }
    // Calls may overlap: each gets its own results.
    const [a, b] = await Promise.all([pool.analyze(texts.slice(0, 5)), pool.analyze(texts.slice(5))]);
    expect([...a, ...b]).toEqual(texts.map((t) => ma.analyze(t)));
    expect(await pool.analyze([])).toEqual([]);
  });

  it('keeps what came before a text that fails, and says why', async () => {
    // n × length over the n-best limit (10 M characters) fails in the worker, on the third text.
    const long = '가'.repeat(20_000);
    const r = await pool.format(['하나', '둘', long, '셋', '넷'], { json: false, nbest: 1000, eojeolBars: false });
    expect(r.output).toHaveLength(2);
    expect(r.error).toMatchObject({ name: 'KornluError', code: 'INVALID_ARGUMENT' });
    await expect(pool.analyze(['가', 42 as unknown as string])).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('passes user words to every worker', async () => {
    const userEntries = [{ surface: '여름휴가철', tag: 'NNG' }];
    const withWords = await MorphAnalyzerPool.start({ threads: 2, chunkSize: 1, userEntries });
    try {
      const lines = ['여름휴가철이 좋다', '여름휴가철에 떠나요'];
      const got = await withWords.analyze(lines);
      expect(got.map((ms) => ms[0]!.lemma)).toEqual(['여름휴가철', '여름휴가철']);
      const local = await loadMorphAnalyzer({ userEntries });
      expect(got).toEqual(lines.map((t) => local.analyze(t)));
    } finally {
      await withWords.close();
    }
    await expect(withWords.analyze(['가'])).rejects.toMatchObject({ code: 'WORKER_FAILED' });
  });

  it('a worker that stops makes later calls fail rather than hang', async () => {
    const small = await MorphAnalyzerPool.start({ threads: 2, chunkSize: 1 });
    try {
      // Simulates a crash: the pool's workers are private.
      await (small as unknown as { workers: Array<{ terminate(): Promise<number> }> }).workers[1]!.terminate();
      await expect(small.analyze(['가', '나', '다'])).rejects.toMatchObject({ code: 'WORKER_FAILED' });
    } finally {
      await small.close();
    }
  });

  it('rejects bad options and a missing dictionary with typed errors', async () => {
    await expect(MorphAnalyzerPool.start({ threads: 0 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(MorphAnalyzerPool.start({ chunkSize: 1.5 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    const dir = mkdtempSync(path.join(tmpdir(), 'kornlu-nomorph-'));
    await expect(MorphAnalyzerPool.start({ threads: 1, dir })).rejects.toMatchObject({ code: 'FILE_NOT_FOUND', path: expect.stringContaining(dir) });
  });
});
