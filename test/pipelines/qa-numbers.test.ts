import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { wholeNumberSpan } from '../../src/pipelines/qa/numbers.js';

describe('wholeNumberSpan', () => {
  const text = '한라산의 높이는 1,947미터이고 인구는 12,345,678명, 버전 3.14.';
  const at = (s: string) => [text.indexOf(s), text.indexOf(s) + s.length] as const;

  it('moves a span edge that splits a number out to the whole number', () => {
    const [s, e] = at('947미터');
    expect(text.slice(...wholeNumberSpan(text, s, e))).toBe('1,947미터');
    const [s2, e2] = at('345,678명');
    expect(text.slice(...wholeNumberSpan(text, s2, e2))).toBe('12,345,678명');
    const [s3, e3] = at('12,345');
    expect(text.slice(...wholeNumberSpan(text, s3, e3))).toBe('12,345,678');
    const [s4, e4] = at('14');
    expect(text.slice(...wholeNumberSpan(text, s4, e4))).toBe('3.14');
  });

  it('leaves spans that split nothing alone (a full stop after a number is not a separator)', () => {
    for (const s of ['1,947미터', '높이는', '12,345,678명', '3.14', '3.14.']) {
      const [a, b] = at(s);
      expect(wholeNumberSpan(text, a, b)).toEqual([a, b]);
    }
  });

  it('contains the span, splits no number, and is idempotent (property)', () => {
    const piece = fc.constantFrom('1', '23', ',', '.', '가', ' ', '명', 'a', '😀');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }).map((p) => p.join('')), fc.nat(), fc.nat(), (t, x, y) => {
        const a = t.length ? x % (t.length + 1) : 0;
        const b = a + (t.length - a ? y % (t.length - a + 1) : 0);
        const [s, e] = wholeNumberSpan(t, a, b);
        expect(s).toBeLessThanOrEqual(a);
        expect(e).toBeGreaterThanOrEqual(b);
        expect(s).toBeGreaterThanOrEqual(0);
        expect(e).toBeLessThanOrEqual(t.length);
        const digit = (i: number) => /\d/.test(t[i] ?? '');
        const splits = (i: number) => digit(i) && /[,.]/.test(t[i - 1] ?? '') && digit(i - 2);
        if (e > s) {
          expect(splits(s)).toBe(false);
          expect(digit(e - 1) && /[,.]/.test(t[e] ?? '') && digit(e + 1)).toBe(false);
        }
        expect(wholeNumberSpan(t, s, e)).toEqual([s, e]);
      }),
      { numRuns: 500 },
    );
  });
});
