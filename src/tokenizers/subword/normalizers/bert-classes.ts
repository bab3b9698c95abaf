/**
 * BERT's character classes, shared by BertNormalizer and BertPreTokenizer, exactly as HF tokenizers
 * sees them. Unicode regexes give the class for almost every code point; the few hundred where HF's
 * older Unicode tables disagree come from a table generated against the native library.
 */
import { BERT_EXCEPTIONS } from './bert-unicode.js';

export type BertClass = 'keep' | 'drop' | 'space' | 'punct' | 'cjk';

// "Other" as the Rust unicode_categories crate sees it: Cc Cf Cs Co, but not unassigned (Cn).
const OTHER = /^[\p{Cc}\p{Cf}\p{Cs}\p{Co}]$/u;
const WHITE = /^\p{White_Space}$/u;
const PUNCT = /^\p{P}$/u;

export function isChineseChar(cp: number): boolean {
  return (
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x20000 && cp <= 0x2a6df) ||
    (cp >= 0x2a700 && cp <= 0x2b73f) ||
    (cp >= 0x2b740 && cp <= 0x2b81f) ||
    (cp >= 0x2b920 && cp <= 0x2ceaf) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0x2f800 && cp <= 0x2fa1f)
  );
}

/** The class from this engine's Unicode data alone (what the generator compares against). */
export function regexClass(cp: number): BertClass {
  if (cp === 9 || cp === 10 || cp === 13) return 'space';
  if (cp === 0 || cp === 0xfffd) return 'drop';
  const ch = String.fromCodePoint(cp);
  if (OTHER.test(ch)) return 'drop';
  if (WHITE.test(ch)) return 'space';
  if (isChineseChar(cp)) return 'cjk';
  if ((cp >= 33 && cp <= 47) || (cp >= 58 && cp <= 64) || (cp >= 91 && cp <= 96) || (cp >= 123 && cp <= 126) || PUNCT.test(ch)) return 'punct';
  return 'keep';
}

const CLASSES: readonly BertClass[] = ['keep', 'drop', 'space', 'punct', 'cjk'];
const bmp = new Uint8Array(0x10000); // 0 = not computed, else index + 1
const astral = new Map<number, BertClass>();

function exception(cp: number): BertClass | undefined {
  let lo = 0;
  let hi = BERT_EXCEPTIONS.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [a, b, c] = BERT_EXCEPTIONS[mid]!;
    if (cp < a) hi = mid - 1;
    else if (cp > b) lo = mid + 1;
    else return c;
  }
  return undefined;
}

/** HF's class of a code point (lone surrogates: 'drop', as the native side sees U+FFFD). */
export function bertClass(cp: number): BertClass {
  if (cp < 0x10000) {
    const k = bmp[cp]!;
    if (k !== 0) return CLASSES[k - 1]!;
  } else {
    const c = astral.get(cp);
    if (c !== undefined) return c;
  }
  const c = cp >= 0xd800 && cp <= 0xdfff ? 'drop' : (exception(cp) ?? regexClass(cp));
  if (cp < 0x10000) bmp[cp] = CLASSES.indexOf(c) + 1;
  else if (astral.size < 8192) astral.set(cp, c);
  return c;
}
