import { describe, expect, it } from 'vitest';
import { compareSpacing, spaceBoundaries, spacingScores } from '../../src/evaluate/spacing.js';

describe('spacing metrics', () => {
  it('boundaries are "a space follows this character", by code point, none after the last', () => {
    expect(spaceBoundaries('아버지가 방에\n들어가신다 😀')).toEqual({
      chars: [...'아버지가방에들어가신다😀'],
      boundaries: [false, false, false, true, false, true, false, false, false, false, true, false],
    });
    expect(spaceBoundaries('  ')).toEqual({ chars: [], boundaries: [] });
  });

  it('counts boundary hits, misses and false alarms, and whole words', () => {
    // gold: 아버지가|방에|들어가신다   predicted: 아버지|가방에|들어가신다
    const c = compareSpacing('아버지가 방에 들어가신다', '아버지 가방에 들어가신다');
    expect(c).toEqual({ truePositives: 1, falsePositives: 1, falseNegatives: 1, wordsCorrect: 1, goldWords: 3, predictedWords: 3 });
    const s = spacingScores(c);
    expect(s.f1).toBeCloseTo(0.5, 12);
    expect(s.wordF1).toBeCloseTo(1 / 3, 12);
    expect(spacingScores(compareSpacing('가 나', '가 나')).f1).toBe(1);
  });

  it('refuses predictions whose characters differ from the gold text', () => {
    expect(() => compareSpacing('아버지가 방에', '아버지 가 방')).toThrow(/more than whitespace/);
  });
});
