import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  NormalizedString,
  normalize,
  normalizeWhitespace,
  squashRepeats,
  unicodeNormalize,
  type NormalizeOptions,
} from '../../src/text/index.js';
import { adversarial } from '../helpers/arbitraries.js';

/** Every normalized unit maps into the original, and spans never go backwards. */
function expectAligned(ns: NormalizedString): void {
  let last = 0;
  for (let i = 0; i < ns.length; i++) {
    const [a, b] = ns.spanAt(i);
    expect(a).toBeGreaterThanOrEqual(0);
    expect(b).toBeLessThanOrEqual(ns.original.length);
    expect(a).toBeLessThanOrEqual(b);
    expect(a).toBeGreaterThanOrEqual(last);
    last = a;
  }
}

const optionSets: NormalizeOptions[] = [
  {},
  { unicode: 'NFKC', squash: true },
  { unicode: 'NFD', lowercase: true },
  { unicode: false, whitespace: false, removeControl: false, squash: { max: 1, patternLength: 3 } },
];

describe('NormalizedString', () => {
  it('is the identity until something changes', () => {
    const ns = NormalizedString.from('한국어');
    expect(ns.isIdentity).toBe(true);
    expect(ns.toOriginal(1, 3)).toEqual([1, 3]);
    expect(unicodeNormalize(ns, 'NFC')).toBe(ns);
  });

  it('maps NFKC full-width and compatibility forms back to their source', () => {
    const text = '가격 ＡＢＣ ㈜한국';
    const ns = normalize(text, { unicode: 'NFKC' });
    expect(ns.normalized).toBe('가격 ABC (주)한국');
    const abc = ns.normalized.indexOf('ABC');
    expect(text.slice(...ns.toOriginal(abc, abc + 3))).toBe('ＡＢＣ');
    const ju = ns.normalized.indexOf('(주)');
    expect(text.slice(...ns.toOriginal(ju, ju + 3))).toBe('㈜');
  });

  it('composes conjoining jamo to a syllable that covers both', () => {
    const text = 'x\u1100\u1161y';
    const ns = normalize(text);
    expect(ns.normalized).toBe('x가y');
    expect(ns.toOriginal(1, 2)).toEqual([1, 3]);
  });

  it('decomposes NFD with every jamo pointing at its syllable', () => {
    const ns = normalize('한글', { unicode: 'NFD' });
    expect(ns.length).toBe(6);
    expect(ns.spanAt(0)).toEqual([0, 1]);
    expect(ns.spanAt(5)).toEqual([1, 2]);
  });

  it('squashes repeats so the kept run still covers the whole original run', () => {
    const text = '재밌다ㅋㅋㅋㅋㅋ!!!!! 100000원';
    const ns = squashRepeats(NormalizedString.from(text), { max: 2 });
    expect(ns.normalized).toBe('재밌다ㅋㅋ!! 100000원');
    expect(ns.toOriginal(3, 5)).toEqual([3, 8]);
    expect(ns.toOriginal(5, 7)).toEqual([8, 13]);
    const two = squashRepeats(NormalizedString.from('ㅋㅎㅋㅎㅋㅎㅋㅎ'), { max: 1, patternLength: 2 });
    expect(two.normalized).toBe('ㅋㅎ');
    expect(two.toOriginal(0, 2)).toEqual([0, 8]);
  });

  it('collapses and trims whitespace', () => {
    const ns = normalizeWhitespace(NormalizedString.from('  가\t\t나   다 '));
    expect(ns.normalized).toBe('가 나 다');
    expect(ns.toOriginal(2, 3)).toEqual([5, 6]);
  });

  it('keeps alignments valid and monotonic for any input', () => {
    fc.assert(
      fc.property(adversarial, fc.constantFrom(...optionSets), (s, o) => {
        const ns = normalize(s, o);
        expectAligned(ns);
        if (ns.length > 0) {
          const [a, b] = ns.toOriginal(0, ns.length);
          expect(a).toBeGreaterThanOrEqual(0);
          expect(b).toBeLessThanOrEqual(s.length);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('gives the same text as String.prototype.normalize', () => {
    fc.assert(
      fc.property(adversarial, fc.constantFrom('NFC', 'NFD', 'NFKC', 'NFKD') , (s, form) => {
        expect(unicodeNormalize(NormalizedString.from(s), form).normalized).toBe(s.normalize(form));
      }),
      { numRuns: 500 },
    );
  });

  it('handles 1 MB of text in one piece', () => {
    const big = '가나다라 ㅋㅋㅋㅋ ＡＢ '.repeat(60_000);
    const ns = normalize(big, { unicode: 'NFKC', squash: true });
    expect(ns.normalized.startsWith('가나다라 ㅋㅋ AB')).toBe(true);
    expect(ns.toOriginal(ns.length - 2, ns.length)[1]).toBeLessThanOrEqual(big.length);
  });
});
