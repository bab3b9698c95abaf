import { describe, expect, it } from 'vitest';
import { josa, pickJosa } from '../../src/text/index.js';

describe('josa', () => {
  it.each([
    ['사과', '을/를', '사과를'],
    ['책', '을/를', '책을'],
    ['나무', '이/가', '나무가'],
    ['사람', '이/가', '사람이'],
    ['휴가', '은/는', '휴가는'],
    ['물', '은/는', '물은'],
    ['친구', '과/와', '친구와'],
    ['동생', '과/와', '동생과'],
    ['서울', '으로/로', '서울로'],
    ['부산', '으로/로', '부산으로'],
    ['학교', '으로/로', '학교로'],
    ['3', '을/를', '3을'],
    ['2', '이/가', '2가'],
    ['10', '은/는', '10은'],
    ['100', '이/가', '100이'],
    ['7', '으로/로', '7로'],
    ['BTS', '을/를', 'BTS를'],
    ['URL', '으로/로', 'URL로'],
    ['(주)한국', '이/가', '(주)한국이'],
    ['"영화"', '은/는', '"영화"는'],
  ] as const)('%s + %s → %s', (word, pair, expected) => {
    expect(josa(word, pair)).toBe(expected);
  });

  it('returns the combined form when the ending cannot be read', () => {
    expect(pickJosa('', '을/를')).toBe('을(를)');
    expect(pickJosa('★', '이/가')).toBe('이(가)');
  });
});
