import { describe, expect, it } from 'vitest';
import { onigToJs } from '../../src/tokenizers/subword/pattern.js';

describe('Oniguruma → JavaScript regex translation', () => {
  const re = (src: string) => new RegExp(onigToJs(src), 'gu');
  it('gives \\s the Unicode White_Space meaning (no U+FEFF, with U+0085)', () => {
    expect(re('\\s').test('\ufeff')).toBe(false);
    expect(re('\\s').test('\u0085')).toBe(true);
    expect(re('[^\\s\\p{L}]+').test('\ufeff')).toBe(true);
  });
  it('makes \\w and \\d Unicode-aware', () => {
    expect('한국어 abc_1'.match(re('\\w+'))).toEqual(['한국어', 'abc_1']);
    expect('٣'.match(re('\\d'))).toEqual(['٣']);
  });
  it('keeps escaped backslashes and turns script names into Script=', () => {
    expect(onigToJs('\\\\s')).toBe('\\\\s');
    expect(re('\\p{Han}+').test('漢字')).toBe(true);
    expect(onigToJs('\\p{L}')).toBe('\\p{L}');
  });
});
