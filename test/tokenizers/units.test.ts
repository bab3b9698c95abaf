import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  composeJamo,
  createTokenizer,
  EojeolTokenizer,
  JamoTokenizer,
  KornluError,
  SyllableTokenizer,
} from '../../src/index.js';
import { adversarial } from '../helpers/arbitraries.js';
import { expectExactOffsets } from '../helpers/invariants.js';

const texts = (tokens: { text: string }[]) => tokens.map((t) => t.text);

describe('eojeol', () => {
  it('splits on whitespace of every kind', () => {
    expect(texts(new EojeolTokenizer().tokenize(' 여름휴가는\t시작하기\u3000전이\n'))).toEqual(['여름휴가는', '시작하기', '전이']);
  });

  it('handles punctuation: attach, split, strip', () => {
    const s = '"좋아요!" 정말요?? (진짜)';
    expect(texts(new EojeolTokenizer().tokenize(s))).toEqual(['"좋아요!"', '정말요??', '(진짜)']);
    expect(texts(new EojeolTokenizer({ punctuation: 'split' }).tokenize(s))).toEqual(['"', '좋아요', '!"', '정말요', '??', '(', '진짜', ')']);
    const strip = new EojeolTokenizer({ punctuation: 'strip' }).tokenize(s);
    expect(texts(strip)).toEqual(['좋아요', '정말요', '진짜']);
    expect(strip[0]!.start).toBe(1);
  });

  it('normalizes but keeps original offsets', () => {
    const s = 'ＡＢＣ는   ㅋㅋㅋㅋ';
    const t = new EojeolTokenizer({ normalize: { unicode: 'NFKC', squash: true } }).tokenize(s);
    expect(t.map((x) => x.form)).toEqual(['ABC는', 'ㅋㅋ']);
    expect(texts(t)).toEqual(['ＡＢＣ는', 'ㅋㅋㅋㅋ']);
  });
});

describe('syllable', () => {
  it('groups non-Hangul runs sensibly', () => {
    const t = new SyllableTokenizer().tokenize('BTS가 1위! 3.14와 10,000원 👍🏽👨‍👩‍👧🇰🇷 漢字 café');
    expect(texts(t)).toEqual(['BTS', '가', '1', '위', '!', '3.14', '와', '10,000', '원', '👍🏽', '👨‍👩‍👧', '🇰🇷', '漢', '字', 'café']);
    expect(t.map((x) => x.kind)).toEqual([
      'latin', 'hangul', 'number', 'hangul', 'punct', 'number', 'hangul', 'number', 'hangul', 'emoji', 'emoji', 'emoji', 'hanja', 'hanja', 'latin',
    ]);
  });

  it('keeps a combining mark with its base', () => {
    expect(texts(new SyllableTokenizer().tokenize('e\u0301가'))).toEqual(['e\u0301', '가']);
  });
});

describe('jamo', () => {
  it('gives each jamo the span of its syllable', () => {
    const t = new JamoTokenizer().tokenize('한 글');
    expect(t.map((x) => x.jamo).join('')).toBe('\u1112\u1161\u11ab \u1100\u1173\u11af');
    expect(t.slice(0, 3).every((x) => x.start === 0 && x.end === 1 && x.text === '한')).toBe(true);
    expect(t.map((x) => x.role).slice(0, 4)).toEqual(['initial', 'medial', 'final', 'other']);
  });
});

describe('every unit keeps exact offsets on any input', () => {
  const tokenizers = [
    new EojeolTokenizer(),
    new EojeolTokenizer({ punctuation: 'split' }),
    new EojeolTokenizer({ punctuation: 'strip', normalize: { unicode: 'NFKC', squash: true } }),
    new SyllableTokenizer(),
    new SyllableTokenizer({ normalize: true }),
    new JamoTokenizer(),
    new JamoTokenizer({ form: 'compatibility', splitComplex: true }),
  ];
  it.each(tokenizers.map((t, i) => [i, t] as const))('tokenizer #%i', (_i, tok) => {
    fc.assert(
      fc.property(adversarial, (s) => {
        expectExactOffsets(s, tok.tokenize(s));
      }),
      { numRuns: 400 },
    );
  });

  it('jamo tokens compose back to the input', () => {
    fc.assert(
      fc.property(adversarial, (s) => {
        const opts = { form: 'compatibility' as const };
        expect(composeJamo(new JamoTokenizer(opts).tokenize(s).map((t) => t.jamo).join(''), opts)).toBe(s);
      }),
    );
  });

  it('does not lose text: eojeol and syllable tokens cover every non-space character', () => {
    fc.assert(
      fc.property(adversarial, (s) => {
        const covered = new Array<boolean>(s.length).fill(false);
        for (const t of new EojeolTokenizer().tokenize(s)) for (let i = t.start; i < t.end; i++) covered[i] = true;
        s.split('').forEach((ch, i) => {
          if (!/^\p{White_Space}$/u.test(ch)) expect(covered[i]).toBe(true);
        });
      }),
    );
  });
});

describe('registry and bad input', () => {
  it('creates every unit by name', () => {
    expect(createTokenizer('eojeol').unit).toBe('eojeol');
    expect(createTokenizer('syllable').unit).toBe('syllable');
    expect(createTokenizer('jamo').unit).toBe('jamo');
  });

  it('refuses subword without a tokenizer and unknown units', () => {
    expect(() => createTokenizer('subword', {} as { tokenizer: never })).toThrow(KornluError);
    expect(() => (createTokenizer as (u: string) => unknown)('words')).toThrow(/unknown unit/);
  });

  it('morpheme without a loaded analyzer says so clearly', () => {
    try {
      createTokenizer('morpheme').tokenize('안녕');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(KornluError);
      expect((e as KornluError).code).toBe('ANALYZER_NOT_AVAILABLE');
    }
  });

  it('rejects non-strings with a typed error', () => {
    expect(() => new SyllableTokenizer().tokenize(null as never)).toThrow(KornluError);
    expect(() => new JamoTokenizer().tokenize(42 as never)).toThrow(/must be a string/);
  });

  it('handles empty, whitespace-only and 1 MB inputs', () => {
    for (const tok of [new EojeolTokenizer(), new SyllableTokenizer(), new JamoTokenizer()]) {
      expect(tok.tokenize('')).toEqual([]);
      expect(tok.tokenize(' \t\n ').filter((t) => t.text.trim() !== '')).toEqual([]);
    }
    const big = '가나다 abc 123 😀 '.repeat(70_000);
    expect(new SyllableTokenizer().tokenize(big).length).toBe(70_000 * 6);
    expect(new EojeolTokenizer().tokenize(big).length).toBe(70_000 * 4);
    expect(new JamoTokenizer().tokenize(big).length).toBeGreaterThan(big.length);
  });
});
