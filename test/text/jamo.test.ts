import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { composeJamo, decomposeToJamo, JAMO_ESCAPE, type JamoOptions } from '../../src/text/index.js';
import { adversarial } from '../helpers/arbitraries.js';

const modes: JamoOptions[] = [{}, { form: 'compatibility' }, { form: 'compatibility', splitComplex: true }];

describe('reversible jamo', () => {
  it('decomposes syllables and escapes literal jamo', () => {
    expect(decomposeToJamo('한')).toBe('\u1112\u1161\u11ab');
    expect(decomposeToJamo('닭', { form: 'compatibility' })).toBe('ㄷㅏㄺ');
    expect(decomposeToJamo('닭', { form: 'compatibility', splitComplex: true })).toBe('ㄷㅏㄹㄱ');
    expect(decomposeToJamo('ㅋ가', { form: 'compatibility' })).toBe(`${JAMO_ESCAPE}ㅋㄱㅏ`);
    expect(decomposeToJamo('\u1100\u1161')).toBe(`${JAMO_ESCAPE}\u1100${JAMO_ESCAPE}\u1161`);
  });

  it.each(modes)('round-trips any string exactly (%o)', (mode) => {
    fc.assert(
      fc.property(adversarial, (s) => {
        expect(composeJamo(decomposeToJamo(s, mode), mode)).toBe(s);
      }),
      { numRuns: 1000 },
    );
  });

  it('round-trips every syllable next to every kind of neighbour', () => {
    for (const mode of modes) {
      let all = '';
      for (let cp = 0xac00; cp <= 0xd7a3; cp++) all += String.fromCharCode(cp);
      expect(composeJamo(decomposeToJamo(all, mode), mode)).toBe(all);
      const mixed = '값이 갈가 ㄱ가ㅏ 앉아 \ue000\ue000 ㅘ 와아';
      expect(composeJamo(decomposeToJamo(mixed, mode), mode)).toBe(mixed);
    }
  });
});
