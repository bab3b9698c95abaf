/**
 * Hangul syllable arithmetic (Unicode §3.12). Pure functions over code points; no tables beyond the
 * jamo lists, so this stays small in a browser bundle.
 */

export const SYLLABLE_BASE = 0xac00;
export const SYLLABLE_LAST = 0xd7a3;
const L_BASE = 0x1100;
const V_BASE = 0x1161;
const T_BASE = 0x11a7; // T index 0 means "no final"
const V_COUNT = 21;
const T_COUNT = 28;
const N_COUNT = V_COUNT * T_COUNT;

/** Compatibility jamo for each initial (choseong) index. */
export const INITIALS = 'ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ';
/** Compatibility jamo for each medial (jungseong) index. */
export const MEDIALS = 'ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ';
/** Compatibility jamo for each final (jongseong) index; index 0 is the empty final. */
export const FINALS = ['', ...'ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ'];

/** Complex (double) jamo and the two simple jamo they are written with. */
export const COMPLEX_JAMO: Readonly<Record<string, string>> = {
  ㄳ: 'ㄱㅅ', ㄵ: 'ㄴㅈ', ㄶ: 'ㄴㅎ', ㄺ: 'ㄹㄱ', ㄻ: 'ㄹㅁ', ㄼ: 'ㄹㅂ', ㄽ: 'ㄹㅅ', ㄾ: 'ㄹㅌ', ㄿ: 'ㄹㅍ',
  ㅀ: 'ㄹㅎ', ㅄ: 'ㅂㅅ', ㅘ: 'ㅗㅏ', ㅙ: 'ㅗㅐ', ㅚ: 'ㅗㅣ', ㅝ: 'ㅜㅓ', ㅞ: 'ㅜㅔ', ㅟ: 'ㅜㅣ', ㅢ: 'ㅡㅣ',
};
const COMPLEX_BY_PAIR: ReadonlyMap<string, string> = new Map(
  Object.entries(COMPLEX_JAMO).map(([whole, pair]) => [pair, whole]),
);

export interface SyllableParts {
  /** Initial index 0..18 */
  initial: number;
  /** Medial index 0..20 */
  medial: number;
  /** Final index 0..27 (0 = none) */
  final: number;
}

export function isHangulSyllable(cp: number): boolean {
  return cp >= SYLLABLE_BASE && cp <= SYLLABLE_LAST;
}

/** Conjoining jamo (U+1100 block and the extended A/B blocks). */
export function isConjoiningJamo(cp: number): boolean {
  return (cp >= 0x1100 && cp <= 0x11ff) || (cp >= 0xa960 && cp <= 0xa97f) || (cp >= 0xd7b0 && cp <= 0xd7ff);
}

/** Hangul compatibility jamo (U+3131..U+318E). */
export function isCompatibilityJamo(cp: number): boolean {
  return cp >= 0x3131 && cp <= 0x318e;
}

export function splitSyllable(cp: number): SyllableParts {
  const s = cp - SYLLABLE_BASE;
  return { initial: Math.floor(s / N_COUNT), medial: Math.floor((s % N_COUNT) / T_COUNT), final: s % T_COUNT };
}

export function joinSyllable(initial: number, medial: number, final = 0): number {
  return SYLLABLE_BASE + (initial * V_COUNT + medial) * T_COUNT + final;
}

/** The final index of a Hangul syllable code point, or -1 when it is not a syllable. */
export function finalIndex(cp: number): number {
  return isHangulSyllable(cp) ? (cp - SYLLABLE_BASE) % T_COUNT : -1;
}

/** Whether a string's last character is a Hangul syllable with a final consonant (받침). */
export function hasFinalConsonant(word: string): boolean {
  const cp = word.codePointAt(word.length - 1) ?? 0;
  return finalIndex(cp) > 0;
}

export function conjoiningInitial(i: number): string {
  return String.fromCharCode(L_BASE + i);
}
export function conjoiningMedial(i: number): string {
  return String.fromCharCode(V_BASE + i);
}
export function conjoiningFinal(i: number): string {
  return i === 0 ? '' : String.fromCharCode(T_BASE + i);
}

export interface DisassembleOptions {
  /** `compatibility` (ㄱ, default: what people type) or `conjoining` (ᄀ, what Unicode NFD gives). */
  form?: 'compatibility' | 'conjoining';
  /** Write complex jamo as their two parts (ㄳ → ㄱㅅ, ㅘ → ㅗㅏ). Compatibility form only. */
  splitComplex?: boolean;
}

/**
 * Writes every Hangul syllable as its jamo; everything else passes through. Like es-hangul's
 * `disassemble`, but not reversible on its own: use `decomposeToJamo` in `jamo.ts` for that.
 */
