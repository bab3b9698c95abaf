/** Word2Vec and KeyedVectors on tiny corpora written for the test. */
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromCompact, fromWord2VecBinary, fromWord2VecText, KeyedVectors, KornluError, toCompact, toWord2VecBinary, toWord2VecText, Vocab, evaluate, spearman } from '../../src/index.js';
import { arrayCorpus, fileCorpus, loadVectors, pretokenizedCorpus, saveVectors, Word2Vec } from '../../src/node/index.js';
import { createTokenizer } from '../../src/tokenizers/registry.js';
import { WordCounter, WordIds } from '../../src/embeddings/word-table.js';
import fc from 'fast-check';
import { adversarial } from '../helpers/arbitraries.js';

/** A world with a known analogy: aN : bN shares a tag with each other, A/B differ by context. */
function analogyCorpus(): string[][] {
  const out: string[][] = [];
  for (let rep = 0; rep < 60; rep++) {
    for (let i = 1; i <= 6; i++) {
      out.push(['서쪽', `a${i}`, `태그${i}`, '이다']);
      out.push(['동쪽', `b${i}`, `태그${i}`, '이다']);
      out.push([`태그${i}`, `a${i}`, '서쪽', '쪽']);
      out.push([`태그${i}`, `b${i}`, '동쪽', '쪽']);
    }
  }
  return out;
}

describe('Vocab', () => {
  it('counts, prunes by minCount and orders by frequency then word', () => {
    const counts = new Map([['가', 3], ['나', 5], ['다', 1], ['라', 3]]);
    const v = Vocab.fromCounts(counts, { minCount: 2 });
    expect(v.words).toEqual(['나', '가', '라']);
    expect(Array.from(v.counts)).toEqual([5, 3, 3]);
    expect(v.total).toBe(11);
    expect(() => Vocab.fromCounts(counts, { minCount: 10 })).toThrow(/vocabulary is empty/);
  });

  it('builds a Huffman tree whose codes are prefix-free', () => {
    const v = Vocab.fromCounts(new Map([['a', 50], ['b', 20], ['c', 15], ['d', 10], ['e', 5]]), { minCount: 1 });
    const h = v.huffman();
    const codes = v.words.map((_, w) => Array.from(h.codes.subarray(h.offsets[w]!, h.offsets[w]! + h.lengths[w]!)).join(''));
    for (const a of codes) for (const b of codes) if (a !== b) expect(b.startsWith(a)).toBe(false);
    expect(codes[0]!.length).toBeLessThanOrEqual(codes[4]!.length); // frequent words get short codes
  });
});

