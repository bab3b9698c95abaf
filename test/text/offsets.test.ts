import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OffsetConverter, codePointToUtf16, utf16ToCodePoint, KornluError } from '../../src/index.js';
import { adversarial } from '../helpers/arbitraries.js';

describe('UTF-16 ↔ code point offsets', () => {
  it('converts around astral characters', () => {
    const s = 'a😀b';
    expect(utf16ToCodePoint(s, 3)).toBe(2);
    expect(codePointToUtf16(s, 2)).toBe(3);
    expect(utf16ToCodePoint(s, 2)).toBe(2); // inside the pair rounds up
    const c = new OffsetConverter(s);
    expect(c.codePointLength).toBe(3);
    expect(c.toUtf16(3)).toBe(4);
  });

  it('round-trips every code point boundary and agrees with the one-shot helpers', () => {
    fc.assert(
      fc.property(adversarial, (s) => {
        const c = new OffsetConverter(s);
        const cps = [...s].length;
        expect(c.codePointLength).toBe(cps);
        for (let k = 0; k <= cps; k++) {
          const u = c.toUtf16(k);
          expect(c.toCodePoint(u)).toBe(k);
          expect(codePointToUtf16(s, k)).toBe(u);
          expect(utf16ToCodePoint(s, u)).toBe(k);
        }
      }),
    );
  });

  it('rejects offsets out of range with a typed error', () => {
    expect(() => utf16ToCodePoint('ab', 3)).toThrow(KornluError);
    expect(() => new OffsetConverter('ab').toUtf16(-1)).toThrow(KornluError);
    expect(() => codePointToUtf16('ab', 5)).toThrow(/past the end/);
  });
});
