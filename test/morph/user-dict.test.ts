/** The user-dictionary file format (`parseUserDictionary`, `kornlu pos --user-dict`). */
import { describe, expect, it } from 'vitest';
import { KornluError, parseUserDictionary } from '../../src/index.js';

describe('parseUserDictionary', () => {
  it('reads tags, forced analyses and costs; skips comments and blank lines; takes CRLF and a BOM', () => {
    const text = '\uFEFF# words\r\n여름휴가철\tNNG\r\n\r\n챗봇\tNNG\t1.5\n했다\t하/VV+였/EP+다/EF\t-3\n1/2\t1/2/SN\n';
    expect(parseUserDictionary(text)).toEqual([
      { surface: '여름휴가철', tag: 'NNG' },
      { surface: '챗봇', tag: 'NNG', cost: 1.5 },
      { surface: '했다', analysis: [['하', 'VV'], ['였', 'EP'], ['다', 'EF']], cost: -3 },
      { surface: '1/2', analysis: [['1/2', 'SN']] }, // the last slash separates the tag
    ]);
    expect(parseUserDictionary('')).toEqual([]);
  });

  it('names the line of a malformed entry, and the file when given', () => {
    const cases: Array<[string, RegExp]> = [
      ['ok\tNNG\nbad\n', /line 2: expected surface<TAB>tag/],
      ['a\tb\tc\td\n', /line 1: expected/],
      ['x\tNNG\tabc\n', /line 1: cost "abc" is not a number/],
      ['x\tNNG\t\n', /line 1: cost "" is not a number/],
      ['x\tNNG\tInfinity\n', /line 1: cost/],
      ['했다\t하/VV+/EP\n', /line 1: "\/EP" is not lemma\/TAG/],
      ['했다\t하/\n', /line 1: "하\/" is not lemma\/TAG/],
      ['# c\n가 나\tNNG\n', /line 2: .*whitespace/],
      ['x\tXYZ\n', /line 1: .*unknown tag XYZ/],
      ['\tNNG\n', /line 1: .*non-empty surface/],
    ];
    for (const [text, msg] of cases) {
      let err: unknown;
      try {
        parseUserDictionary(text, 'user.tsv');
      } catch (e) {
        err = e;
      }
      expect(err, text).toBeInstanceOf(KornluError);
      expect((err as KornluError).code).toBe('INVALID_ARGUMENT');
      expect((err as KornluError).path).toBe('user.tsv');
      expect((err as Error).message, text).toMatch(msg);
    }
  });
});