describe('Word2Vec', () => {
  it('counts the vocabulary of a corpus exactly', async () => {
    const w = new Word2Vec({ minCount: 2 });
    const v = await w.buildVocab(arrayCorpus([['가', '나', '가'], ['다', '가', '나']]));
    expect(v.words).toEqual(['가', '나']);
    expect(Array.from(v.counts)).toEqual([3, 2]);
    expect(w.corpusWords).toBe(6);
  });

  it('is deterministic under a seed with one thread', async () => {
    const opts = { model: 'skipgram' as const, dim: 16, window: 2, minCount: 1, epochs: 3, seed: 7, threads: 1 };
    const a = await new Word2Vec(opts).train(arrayCorpus(analogyCorpus()));
    const b = await new Word2Vec(opts).train(arrayCorpus(analogyCorpus()));
    expect(Array.from(a.vectors)).toEqual(Array.from(b.vectors));
    const c = await new Word2Vec({ ...opts, seed: 8 }).train(arrayCorpus(analogyCorpus()));
    expect(Array.from(c.vectors)).not.toEqual(Array.from(a.vectors));
  });

  it.each([
    ['skipgram, negative sampling', { model: 'skipgram' as const }],
    ['cbow, negative sampling', { model: 'cbow' as const }],
    ['skipgram, hierarchical softmax', { model: 'skipgram' as const, hs: true, negative: 0 }],
  ])('learns the synthetic analogy a1 : b1 :: a2 : b2 (%s)', async (_name, o) => {
    const kv = await new Word2Vec({ dim: 24, window: 2, minCount: 1, epochs: 40, sample: 0, seed: 3, threads: 1, ...o }).train(arrayCorpus(analogyCorpus()));
    const hits = [2, 3, 4, 5, 6].filter((i) => kv.analogy('a1', 'b1', `a${i}`, { topK: 1 })[0]?.word === `b${i}`).length;
    expect(hits).toBeGreaterThanOrEqual(4);
    expect(kv.similarity('a1', 'a2')).toBeGreaterThan(kv.similarity('a1', '이다'));
  });

  it('trains with two worker threads on shared memory', async () => {
    const kv = await new Word2Vec({ model: 'skipgram', dim: 24, window: 2, minCount: 1, epochs: 20, sample: 0, threads: 2, chunkWords: 500 }).train(arrayCorpus(analogyCorpus()));
    expect(kv.size).toBe(22); // 서쪽 동쪽 이다 쪽 + a1–6 b1–6 태그1–6
    expect(kv.mostSimilar(['a1'], { topK: 6 }).filter((n) => /^a\d$/.test(n.word)).length).toBeGreaterThanOrEqual(3);
  });

  it('continues training on new text, adding new words and keeping old vectors', async () => {
    const w = new Word2Vec({ dim: 8, minCount: 1, epochs: 1, seed: 1 });
    await w.train(arrayCorpus(analogyCorpus()));
    const before = Float32Array.from(w.vectors.get('a1'));
    await w.buildVocab(arrayCorpus([['새말', 'a1', '새말']]), { update: true });
    expect(w.vocab!.words.at(-1)).toBe('새말');
    expect(Array.from(w.vectors.get('a1'))).toEqual(Array.from(before));
    const kv = await w.train(arrayCorpus([['새말', 'a1', '새말', '태그1']]), { epochs: 2 });
    expect(kv.has('새말')).toBe(true);
  });

  it('refuses an empty corpus and bad options with clear errors', async () => {
    await expect(new Word2Vec().train(arrayCorpus([]))).rejects.toThrow(/corpus is empty/);
    await expect(new Word2Vec({ minCount: 5 }).train(arrayCorpus([['하나']]))).rejects.toThrow(/vocabulary is empty/);
    expect(() => new Word2Vec({ dim: 0 })).toThrow(KornluError);
    expect(() => new Word2Vec({ negative: 0 })).toThrow(/negative sampling/);
  });

  it('streams a file corpus, including a corpus shorter than the window and a 10 MB line', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kornlu-w2v-'));
    const f = path.join(dir, 'c.txt');
    writeFileSync(f, '가 나\n' + '다 라 마 '.repeat(1_200_000) + '\n');
    const kv = await new Word2Vec({ dim: 8, window: 5, minCount: 1, epochs: 1 }).train(fileCorpus(f));
    expect(kv.has('라')).toBe(true);
    const tiny = path.join(dir, 'tiny.txt');
    writeFileSync(tiny, '하나\n');
    expect((await new Word2Vec({ dim: 4, minCount: 1, window: 5 }).train(fileCorpus(tiny))).size).toBe(1);
  }, 60_000);
});

describe('WordCounter and WordIds (whitespace tokens without strings)', () => {
  it('count and map exactly what split(/\\s+/u) gives, on any text', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(adversarial, fc.constantFrom('가 나  다', '\t가\u3000나\u00a0', '\u2028x y\u0001z')), { maxLength: 20 }), (lines) => {
        const counter = new WordCounter();
        const expected = new Map<string, number>();
        for (const line of lines) {
          const split = line.split(/\s+/u).filter(Boolean);
          for (const w of split) expected.set(w, (expected.get(w) ?? 0) + 1);
          expect(counter.countLine(line)).toBe(split.length);
        }
        expect(counter.counts()).toEqual(expected);
        expect(counter.distinct).toBe(expected.size);
        expect([...counter.counts(2).keys()].sort()).toEqual([...expected].filter(([, c]) => c >= 2).map(([w]) => w).sort());
        const vocab = [...expected.keys()].slice(0, Math.ceil(expected.size / 2));
        const ids = new WordIds(vocab);
        for (const line of lines) {
          const out: number[] = [];
          ids.pushIds(line, out);
          expect(out).toEqual(line.split(/\s+/u).filter(Boolean).map((w) => vocab.indexOf(w)).filter((i) => i >= 0));
        }
      }),
    );
  });

  it('gives Word2Vec the same vocabulary and vectors as the generic path', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kornlu-w2v-'));
    const f = path.join(dir, 'c.txt');
    const lines = analogyCorpus().map((s) => s.join(' '));
    writeFileSync(f, lines.join('\n') + '\n\n  \n');
    const o = { model: 'skipgram' as const, dim: 8, window: 2, minCount: 2, epochs: 2, seed: 4, threads: 1 };
    const fast = new Word2Vec(o);
    const a = await fast.train(fileCorpus(f));
    const b = await new Word2Vec(o).train(arrayCorpus(lines.map((l) => l.split(' '))));
    expect(a.words).toEqual(b.words);
    expect(Array.from(a.vectors)).toEqual(Array.from(b.vectors));
    expect(fast.corpusWords).toBe(lines.length * 4);
  });
});

