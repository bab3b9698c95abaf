import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clozeQuestion, lcg } from '../../scripts/models/cloze.js';

describe('cloze questions (synthetic QA recipe)', () => {
  it('turns a date, a number with its unit or a quoted name into the answer and asks for it', () => {
    const date = clozeQuestion('세종대왕은 1443년에 훈민정음을 창제하였다.', lcg(1));
    // The recipe's question keeps the particle as a word and cuts the ending (what the reader trained on).
    expect(date).toEqual({ question: '세종대왕은 언제 에 훈민정음을 창제하?', answer: '1443년', answerStart: 6 });
    const quoted = clozeQuestion('그는 1987년 소설 《태백산맥》으로 큰 상을 받았다.', () => 0.99);
    expect(quoted?.answer).toBe('태백산맥');
    expect(quoted?.question).toContain('무엇');
    const count = clozeQuestion('이 대회에는 모두 320명의 선수가 참가하였다.', lcg(3));
    expect(count?.answer).toBe('320명');
    expect(count?.question).toMatch(/^.*몇 명.*\?$/);
  });

  it('gives nothing for sentences without a candidate or too short to ask about', () => {
    expect(clozeQuestion('오늘은 날씨가 맑고 바람이 조금 분다.', lcg(1))).toBeNull();
    expect(clozeQuestion('1443년.', lcg(1))).toBeNull();
  });

  it('the answer is always the sentence slice at its offset, and a seed repeats the question (property)', () => {
    const piece = fc.constantFrom('1919년', '3월 1일', '42명', '《토지》', '"한글"', ' ', '서울에서', '사람들이', '12.5%', '모였다', '.', '😀', '\u0000');
    fc.assert(fc.property(fc.array(piece, { maxLength: 12 }), fc.nat(), (parts, seed) => {
      const sent = parts.join(' ');
      const c = clozeQuestion(sent, lcg(seed));
      if (!c) return;
      expect(sent.slice(c.answerStart, c.answerStart + c.answer.length)).toBe(c.answer);
      expect(c.question.endsWith('?')).toBe(true);
      expect(clozeQuestion(sent, lcg(seed))).toEqual(c);
    }));
  });
});
