/**
 * Parity with Hugging Face's native `tokenizers` on the same tokenizer.json: golden ids, then
 * property tests over adversarial strings for WordPiece, BPE and Unigram files made both by HF's
 * own trainers and by ours.
 */
import fc from 'fast-check';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  BPE as NativeBPE,
  Tokenizer as NativeTokenizer,
  Unigram as NativeUnigram,
  WordPiece as NativeWordPiece,
  bertNormalizer,
  bertPreTokenizer,
  byteLevelPreTokenizer,
  metaspacePreTokenizer,
  nfcNormalizer,
} from 'tokenizers';
import { beforeAll, describe, expect, it } from 'vitest';
import { OffsetConverter, SubwordTokenizer, trainBPE, trainUnigram, trainWordPiece } from '../../src/index.js';
import { adversarial, koreanish } from '../helpers/arbitraries.js';
import { expectExactOffsets } from '../helpers/invariants.js';
import { sharedFile } from '../helpers/shared.js';

const FIXTURE = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../fixtures/corpus-ko.txt');
const corpusLines = () => readFileSync(FIXTURE, 'utf8').split('\n').filter(Boolean);

/** Our offsets in code points, to compare with the native binding (which counts characters). */
function cpOffsets(text: string, offsets: Array<[number, number]>): Array<[number, number]> {
  const c = new OffsetConverter(text);
  return offsets.map(([a, b]) => [c.toCodePoint(a), c.toCodePoint(b)]);
}

async function expectSameAsNative(ours: SubwordTokenizer, native: NativeTokenizer, text: string, compareOffsets: boolean) {
  let theirs;
  try {
    theirs = await native.encode(text);
  } catch {
    // HF refuses (unknown character, no unk token): so must we.
    expect(() => ours.encode(text)).toThrow();
    return;
  }
  const mine = ours.encode(text);
  expect(mine.ids).toEqual(theirs.getIds());
  expect(mine.typeIds).toEqual(theirs.getTypeIds());
  if (compareOffsets) expect(cpOffsets(text, mine.offsets)).toEqual(theirs.getOffsets());
  expectExactOffsets(text, ours.tokenize(text));
}

const koelectraPath = sharedFile('models-third-party/koelectra-v3-vocab/tokenizer.json');
const kpfPath = sharedFile('models-third-party/kpf-bert-vocab/tokenizer.json');

describe.skipIf(koelectraPath === null)('KoELECTRA v3 tokenizer.json', () => {
  const ours = () => SubwordTokenizer.fromJSON(readFileSync(koelectraPath!, 'utf8'));

  it('gives the published golden ids', () => {
    const enc = ours().encode('한국어 ELECTRA를 공유합니다.');
    expect(enc.ids).toEqual([2, 11229, 29173, 13352, 25541, 4110, 7824, 17788, 18, 3]);
    expect(enc.tokens).toEqual(['[CLS]', '한국어', 'EL', '##EC', '##TRA', '##를', '공유', '##합니다', '.', '[SEP]']);
    expect(enc.offsets).toEqual([[0, 0], [0, 3], [4, 6], [6, 8], [8, 11], [11, 12], [13, 15], [15, 18], [18, 19], [0, 0]]);
  });

  it('matches native ids, type ids and offsets on adversarial strings, singles and pairs', async () => {
    const t = ours();
    const n = NativeTokenizer.fromFile(koelectraPath!);
    await fc.assert(
      fc.asyncProperty(adversarial, async (s) => expectSameAsNative(t, n, s, true)),
      { numRuns: 400 },
    );
    await fc.assert(
      fc.asyncProperty(koreanish, koreanish, async (a, b) => {
        const mine = t.encode(a, b);
        const theirs = await n.encode(a, b);
        expect(mine.ids).toEqual(theirs.getIds());
        expect(mine.typeIds).toEqual(theirs.getTypeIds());
      }),
      { numRuns: 200 },
    );
  });

  it('matches native on long words, 1 MB lines and special tokens in text', async () => {
    const t = ours();
    const n = NativeTokenizer.fromFile(koelectraPath!);
    for (const s of ['가'.repeat(99), '가'.repeat(100), '가'.repeat(101), '😀'.repeat(101), '[CLS]안녕[MASK]하세요[SEP]', '[cls] [UNK]']) {
      await expectSameAsNative(t, n, s, true);
    }
    const big = '영화가 정말 재밌어요ㅋㅋ 최고!! '.repeat(60_000);
    expect(t.encode(big).ids).toEqual((await n.encode(big)).getIds());
  });
});