describe('pretokenizedCorpus (tokenize once, train many epochs)', () => {
  it('gives the sentences and, under a seed, the vectors that tokenizing at every epoch gives', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kornlu-pretok-'));
    const input = path.join(dir, 'in.txt');
    writeFileSync(input, ['여름휴가는 시작하기 전이 가장 즐겁다!', '', '  ', 'BTS 👍🏽 2024년 1위', '영화가 정말 재밌었다 ㅋㅋ'].join('\n').repeat(20) + '\n');
    const tok = createTokenizer('syllable');
    let reported = 0;
    const once = await pretokenizedCorpus(input, tok, path.join(dir, 'tokens.txt'), (n) => (reported = n));
    expect(reported).toBe(readFileSync(input, 'utf8').split('\n').length - 1);
    const every = fileCorpus(input, tok);
    const collect = async (c: typeof every) => {
      const out: string[][] = [];
      for await (const s of c()) out.push(s);
      return out;
    };
    expect(await collect(once)).toEqual(await collect(every));
    expect(once.whitespaceLines).toBeDefined(); // the fast path
    const o = { dim: 8, window: 2, minCount: 1, epochs: 2, seed: 3, threads: 1 };
    const a = await new Word2Vec(o).train(once);
    const b = await new Word2Vec(o).train(every);
    expect(a.words).toEqual(b.words);
    expect(Array.from(a.vectors)).toEqual(Array.from(b.vectors));
  });

  it('refuses tokens that contain whitespace and leaves no file behind; a missing input is FILE_NOT_FOUND', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kornlu-pretok-'));
    const input = path.join(dir, 'in.txt');
    writeFileSync(input, '가 나\n');
    const out = path.join(dir, 'tokens.txt');
    // The jamo unit keeps spaces as tokens, so they cannot be stored space-separated.
    await expect(pretokenizedCorpus(input, createTokenizer('jamo'), out)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(existsSync(out)).toBe(false);
    await expect(pretokenizedCorpus(path.join(dir, 'none.txt'), createTokenizer('syllable'), out)).rejects.toMatchObject({ code: 'FILE_NOT_FOUND' });
    expect(existsSync(out)).toBe(false);
  });
});

describe('WebAssembly SIMD kernel', () => {
  it.each(['skipgram', 'cbow'] as const)('draws the same random stream as the JavaScript kernel (%s): nearly equal vectors', async (model) => {
    const o = { model, dim: 16, window: 3, minCount: 1, epochs: 2, seed: 5, threads: 1 };
    const js = new Word2Vec({ ...o, kernel: 'js' });
    const wasm = new Word2Vec(o);
    const a = await js.train(arrayCorpus(analogyCorpus()));
    const b = await wasm.train(arrayCorpus(analogyCorpus()));
    expect([js.kernelInUse, wasm.kernelInUse]).toEqual(['js', 'wasm']);
    let diff = 0, scale = 0;
    a.vectors.forEach((v, i) => ((diff = Math.max(diff, Math.abs(v - b.vectors[i]!))), (scale = Math.max(scale, Math.abs(v)))));
    // Only float rounding differs (SIMD sums in another order): far below the vectors' size.
    expect(diff).toBeLessThan(scale * 1e-3);
    const other = await new Word2Vec({ ...o, seed: 6 }).train(arrayCorpus(analogyCorpus()));
    expect(Math.max(...other.vectors.map((v, i) => Math.abs(v - b.vectors[i]!)))).toBeGreaterThan(scale * 1e-2);
  });

  it('falls back to JavaScript where it cannot run, and trains sentences longer than one call', async () => {
    const odd = new Word2Vec({ dim: 10, minCount: 1, epochs: 1 });
    await odd.train(arrayCorpus(analogyCorpus()));
    expect(odd.kernelInUse).toBe('js'); // dim not a multiple of 4
    const hs = new Word2Vec({ dim: 8, minCount: 1, epochs: 1, hs: true, negative: 0 });
    await hs.train(arrayCorpus(analogyCorpus()));
    expect(hs.kernelInUse).toBe('js');
    const long = analogyCorpus().flat(); // one 8,640-word sentence, twice over: > MAX_SENTENCE
    const kv = await new Word2Vec({ dim: 8, minCount: 1, epochs: 1 }).train(arrayCorpus([[...long, ...long]]));
    expect(kv.vectors.every(Number.isFinite)).toBe(true);
    expect(() => new Word2Vec({ kernel: 'gpu' as never })).toThrow(/kernel must be/);
  });

  it('is exactly the assembled kernel.wat', async () => {
    const { assembleKernel, bytesModule } = await import('../../scripts/embeddings/build-wasm.js');
    const committed = readFileSync(new URL('../../src/embeddings/wasm/kernel-bytes.ts', import.meta.url), 'utf8');
    expect(committed).toBe(bytesModule(await assembleKernel()));
  });
});

