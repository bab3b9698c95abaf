/** SubwordTokenizer behaviour on small tokenizers built in the test: windows, pairs, padding, errors. */
import fc from 'fast-check';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { KornluError, SubwordTokenizer } from '../../src/index.js';
import { loadSubwordTokenizer } from '../../src/node/index.js';
import { koreanish } from '../helpers/arbitraries.js';
import { expectExactOffsets } from '../helpers/invariants.js';

/** A tiny WordPiece: syllables of the test sentences and their ## forms. */
function tinyWordPiece(): SubwordTokenizer {
  const specials = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'];
  const pieces = ['서울', '은', '한국', '의', '수도', '이다', '.', '어디', '?', '가', '나', '다', '세종', '대왕'];
  const vocab: Record<string, number> = {};
  for (const t of [...specials, ...pieces, ...pieces.map((p) => '##' + p)]) vocab[t] ??= Object.keys(vocab).length;
  return SubwordTokenizer.fromJSON({
    added_tokens: specials.map((content, id) => ({ id, content, special: true, normalized: false, lstrip: false, rstrip: false, single_word: false })),
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: false },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: { type: 'BertProcessing', cls: ['[CLS]', 2], sep: ['[SEP]', 3] },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: { type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##', max_input_chars_per_word: 100, vocab },
  });
}

describe('pairs and windows (MRC)', () => {
  const tok = tinyWordPiece();
  const question = '한국의 수도는 어디?';
  const context = '서울은 한국의 수도이다. '.repeat(6);

  it('encodes a pair with type ids and sequence ids, offsets into each text', () => {
    const e = tok.encode(question, context);
    expect(e.tokens[0]).toBe('[CLS]');
    const firstB = e.sequenceIds.indexOf(1);
    expect(e.tokens[firstB - 1]).toBe('[SEP]');
    expect(e.typeIds[firstB]).toBe(1);
    const [s, t] = e.offsets[firstB]!;
    expect(context.slice(s, t)).toBe('서울');
  });

  it('cuts a long context into overlapping windows and loses nothing', () => {
    const maxLength = 16;
    const stride = 4;
    const e = tok.encode(question, context, { truncation: { maxLength, stride, strategy: 'only_second' } });
    const all = [e, ...e.overflowing];
    expect(all.length).toBeGreaterThan(2);
    for (const w of all) expect(w.ids.length).toBeLessThanOrEqual(maxLength);
    const ctxTokens = (w: typeof e) => w.offsets.filter((_, k) => w.sequenceIds[k] === 1);
    // consecutive windows share exactly `stride` context tokens
    for (let k = 1; k < all.length; k++) {
      const prev = ctxTokens(all[k - 1]!);
      const cur = ctxTokens(all[k]!);
      expect(cur.slice(0, stride)).toEqual(prev.slice(prev.length - stride));
    }
    // every context token appears in some window
    const full = tok.encode(context, null, { addSpecialTokens: false }).offsets;
    const seen = new Set(all.flatMap((w) => ctxTokens(w).map(([a, b]) => `${a}:${b}`)));
    expect(full.every(([a, b]) => seen.has(`${a}:${b}`))).toBe(true);
  });

  it('windows a single long text too, and refuses impossible settings', () => {
    const e = tok.encode(context, null, { truncation: { maxLength: 10, stride: 2 } });
    expect(e.overflowing.length).toBeGreaterThan(0);
    expect(() => tok.encode(context, null, { truncation: { maxLength: 10, stride: 8 } })).toThrow(KornluError);
    expect(() => tok.encode(context, null, { truncation: { maxLength: 2 } })).toThrow(/no room/);
  });

  it('truncates longest_first without windows', () => {
    const e = tok.encode(context, context, { truncation: { maxLength: 20 } });
    expect(e.ids.length).toBe(20);
    expect(e.overflowing).toEqual([]);
  });
});

describe('batching, padding, decoding', () => {
  const tok = tinyWordPiece();
  it('pads a batch to the longest (and a multiple)', () => {
    const b = tok.encodeBatch(['서울', '서울은 한국의 수도이다.'], { padding: { multipleOf: 8 } });
    expect(b[0]!.ids.length).toBe(b[1]!.ids.length);
    expect(b[0]!.ids.length % 8).toBe(0);
    expect(b[0]!.attentionMask.filter((x) => x === 0).length).toBeGreaterThan(0);
    expect(b[0]!.ids.at(-1)).toBe(0);
  });

  it('decodes back to text', () => {
    expect(tok.decode(tok.encode('서울은 한국의 수도이다.').ids)).toBe('서울은 한국의 수도이다.');
  });

  it('keeps exact offsets on any Korean-ish input', () => {
    fc.assert(fc.property(koreanish, (s) => expectExactOffsets(s, tok.tokenize(s))), { numRuns: 300 });
  });
});

describe('malformed tokenizer.json', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'kornlu-bad-'));
  const write = (name: string, text: string) => {
    const p = path.join(dir, name);
    writeFileSync(p, text);
    return p;
  };

  it.each([
    ['not JSON', '{"model": ', /not valid JSON/],
    ['an array', '[]', /JSON object/],
    ['no model', '{"normalizer": null}', /no "model"/],
    ['bad vocab entry', '{"model": {"type": "WordPiece", "vocab": {"a": "x"}}}', /\$\.model\.vocab\.a: expected a number/],
    ['unknown model', '{"model": {"type": "Magic", "vocab": {}}}', /model type "Magic" is not supported/],
    ['bad merge', '{"model": {"type": "BPE", "vocab": {"a": 0}, "merges": ["a b"]}}', /merge 0 "a b" uses a token missing/],
    ['unknown normalizer', '{"normalizer": {"type": "Nope"}, "model": {"type": "WordLevel", "vocab": {"[UNK]": 0}}}', /normalizer type "Nope"/],
    ['bad template', '{"post_processor": {"type": "TemplateProcessing", "single": [{"SpecialToken": {"id": "[X]"}}], "pair": [], "special_tokens": {}}, "model": {"type": "WordLevel", "vocab": {"[UNK]": 0}}}', /special token "\[X\]"/],
  ])('%s: typed error naming the file and the reason', async (_what, text, reason) => {
    const p = write(`${_what.replace(/\W/g, '_')}.json`, text);
    const err = await loadSubwordTokenizer(p).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KornluError);
    expect((err as KornluError).message).toMatch(reason);
    expect((err as KornluError).path).toBe(p);
  });

  it('says which file is missing', async () => {
    const err = await loadSubwordTokenizer(path.join(dir, 'nope.json')).catch((e: unknown) => e);
    expect((err as KornluError).code).toBe('FILE_NOT_FOUND');
  });

  it('reads a folder holding tokenizer.json', async () => {
    const sub = mkdtempSync(path.join(dir, 'folder-'));
    writeFileSync(path.join(sub, 'tokenizer.json'), JSON.stringify(tinyWordPiece().toJSON()));
    expect((await loadSubwordTokenizer(sub)).encode('서울').tokens).toEqual(['[CLS]', '서울', '[SEP]']);
  });
});