describe.skipIf(kpfPath === null)('KPF-BERT tokenizer.json', () => {
  it('matches native ids and offsets', async () => {
    const t = SubwordTokenizer.fromJSON(readFileSync(kpfPath!, 'utf8'));
    const n = NativeTokenizer.fromFile(kpfPath!);
    await fc.assert(fc.asyncProperty(adversarial, async (s) => expectSameAsNative(t, n, s, true)), { numRuns: 300 });
  });
});

describe('tokenizer.json files trained by HF tokenizers', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'kornlu-native-'));
  const files: Record<string, string> = {};

  beforeAll(() => {
    const make = (name: string, build: () => NativeTokenizer) => {
      const tok = build();
      tok.train([FIXTURE]);
      const f = path.join(dir, `${name}.json`);
      tok.save(f);
      files[name] = f;
    };
    make('bpe-bytelevel', () => {
      const t = new NativeTokenizer(NativeBPE.empty());
      t.setNormalizer(nfcNormalizer());
      t.setPreTokenizer(byteLevelPreTokenizer(false, true));
      return t;
    });
    make('unigram-metaspace', () => {
      const t = new NativeTokenizer(NativeUnigram.empty());
      t.setPreTokenizer(metaspacePreTokenizer());
      return t;
    });
    make('wordpiece-bert', () => {
      const t = new NativeTokenizer(NativeWordPiece.empty());
      t.setNormalizer(bertNormalizer({ lowercase: false, stripAccents: false }));
      t.setPreTokenizer(bertPreTokenizer());
      return t;
    });
  });

  it.each(['bpe-bytelevel', 'unigram-metaspace', 'wordpiece-bert'])('%s: same ids as native', async (name) => {
    const t = SubwordTokenizer.fromJSON(readFileSync(files[name]!, 'utf8'), { path: files[name]! });
    const n = NativeTokenizer.fromFile(files[name]!);
    expect(t.model.type).toBe(name.startsWith('bpe') ? 'BPE' : name.startsWith('unigram') ? 'Unigram' : 'WordPiece');
    // Regressions: JS \s matches U+FEFF and misses U+0085, Oniguruma's does the opposite.
    const edge = ['㈜\ufeff', 'a\u0085b', 'x\ufeffy  z', '  \u3000가 ', '1２３ ④'];
    for (const line of [...corpusLines(), ...edge]) await expectSameAsNative(t, n, line, name === 'wordpiece-bert');
    await fc.assert(
      fc.asyncProperty(adversarial, async (s) => expectSameAsNative(t, n, s, name === 'wordpiece-bert')),
      { numRuns: 300 },
    );
  });
});

describe('tokenizer.json files trained by kornlu', () => {
  it.each([
    ['bpe', () => trainBPE(corpusLines(), { vocabSize: 600, minFrequency: 2 })],
    ['wordpiece', () => trainWordPiece(corpusLines(), { vocabSize: 900, minFrequency: 2 })],
    ['unigram', () => trainUnigram(corpusLines(), { vocabSize: 400, minFrequency: 2 })],
  ] as const)('%s loads in HF tokenizers and encodes identically', async (_name, train) => {
    const t = await train();
    const f = path.join(mkdtempSync(path.join(tmpdir(), 'kornlu-ours-')), 'tokenizer.json');
    writeFileSync(f, JSON.stringify(t.toJSON()));
    const n = NativeTokenizer.fromFile(f);
    for (const line of corpusLines()) await expectSameAsNative(t, n, line, false);
    await fc.assert(fc.asyncProperty(adversarial, async (s) => expectSameAsNative(t, n, s, false)), { numRuns: 200 });
  });
});