describe('KeyedVectors and formats', () => {
  const kv = new KeyedVectors(['가', '나', '다', '한국어'], Float32Array.from([1, 0, 0, 1, 0.70710677, 0.70710677, -1, 0.1]), 2, [4, 3, 2, 1]);

  it('answers similarity, nearest neighbours and odd-one-out', () => {
    expect(kv.similarity('가', '나')).toBeCloseTo(0);
    expect(kv.mostSimilar(['가'], { topK: 1 })[0]!.word).toBe('다');
    expect(kv.mostSimilar(['가'], { topK: 3, restrictVocab: 2 }).map((n) => n.word)).toEqual(['나']);
    expect(kv.doesntMatch(['가', '나', '다', '한국어'])).toBe('한국어');
    expect(() => kv.get('없음')).toThrow(/not in the vocabulary/);
  });

  it('round-trips word2vec text and binary exactly, and compact int8 closely', () => {
    for (const back of [fromWord2VecText(toWord2VecText(kv)), fromWord2VecBinary(toWord2VecBinary(kv))]) {
      expect(back.words).toEqual(kv.words);
      expect(Array.from(back.vectors)).toEqual(Array.from(kv.vectors));
    }
    const c = fromCompact(toCompact(kv));
    for (let i = 0; i < kv.vectors.length; i++) expect(Math.abs(c.vectors[i]! - kv.vectors[i]!)).toBeLessThan(0.01);
  });

  it('writes the binary layout the C tool and gensim read', () => {
    const b = toWord2VecBinary(new KeyedVectors(['a'], Float32Array.from([1, -2]), 2));
    expect(Array.from(b)).toEqual([...Buffer.from('1 2\na '), 0, 0, 0x80, 0x3f, 0, 0, 0, 0xc0, 10]);
  });

  it('rejects truncated files and wrong dimensions, and saves atomically', async () => {
    expect(() => fromWord2VecText('2 3\n가 1 2 3\n')).toThrow(/ends after 1/);
    expect(() => fromWord2VecText('1 3\n가 1 2\n')).toThrow(/has 2 values, expected 3/);
    expect(() => fromWord2VecBinary(toWord2VecBinary(kv).subarray(0, 20))).toThrow(/truncated|ends after/);
    expect(() => fromCompact(new Uint8Array(10))).toThrow(/not a kornlu compact/);
    const dir = mkdtempSync(path.join(tmpdir(), 'kornlu-kv-'));
    for (const ext of ['txt', 'bin', 'kv8']) {
      const p = path.join(dir, `v.${ext}`);
      await saveVectors(kv, p);
      expect((await loadVectors(p)).words).toEqual(kv.words);
    }
    writeFileSync(path.join(dir, 'bad.txt'), Buffer.from([0xff, 0xfe, 0x31]));
    await expect(loadVectors(path.join(dir, 'bad.txt'))).rejects.toThrow(/not valid UTF-8/);
    expect(readFileSync(path.join(dir, 'v.txt'), 'utf8').startsWith('4 2\n')).toBe(true);
    expect(existsSync(path.join(dir, 'v.txt.tmp'))).toBe(false);
  });

  it('evaluates word similarity and analogies with OOV counts', () => {
    expect(spearman([1, 2, 3, 4], [10, 20, 30, 40])).toBeCloseTo(1);
    expect(spearman([1, 2, 3, 4], [4, 3, 2, 1])).toBeCloseTo(-1);
    const r = evaluate(kv, { similarity: [['가', '다', 9], ['가', '나', 1], ['다', '나', 5], ['없음', '가', 3]], analogies: [['가', '나', '가', '나'], ['x', 'y', 'z', 'w']] });
    expect(r.oov).toEqual({ ws353_pairs: 1, analogy_questions: 1 });
    // model: 가다 .707 = 다나 .707 > 가나 0 (a tie); human: 9 > 5 > 1 → Spearman √3/2.
    expect(r.ws353_spearman).toBeCloseTo(Math.sqrt(3) / 2, 6);
  });
});
