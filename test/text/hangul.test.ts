import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { disassemble as esDisassemble, getChoseong as esGetChoseong } from 'es-hangul';
import {
  assemble,
  disassemble,
  getChoseong,
  hasFinalConsonant,
  joinSyllable,
  splitSyllable,
} from '../../src/text/index.js';

const syllable = fc.integer({ min: 0xac00, max: 0xd7a3 }).map((c) => String.fromCharCode(c));

describe('syllable arithmetic', () => {
  it('splits and joins every syllable', () => {
    for (let cp = 0xac00; cp <= 0xd7a3; cp++) {
      const { initial, medial, final } = splitSyllable(cp);
      expect(joinSyllable(initial, medial, final)).toBe(cp);
    }
  });

  it('disassembles into compatibility and conjoining jamo, with complex finals', () => {
    expect(disassemble('값')).toBe('ㄱㅏㅄ');
    expect(disassemble('값', { splitComplex: true })).toBe('ㄱㅏㅂㅅ');
    expect(disassemble('닭과 읽기')).toBe('ㄷㅏㄺㄱㅘ ㅇㅣㄺㄱㅣ');
    expect(disassemble('한', { form: 'conjoining' })).toBe('\u1112\u1161\u11ab');
    expect(disassemble('한', { form: 'conjoining' })).toBe('한'.normalize('NFD'));
  });

  it('agrees with es-hangul disassemble (split complex) on Hangul text', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(syllable, fc.constant(' ')), { maxLength: 30 }), (a) => {
        const s = a.join('');
        expect(disassemble(s, { splitComplex: true })).toBe(esDisassemble(s));
      }),
    );
  });

  it('assembles what it disassembled', () => {
    fc.assert(
      fc.property(fc.array(syllable, { maxLength: 20 }), (a) => {
        const s = a.join('');
        expect(assemble(disassemble(s))).toBe(s);
        expect(assemble(disassemble(s, { splitComplex: true }))).toBe(s);
      }),
    );
    expect(assemble('ㄱㅏㅂㅅ')).toBe('값');
    expect(assemble('ㄱㅏㅂㅏ')).toBe('가바');
    expect(assemble('ㅗㅏ')).toBe('ㅘ');
  });

  it('extracts choseong like es-hangul', () => {
    expect(getChoseong('대한민국 만세')).toBe('ㄷㅎㅁㄱ ㅁㅅ');
    expect(getChoseong('BTS 최고', { keepOther: true })).toBe('BTS ㅊㄱ');
    fc.assert(
      fc.property(fc.array(syllable, { maxLength: 20 }), (a) => {
        expect(getChoseong(a.join(''))).toBe(esGetChoseong(a.join('')));
      }),
    );
  });

  it('knows final consonants', () => {
    expect(hasFinalConsonant('책')).toBe(true);
    expect(hasFinalConsonant('나무')).toBe(false);
    expect(hasFinalConsonant('')).toBe(false);
  });
});
