import { describe, expect, it } from 'vitest';
import { bleu, bleuTokens, chrF } from '../../src/evaluate/generation.js';

describe('BLEU', () => {
  it('matches NLTK corpus_bleu on the same tokens (multi-reference, brevity, clipping)', () => {
    const hyps = ['오늘은 날씨가 정말 좋아서 산책하기 좋네요.', '맛있는 거 먹으러 같이 가요!', '그 사람 생각이 자꾸 나는군요, 힘내세요.'];
    const refs = [['오늘은 날씨가 정말 좋아서 기분이 좋네요.', '오늘 날씨가 정말 좋아요.'], ['맛있는 거 먹으러 가요!'], ['그 사람 생각이 자꾸 나는군요. 힘내세요.']];
    // nltk.translate.bleu_score.corpus_bleu (NLTK 3.8, Debian python3-nltk) × 100 on these texts.
    expect(bleu(hyps, refs).score).toBeCloseTo(48.8923022434901, 9);
  });

  it('is 100 for identical text, 0 without a 4-gram in common, and penalizes short output', () => {
    expect(bleu(['하나 둘 셋 넷 다섯'], [['하나 둘 셋 넷 다섯']]).score).toBeCloseTo(100, 10);
    expect(bleu(['하나 둘 셋'], [['넷 다섯 여섯']]).score).toBe(0);
    const short = bleu(['하나 둘 셋 넷'], [['하나 둘 셋 넷 다섯 여섯']]);
    expect(short.brevityPenalty).toBeCloseTo(Math.exp(1 - 6 / 4), 12);
    expect(bleuTokens('좋아요, 정말!')).toEqual(['좋아요', ',', '정말', '!']);
  });

  it('rejects mismatched corpora', () => {
    expect(() => bleu(['a'], [])).toThrow(RangeError);
    expect(() => chrF(['a'], [[]])).toThrow(RangeError);
  });
});

describe('chrF', () => {
  it('is 100 for identical text (whitespace ignored) and 0 for disjoint text', () => {
    expect(chrF(['맛있는 거 드세요'], [['맛있는거드세요']]).score).toBeCloseTo(100, 10);
    expect(chrF(['가나다'], [['라마바']]).score).toBeCloseTo(0, 10);
  });

  it('averages the F-score of each n-gram order both sides have (by hand: abc vs abd)', () => {
    // n=1: 2/3, n=2: 1/2, n=3: 0; orders 4–6 absent → (2/3 + 1/2 + 0) / 3.
    expect(chrF(['abc'], [['abd']]).score).toBeCloseTo((100 * (2 / 3 + 1 / 2)) / 3, 10);
  });

  it('takes the best reference per sentence', () => {
    expect(chrF(['좋은 하루'], [['나쁜 밤', '좋은 하루']]).score).toBeCloseTo(100, 10);
  });
});
