/**
 * The bundled model (models/ko-morph): golden sentences and hand-checked hard cases, loading
 * errors, and bad input at scale.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { KornluError, MorphAnalyzer } from '../../src/index.js';
import { loadMorphAnalyzer, modelsDir } from '../../src/node/index.js';
import { MORPH_INDEX_FILE, MORPH_LEXICON_FILES, MORPH_WEIGHTS_FILE } from '../../src/morph/load.js';
import { expectExactOffsets } from '../helpers/invariants.js';

let ma: MorphAnalyzer;
beforeAll(async () => {
  ma = await loadMorphAnalyzer();
});

const pos = (text: string) => ma.analyze(text).map((m) => `${m.lemma}/${m.tag}`).join(' ');

describe('bundled analyzer: golden and hard cases', () => {
  it('analyzes the issue example exactly', () => {
    expect(pos('여름휴가는 시작하기 전이 가장 즐겁다')).toBe('여름휴가/NNG 는/JX 시작/NNG 하/XSV 기/ETN 전/NNG 이/JKS 가장/MAG 즐겁/VA 다/EF');
  });

  it.each([
    ['눈물을 흘렸다.', '눈물/NNG 을/JKO 흘리/VV 었/EP 다/EF ./SF'], // ㅣ + 었 → 렸
    ['판단했기 때문이다', '판단/NNG 하/XSV 였/EP 기/ETN 때문/NNB 이/VCP 다/EF'], // 하 + 였 → 했
    ['어려운 문제를 모르겠어요', '어렵/VA ㄴ/ETM 문제/NNG 를/JKO 모르/VV 겠/EP 어요/EF'], // ㅂ irregular
    ['학교였다', '학교/NNG 이/VCP 었/EP 다/EF'], // copula contraction
    ['좋은 거예요', '좋/VA 은/ETM 거/NNB 이/VCP 에요/EF'], // 이 + 에요 → 예요
    ['하세요', '하/VV 시/EP 어요/EF'], // 시 + 어요 → 세요
  ])('%s', (text, expected) => {
    expect(pos(text)).toBe(expected);
  });

  it('gives n distinct analyses, best first, where the lattice spells many the same way', () => {
    // The earlier n-best kept the k best node paths: 4 distinct analyses for n = 10 on the first
    // line; the second spells 입니다 two ways (one chunk, or 이 + ㅂ니다), which differ only in where
    // the fused 이 ends and so are one analysis.
    const key = (morphs: Array<{ start: number; lemma: string; tag: string }>) => morphs.map((m) => `${m.start}:${m.lemma}/${m.tag}`).join(' ');
    for (const s of ['아버지가방에들어가신다 그리고 우리는 밥을 먹었다', '정말 많이 울어본 영화입니다.']) {
      for (const n of [10, 200]) {
        const paths = ma.nbest(s, n);
        expect(paths).toHaveLength(n);
        expect(new Set(paths.map(key)).size).toBe(n);
        expect(key(paths[0]!)).toBe(key(ma.analyze(s)));
        for (const p of paths) expectExactOffsets(s, p);
      }
    }
    // Several blocks: the k-th analysis is each block's k-th best (or its best), still distinct.
    const long = `${'가방에 들어가신다 '.repeat(300)}끝`;
    const three = ma.nbest(long, 3);
    expect(three).toHaveLength(3);
    expect(new Set(three.map(key)).size).toBe(3);
  });

  it('keeps offsets exact on contracted and mixed-script text', () => {
    for (const s of ['그는 BTS의 노래를 들었다 😀', '2024년 3월에 漢字를 배웠다', 'ㅋㅋㅋㅋ 진짜 재밌다!!!']) expectExactOffsets(s, ma.analyze(s));
  });
});

describe('bad input at scale', () => {
  // 256 KB here (the 1 MB run is timed in benchmarks/morph.bench.ts: a long synchronous test stalls vitest's worker).
  it('analyzes 256 KB without spaces, and long runs of one character, covering every character', () => {
    const big = '대한민국의수도는서울이다'.repeat(22_000);
    const morphs = ma.analyze(big);
    expect(morphs[0]!.start).toBe(0);
    expect(morphs[morphs.length - 1]!.end).toBe(big.length);
    for (let k = 1; k < morphs.length; k++) expect(morphs[k]!.start).toBeLessThanOrEqual(morphs[k - 1]!.end);
    const run = 'ㅋ'.repeat(5000) + '가'.repeat(5000);
    const r = ma.analyze(run);
    expect(r[r.length - 1]!.end).toBe(run.length);
  }, 300_000);

  it('handles lone jamo, conjoining jamo, lone surrogates and controls', () => {
    for (const s of ['ㄱㄴㄷ ㅏ', '\u1100\u1161\u11a8', 'a\ud800b\u0000c', '']) expectExactOffsets(s, ma.analyze(s));
  });
});

describe('the compiled index (models/ko-morph/index.bin.gz)', () => {
  it('is current: the same analyses as an analyzer built from the lexicon files alone', () => {
    const dir = path.join(modelsDir(), 'ko-morph');
    const gz = (f: string) => gunzipSync(readFileSync(path.join(dir, f)));
    const lexicons = MORPH_LEXICON_FILES.map((name) => ({ name, text: gz(name).toString('utf8') }));
    const weights = JSON.parse(gz(MORPH_WEIGHTS_FILE).toString('utf8')) as Record<string, number>;
    const fromFiles = new MorphAnalyzer({ lexicons, weights });
    const fromIndex = new MorphAnalyzer({ lexicons, weights, index: gz(MORPH_INDEX_FILE) });
    for (const s of ['여름휴가는 시작하기 전이 가장 즐겁다', '눈물을 흘렸다.', '어려운 문제를 모르겠어요', '배송 언제 와요? ㅋㅋ 2024년 BTS 콘서트', '판단했기 때문이다']) {
      expect(fromIndex.nbest(s, 2)).toEqual(fromFiles.nbest(s, 2));
    }
  });
});

describe('loading errors name the file', () => {
  it('reports a missing file and a corrupt file', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kornlu-morph-'));
    const missing = await loadMorphAnalyzer({ dir }).catch((e: unknown) => e);
    expect((missing as KornluError).code).toBe('FILE_NOT_FOUND');
    for (const f of [...MORPH_LEXICON_FILES, MORPH_WEIGHTS_FILE]) copyFileSync(path.join(modelsDir(), 'ko-morph', f), path.join(dir, f));
    writeFileSync(path.join(dir, MORPH_WEIGHTS_FILE), 'not gzip');
    const corrupt = await loadMorphAnalyzer({ dir }).catch((e: unknown) => e);
    expect(corrupt).toBeInstanceOf(KornluError);
    expect((corrupt as KornluError).message).toMatch(/weights\.json\.gz.*|not valid gzip/);
    copyFileSync(path.join(modelsDir(), 'ko-morph', MORPH_WEIGHTS_FILE), path.join(dir, MORPH_WEIGHTS_FILE));
    writeFileSync(path.join(dir, MORPH_INDEX_FILE), gzipSync(Buffer.from('KLEX garbage')));
    const badIndex = await loadMorphAnalyzer({ dir }).catch((e: unknown) => e);
    expect((badIndex as KornluError).code).toBe('INVALID_MODEL_FILE');
    // Without an index file the analyzer still loads (it builds its tries itself).
    rmSync(path.join(dir, MORPH_INDEX_FILE));
    expect((await loadMorphAnalyzer({ dir })).analyze('눈물을 흘렸다').map((m) => m.lemma)).toEqual(['눈물', '을', '흘리', '었', '다']);
  });
});
