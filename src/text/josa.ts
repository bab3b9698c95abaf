/**
 * Josa (조사) selection: pick 은/는, 이/가, 을/를, 과/와, (으)로 … to follow a word. Works on Hangul
 * words and on digits and Latin letters read aloud in Korean (3 → 삼 → "3을", "URL" → 엘 → "URL로").
 */
import { finalIndex } from './hangul.js';

/** Pairs are written "after-consonant/after-vowel". */
export type JosaPair =
  | '은/는'
  | '이/가'
  | '을/를'
  | '과/와'
  | '으로/로'
  | '이나/나'
  | '이랑/랑'
  | '이며/며'
  | '아/야'
  | '이에요/예요'
  | '이여/여'
  | '이라/라';

const RIEUL = 8; // final index of ㄹ

/** Korean reading of each digit: does it end in a final consonant, and is that final ㄹ? */
const DIGIT_FINAL: readonly number[] = [
  /*0 영*/ 21, /*1 일*/ RIEUL, /*2 이*/ 0, /*3 삼*/ 16, /*4 사*/ 0, /*5 오*/ 0, /*6 육*/ 1, /*7 칠*/ RIEUL,
  /*8 팔*/ RIEUL, /*9 구*/ 0,
];
/** Readings of trailing zeros: 10 십, 100 백, 1000 천, 10000 만. */
const POWER_FINAL: readonly number[] = [17 /*십 ㅂ*/, 1 /*백 ㄱ*/, 4 /*천 ㄴ*/, 4 /*만 ㄴ*/];
/** English letter names as read in Korean (에이, 비, 씨, 디, 이, 에프, 지, 에이치, 아이, 제이, 케이, 엘, 엠, 엔 …). */
const LETTER_FINAL: Readonly<Record<string, number>> = { l: RIEUL, m: 16, n: 4, r: RIEUL };

/**
 * The final-consonant index (0 = none, 8 = ㄹ) of the last readable character of `word`, or -1
 * when it cannot be read (empty, or ends in a symbol). Trailing closing punctuation is skipped.
 */
export function spokenFinal(word: string): number {
  const trimmed = word.replace(/[\s)\]}"'”’»」』.,!?…~]+$/u, '');
  if (trimmed === '') return -1;
  const last = trimmed.codePointAt(trimmed.length - 1)!;
  const hangul = finalIndex(last);
  if (hangul >= 0) return hangul;
  const digits = /(\d+)$/.exec(trimmed);
  if (digits) {
    const n = digits[1]!;
    const zeros = n.length - n.replace(/0+$/, '').length;
    if (zeros === n.length) return DIGIT_FINAL[0]!;
    if (zeros === 0) return DIGIT_FINAL[Number(n[n.length - 1])]!;
    return POWER_FINAL[Math.min(zeros, 4) - 1] ?? 0;
  }
  const latin = /([A-Za-z]+)$/.exec(trimmed);
  if (latin) {
    const w = latin[1]!;
    // All capitals (acronyms) or one letter: read letter by letter.
    if (w.length === 1 || w === w.toUpperCase()) return LETTER_FINAL[w[w.length - 1]!.toLowerCase()] ?? 0;
    // A word: a common heuristic on its spelling.
    const lower = w.toLowerCase();
    if (/(?:ll|l|le)$/.test(lower) && !/ble$/.test(lower)) return RIEUL;
    if (/(?:m|n|ng)$/.test(lower)) return lower.endsWith('m') ? 16 : lower.endsWith('g') ? 21 : 4;
    if (/(?:[^aeiou][kpt]|ck)$/.test(lower)) return 1;
    return 0;
  }
  return -1;
}

/**
 * The josa that follows `word`: `pickJosa('사과', '을/를') === '를'`. For (으)로, a word ending in ㄹ
 * takes 로 (서울로). When the ending cannot be read, returns the combined form, e.g. `'을(를)'`.
 */
export function pickJosa(word: string, pair: JosaPair): string {
  const slash = pair.indexOf('/');
  const afterConsonant = pair.slice(0, slash);
  const afterVowel = pair.slice(slash + 1);
  const f = spokenFinal(word);
  if (f < 0) return `${afterConsonant}(${afterVowel})`;
  if (pair === '으로/로' && f === RIEUL) return afterVowel;
  return f > 0 ? afterConsonant : afterVowel;
}

/** The word followed by its josa: `josa('서울', '으로/로') === '서울로'`. */
export function josa(word: string, pair: JosaPair): string {
  return word + pickJosa(word, pair);
}
