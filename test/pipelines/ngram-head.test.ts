/**
 * The n-gram head of text classifiers: features (counts, hashing, normalization), the reader pinned
 * to the Python writer (fixtures/models/tiny-ngram, scripts/models/make-tiny-ngram-head.sh: numpy's
 * log-probabilities of the same quantized file), and the pipeline's sum with the encoder.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ngramCounts, NgramHead } from '../../src/pipelines/classify/ngram-head.js';
import { logSoftmax } from '../../src/pipelines/tensors.js';
import { pipeline, type TextClassificationPipeline } from '../../src/pipelines/node.js';
import { model } from './models.js';

const spec = { charNgrams: [1, 4] as [number, number], wordNgrams: [1, 2] as [number, number], charBuckets: 1 << 16, wordBuckets: 1 << 12 };
const total = (m: Map<number, number>) => [...m.values()].reduce((a, b) => a + b, 0);
const fixture = (f: string) => path.join(model('tiny-ngram'), f);
const probes = readFileSync(fixture('probe.tsv'), 'utf8').split('\n').filter((l) => l !== '').map((l) => l.slice(l.indexOf('\t') + 1));

describe('ngramCounts', () => {
  it('counts char 1–4-grams of space-padded words and word 1–2-grams', () => {
    // " 좋아 " has 4 code points: 4 + 3 + 2 + 1 char n-grams; two words; words: 2 unigrams + 1 bigram.
    const m = ngramCounts('좋아 좋아', spec);
    expect(total(m)).toBe(2 * 10 + 3);
    const word = [...m].filter(([b]) => b >= spec.charBuckets);
    expect(word.map(([, c]) => c).sort()).toEqual([1, 2]); // "좋아" twice, "좋아 좋아" once
    // The same word twice: every char n-gram of one copy, counted twice (" " is in it twice per word).
    const one = ngramCounts('좋아', spec);
    for (const [b, c] of one) if (b < spec.charBuckets) expect(m.get(b)).toBe(2 * c);
    expect(Math.max(...one.values())).toBe(2);
  });

  it('is the same for NFC and NFD Hangul, upper and lower case, and any run of whitespace', () => {
    expect(ngramCounts('종료 OK', spec)).toEqual(ngramCounts('종료'.normalize('NFD') + ' \t\n ok', spec));
  });

  it('has no features for empty or blank text, and one code point is one unit (emoji, lone surrogates)', () => {
    expect(ngramCounts('', spec).size).toBe(0);
    expect(ngramCounts(' \u3000\n', spec).size).toBe(0);
    expect(total(ngramCounts('😀', spec))).toBe(3 + 2 + 1 + 1); // " 😀 ": 3 code points, + 1 word
    expect(total(ngramCounts('\ud800', spec))).toBe(7);
  });

  it('totals follow from word lengths, and every bucket is in its block (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 6 }).filter((w) => !/\s/.test(w)), { maxLength: 8 }), (words) => {
        const text = words.join(' ');
        const units = text.normalize('NFC').toLowerCase().split(/\s+/).filter((w) => w !== '');
        const chars = units.reduce((s, w) => {
          const L = [...w].length + 2;
          let n = 0;
          for (let k = 1; k <= 4; k++) n += Math.max(0, L - k + 1);
          return s + n;
        }, 0);
        const m = ngramCounts(text, spec);
        expect(total(m)).toBe(chars + units.length + Math.max(0, units.length - 1));
        for (const b of m.keys()) expect(b >= 0 && b < spec.charBuckets + spec.wordBuckets).toBe(true);
      }),
    );
  });
});

describe('NgramHead', () => {
  const bytes = readFileSync(fixture('ngram_head.bin'));
  const head = NgramHead.fromBytes(bytes);

  it('gives the log-probabilities numpy computes from the same file (1e-6)', () => {
    const expected = JSON.parse(readFileSync(fixture('expected.json'), 'utf8')) as number[][];
    expect(expected).toHaveLength(probes.length);
    probes.forEach((t, i) => {
      const lp = head.logProbs(t);
      expect(lp).toHaveLength(3);
      lp.forEach((v, c) => expect(Math.abs(v - expected[i]![c]!)).toBeLessThan(1e-6));
    });
  });

  it('scores 1 MB without spaces, control characters and mixed scripts with finite log-probabilities', () => {
    for (const t of ['가'.repeat(1_000_000), '\u0000\u0007\u200b\ufeff', 'BTS의 2024年 공연 🎤 ㅋㅋㅋ ﾃｽﾄ']) {
      const lp = head.logProbs(t);
      expect(lp.every(Number.isFinite)).toBe(true);
      expect(lp.reduce((s, v) => s + Math.exp(v), 0)).toBeCloseTo(1, 9);
    }
  });

  it('does not alias the caller’s buffer', () => {
    const copy = new Uint8Array(bytes);
    const h = NgramHead.fromBytes(copy);
    const before = h.logProbs(probes[0]!);
    copy.fill(0);
    expect(h.logProbs(probes[0]!)).toEqual(before);
  });

  it('refuses malformed files with INVALID_MODEL_FILE', () => {
    const header = bytes.readUInt32LE(8);
    const withHeader = (json: string) => {
      const h = Buffer.from(json);
      const out = Buffer.alloc(12 + h.length);
      out.write('KNGH', 0, 'latin1');
      out.writeUInt32LE(1, 4);
      out.writeUInt32LE(h.length, 8);
      h.copy(out, 12);
      return Buffer.concat([out, bytes.subarray(12 + header)]);
    };
    const json = JSON.parse(bytes.subarray(12, 12 + header).toString()) as Record<string, unknown>;
    const bad = [
      new Uint8Array(0),
      Buffer.from('GZIPnotahead...'),
      bytes.subarray(0, bytes.length - 1),
      Buffer.concat([bytes, Buffer.from([0])]),
      withHeader('{not json'),
      withHeader(JSON.stringify({ ...json, charBuckets: 300 })),
      withHeader(JSON.stringify({ ...json, rows: 2 })),
      withHeader(JSON.stringify({ ...json, bias: [0, 0, 'x'] })),
    ];
    for (const b of bad) expect(() => NgramHead.fromBytes(b, 'x.bin')).toThrow(expect.objectContaining({ code: 'INVALID_MODEL_FILE' }));
  });
});

describe('text-classification with an n-gram head', () => {
  let dir: string;
  let plain: TextClassificationPipeline;
  let withHead: TextClassificationPipeline;
  const weight = 0.7;
  const encoderWeight = 0.6;
  const writeConfig = (d: string, extra: Record<string, unknown>) => {
    const config = JSON.parse(readFileSync(path.join(model('tiny-cls'), 'config.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(path.join(d, 'config.json'), JSON.stringify({ ...config, ...extra }));
  };
  const variant = (extra: Record<string, unknown>, files: Record<string, Uint8Array> = {}) => {
    const d = mkdtempSync(path.join(tmpdir(), 'kornlu-ngram-'));
    cpSync(model('tiny-cls'), d, { recursive: true });
    writeConfig(d, extra);
    for (const [f, b] of Object.entries(files)) writeFileSync(path.join(d, f), b);
    return d;
  };
  beforeAll(async () => {
    dir = variant({ kornlu_ngram_head: { file: 'ngram_head.bin.gz', weight, encoderWeight } }, { 'ngram_head.bin.gz': gzipSync(readFileSync(fixture('ngram_head.bin'))) });
    plain = await pipeline('text-classification', model('tiny-cls'));
    withHead = await pipeline('text-classification', dir);
  });
  afterAll(async () => {
    await plain.dispose();
    await withHead.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sums encoderWeight × the encoder’s log-probabilities and weight × the head’s, and run() reports their softmax', async () => {
    const head = NgramHead.fromBytes(readFileSync(fixture('ngram_head.bin')));
    const enc = await plain.logits(probes);
    const got = await withHead.logits(probes);
    probes.forEach((t, i) => {
      const want = Float64Array.from(logSoftmax(enc[i]!), (v, c) => encoderWeight * v + weight * head.logProbs(t)[c]!);
      want.forEach((v, c) => expect(got[i]![c]).toBeCloseTo(v, 5));
    });
    const labels = await withHead.run(probes[0]!, { topK: Infinity });
    const p = logSoftmax(got[0]!).map(Math.exp);
    expect(labels.reduce((s, l) => s + l.score, 0)).toBeCloseTo(1, 6);
    expect(labels[0]!.score).toBeCloseTo(Math.max(...p), 6);
  });

  it('ngramHead: false scores with the encoder alone', async () => {
    expect(await withHead.logits(probes, { ngramHead: false })).toEqual(await plain.logits(probes));
    expect(await withHead.run(probes, { ngramHead: false })).toEqual(await plain.run(probes));
  });

  it('changes some decision on the probes (the head is not a no-op)', async () => {
    const a = (await withHead.run(probes)).map((r) => r[0]!.label);
    const b = (await plain.run(probes)).map((r) => r[0]!.label);
    expect(a).not.toEqual(b);
  });

  it('refuses a bad head entry, a corrupt or missing file, or a class-count mismatch', async () => {
    const gz = gzipSync(readFileSync(fixture('ngram_head.bin')));
    const cases: Array<[Record<string, unknown>, Record<string, Uint8Array>, string]> = [
      [{ kornlu_ngram_head: 'ngram_head.bin' }, {}, 'MODEL_MISMATCH'],
      [{ kornlu_ngram_head: { file: 'h.bin.gz', weight: -1 } }, { 'h.bin.gz': gz }, 'MODEL_MISMATCH'],
      [{ kornlu_ngram_head: { file: 'h.bin.gz', weight: 1, encoderWeight: 'x' } }, { 'h.bin.gz': gz }, 'MODEL_MISMATCH'],
      [{ kornlu_ngram_head: { file: 'h.bin.gz', weight: 1 } }, { 'h.bin.gz': Buffer.from('not gzip') }, 'INVALID_MODEL_FILE'],
      [{ kornlu_ngram_head: { file: 'h.bin', weight: 1 } }, { 'h.bin': Buffer.from('KNGH') }, 'INVALID_MODEL_FILE'],
      [{ kornlu_ngram_head: { file: 'missing.bin', weight: 1 } }, {}, 'FILE_NOT_FOUND'],
      [{ kornlu_ngram_head: { file: 'h.bin.gz', weight: 1 }, id2label: { 0: 'a', 1: 'b' }, label2id: { a: 0, b: 1 } }, { 'h.bin.gz': gz }, 'MODEL_MISMATCH'],
    ];
    for (const [extra, files, code] of cases) {
      const d = variant(extra, files);
      try {
        await expect(pipeline('text-classification', d)).rejects.toMatchObject({ code });
      } finally {
        rmSync(d, { recursive: true, force: true });
      }
    }
  });
});