export function disassemble(text: string, options: DisassembleOptions = {}): string {
  const conjoining = options.form === 'conjoining';
  const split = !conjoining && options.splitComplex === true;
  const table = jamoTable(conjoining, split);
  let out = '';
  let runStart = 0;
  for (let i = 0; i < text.length; i++) {
    const cp = text.charCodeAt(i);
    if (cp < SYLLABLE_BASE || cp > SYLLABLE_LAST) {
      if (split && cp >= 0x3131 && cp <= 0x3163 && COMPLEX_JAMO[text[i]!] !== undefined) {
        out += text.slice(runStart, i) + COMPLEX_JAMO[text[i]!];
        runStart = i + 1;
      }
      continue;
    }
    out += text.slice(runStart, i) + table[cp - SYLLABLE_BASE];
    runStart = i + 1;
  }
  return runStart === 0 ? text : out + text.slice(runStart);
}

// The jamo string of each of the 11,172 syllables, built once per mode on first use: a table read
// is several times faster than the arithmetic and string building per syllable.
const tables: Array<string[] | undefined> = [];
function jamoTable(conjoining: boolean, split: boolean): string[] {
  const k = conjoining ? 2 : split ? 1 : 0;
  let t = tables[k];
  if (t === undefined) {
    t = new Array<string>(SYLLABLE_LAST - SYLLABLE_BASE + 1);
    for (let cp = SYLLABLE_BASE; cp <= SYLLABLE_LAST; cp++) t[cp - SYLLABLE_BASE] = syllableJamo(cp, conjoining, split);
    tables[k] = t;
  }
  return t;
}

/** Jamo of one syllable code point as a string. */
export function syllableJamo(cp: number, conjoining: boolean, splitComplex = false): string {
  const s = cp - SYLLABLE_BASE;
  const l = (s / N_COUNT) | 0;
  const v = ((s % N_COUNT) / T_COUNT) | 0;
  const t = s % T_COUNT;
  if (conjoining) return String.fromCharCode(L_BASE + l, V_BASE + v) + (t ? String.fromCharCode(T_BASE + t) : '');
  const m = MEDIALS[v]!;
  const f = FINALS[t]!;
  if (!splitComplex) return INITIALS[l]! + m + f;
  return INITIALS[l]! + (COMPLEX_JAMO[m] ?? m) + (COMPLEX_JAMO[f] ?? f);
}

const INITIAL_INDEX = new Map([...INITIALS].map((c, i) => [c, i]));
const MEDIAL_INDEX = new Map([...MEDIALS].map((c, i) => [c, i]));
const FINAL_INDEX = new Map(FINALS.map((c, i) => [c, i]));

/**
 * Assembles compatibility jamo into syllables the way a Korean keyboard does (가 + ㅂ + ㅅ → 값,
 * ㅗ + ㅏ → ㅘ, and a final moves to the next syllable before a vowel: 갑 + ㅏ → 가바). Characters that
 * are not compatibility jamo pass through.
 */
export function assemble(jamo: string): string {
  const out: string[] = [];
  const chars = [...jamo];
  let i = 0;
  while (i < chars.length) {
    const c = chars[i]!;
    const l = INITIAL_INDEX.get(c);
    const v0 = i + 1 < chars.length ? MEDIAL_INDEX.get(chars[i + 1]!) : undefined;
    if (l === undefined || v0 === undefined) {
      // A lone vowel pair still merges (ㅗㅏ → ㅘ); anything else passes through.
      const pair = COMPLEX_BY_PAIR.get(c + (chars[i + 1] ?? ''));
      if (pair !== undefined && MEDIAL_INDEX.has(c)) {
        out.push(pair);
        i += 2;
      } else {
        out.push(c);
        i += 1;
      }
      continue;
    }
    let j = i + 2;
    let v = v0;
    const vv = j < chars.length ? COMPLEX_BY_PAIR.get(MEDIALS[v]! + chars[j]!) : undefined;
    if (vv !== undefined && MEDIAL_INDEX.has(vv)) {
      v = MEDIAL_INDEX.get(vv)!;
      j += 1;
    }
    // Final: up to two consonants, but never one that begins the next syllable (followed by a vowel).
    const startsSyllable = (k: number) => k + 1 < chars.length && MEDIAL_INDEX.has(chars[k + 1]!);
    let t = 0;
    if (j < chars.length && FINAL_INDEX.has(chars[j]!) && !startsSyllable(j)) {
      t = FINAL_INDEX.get(chars[j]!)!;
      j += 1;
      const both = j < chars.length ? COMPLEX_BY_PAIR.get(FINALS[t]! + chars[j]!) : undefined;
      if (both !== undefined && FINAL_INDEX.has(both) && !startsSyllable(j)) {
        t = FINAL_INDEX.get(both)!;
        j += 1;
      }
    }
    out.push(String.fromCharCode(joinSyllable(l, v, t)));
    i = j;
  }
  return out.join('');
}

/**
 * Initial consonants (초성) of every Hangul syllable: `getChoseong('대한민국') === 'ㄷㅎㅁㄱ'`.
 * Whitespace is kept (so 초성 search can match word by word); other characters are dropped unless
 * `keepOther` is set.
 */
export function getChoseong(text: string, options: { keepOther?: boolean } = {}): string {
  let out = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (isHangulSyllable(cp)) out += INITIALS[((cp - SYLLABLE_BASE) / N_COUNT) | 0];
    else if (options.keepOther || /\s/.test(ch)) out += ch;
  }
  return out;
}
