/** fast-check generators for the inputs Korean text throws at a tokenizer. */
import fc from 'fast-check';

const pieces = [
  '가', '한', '국', '어', '값', '닭', '읽', '는', '를', 'ㅋ', 'ㅠ', 'ㄳ', 'ㅘ', 'ᄀ', 'ᅡ', 'ᆨ', '\u1100\u1161',
  ' ', '  ', '\t', '\n', '\u3000', '\u00a0', '.', '!', '?', ',', '…', '"', '(', ')', '~',
  'A', 'ELECTRA', 'abc', 'é', 'e\u0301', '0', '1,000', '3.14', '2024',
  '漢', '字', 'テ', 'ス', 'Ａ', '①', '㈜',
  '😀', '👍🏽', '👨‍👩‍👧', '🇰🇷', '❤️', '\u200d',
  '\u0000', '\u0007', '\ufeff', '\ufffd', '\ud800', '\udc00', '\ue000', '\u{10ffff}', '[CLS]', '[SEP]', '<s>',
];

/** Strings built from Korean-heavy pieces, including every troublesome class above. */
export const koreanish = fc.array(fc.constantFrom(...pieces), { maxLength: 40 }).map((a) => a.join(''));

/** Any string of UTF-16 code units, lone surrogates included. */
export const anyString = fc.string({ unit: 'binary', maxLength: 60 });

/** Mix of both. */
export const adversarial = fc.oneof(koreanish, anyString, fc.string({ unit: 'grapheme', maxLength: 40 }));

/** QA passages: long runs of Korean words, dates, Latin, emoji, lone surrogates, brackets and blanks. */
export const qaContext = fc
  .array(fc.constantFrom('회의', '서울', '2024년', 'KTX', '😀', '\ud800', ' ', '가나다', '.', 'abc', '\t', '\n', '한국어', '《', '》'), { minLength: 0, maxLength: 120 })
  .map((a) => a.join(''));
