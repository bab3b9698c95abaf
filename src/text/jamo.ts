/**
 * Reversible jamo decomposition: `composeJamo(decomposeToJamo(s)) === s` for every string s,
 * including strings that already contain jamo, lone surrogates or the escape character.
 *
 * Why an escape: 가 (one syllable) and ᄀ+ᅡ (two conjoining jamo) are canonically equivalent, so no
 * plain jamo string can tell them apart. Jamo that were literally in the input are written with
 * `JAMO_ESCAPE` in front; jamo that came out of a syllable are written bare.
 */
import {
  COMPLEX_JAMO,
  FINALS,
  INITIALS,
  MEDIALS,
  SYLLABLE_BASE,
  isCompatibilityJamo,
  isConjoiningJamo,
  isHangulSyllable,
  joinSyllable,
} from './hangul.js';

/** U+E000 (private use): marks a jamo that was in the input as written, not part of a syllable. */
export const JAMO_ESCAPE = '\ue000';
const ESC = 0xe000;

export interface JamoOptions {
  /** `conjoining` (ᄒ ᅡ ᆫ, default) or `compatibility` (ㅎ ㅏ ㄴ). */
  form?: 'conjoining' | 'compatibility';
  /** Compatibility form only: write complex jamo as two (ㄳ → ㄱ ㅅ, ㅘ → ㅗ ㅏ). */
  splitComplex?: boolean;
}

export type JamoRole = 'initial' | 'medial' | 'final' | 'other';

/** One jamo (or one non-Hangul character) with the UTF-16 span of the input it came from. */
export interface JamoPiece {
  jamo: string;
  role: JamoRole;
  start: number;
  end: number;
}

/**
 * Calls `visit` for each jamo of `text` in order. Each syllable yields 2–5 pieces sharing the
 * syllable's span; every other code point yields one piece (escaped when it is a literal jamo).
 */
export function forEachJamo(text: string, options: JamoOptions, visit: (p: JamoPiece) => void): void {
  const compat = options.form === 'compatibility';
  const split = compat && options.splitComplex === true;
  for (let i = 0; i < text.length; ) {
    const cp = text.codePointAt(i)!;
    const w = cp > 0xffff ? 2 : 1;
    const end = i + w;
    if (isHangulSyllable(cp)) {
      const s = cp - SYLLABLE_BASE;
      const l = (s / 588) | 0;
      const v = ((s % 588) / 28) | 0;
      const t = s % 28;
      if (compat) {
        visit({ jamo: INITIALS[l]!, role: 'initial', start: i, end });
        emitParts(MEDIALS[v]!, 'medial', split, i, end, visit);
        if (t) emitParts(FINALS[t]!, 'final', split, i, end, visit);
      } else {
        visit({ jamo: String.fromCharCode(0x1100 + l), role: 'initial', start: i, end });
        visit({ jamo: String.fromCharCode(0x1161 + v), role: 'medial', start: i, end });
        if (t) visit({ jamo: String.fromCharCode(0x11a7 + t), role: 'final', start: i, end });
      }
    } else {
      const ch = text.slice(i, end);
      const literal = cp === ESC || (compat ? isCompatibilityJamo(cp) : isConjoiningJamo(cp));
      visit({ jamo: literal ? JAMO_ESCAPE + ch : ch, role: 'other', start: i, end });
    }
    i = end;
  }
}

function emitParts(
  jamo: string,
  role: JamoRole,
  split: boolean,
  start: number,
  end: number,
  visit: (p: JamoPiece) => void,
): void {
  const parts = split ? COMPLEX_JAMO[jamo] : undefined;
  if (parts === undefined) {
    visit({ jamo, role, start, end });
    return;
  }
  visit({ jamo: parts[0]!, role, start, end });
  visit({ jamo: parts[1]!, role, start, end });
}

/** The jamo string of `text`; reversible with `composeJamo` under the same options. */
export function decomposeToJamo(text: string, options: JamoOptions = {}): string {
  let out = '';
  forEachJamo(text, options, (p) => {
    out += p.jamo;
  });
  return out;
}

const INITIAL = new Map([...INITIALS].map((c, i) => [c, i]));
const MEDIAL = new Map([...MEDIALS].map((c, i) => [c, i]));
const FINAL = new Map(FINALS.map((c, i) => [c, i]));
const PAIR = new Map(Object.entries(COMPLEX_JAMO).map(([whole, pair]) => [pair, whole]));

/** Inverse of `decomposeToJamo` (same options). */
export function composeJamo(jamo: string, options: JamoOptions = {}): string {
  return options.form === 'compatibility' ? composeCompat(jamo) : composeConjoining(jamo);
}

function composeConjoining(s: string): string {
  let out = '';
  let run = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === ESC) {
      out += s.slice(run, i);
      const cp = s.codePointAt(i + 1);
      const w = cp === undefined ? 0 : cp > 0xffff ? 2 : 1;
      out += s.slice(i + 1, i + 1 + w);
      i += w;
      run = i + 1;
    } else if (c >= 0x1100 && c <= 0x1112) {
      const v = s.charCodeAt(i + 1) - 0x1161;
      if (v < 0 || v > 20) continue;
      const t = s.charCodeAt(i + 2) - 0x11a7;
      const hasT = t >= 1 && t <= 27;
      out += s.slice(run, i) + String.fromCharCode(joinSyllable(c - 0x1100, v, hasT ? t : 0));
      i += hasT ? 2 : 1;
      run = i + 1;
    }
  }
  return out + s.slice(run);
}

function composeCompat(s: string): string {
  const out: string[] = [];
  const medialAt = (k: number) => (k < s.length ? MEDIAL.get(s[k]!) : undefined);
  for (let i = 0; i < s.length; ) {
    const c = s[i]!;
    if (c === JAMO_ESCAPE) {
      const cp = s.codePointAt(i + 1);
      const w = cp === undefined ? 0 : cp > 0xffff ? 2 : 1;
      out.push(s.slice(i + 1, i + 1 + w));
      i += 1 + w;
      continue;
    }
    const l = INITIAL.get(c);
    let v = l === undefined ? undefined : medialAt(i + 1);
    if (l === undefined || v === undefined) {
      const cp = s.codePointAt(i)!;
      const w = cp > 0xffff ? 2 : 1;
      out.push(s.slice(i, i + w));
      i += w;
      continue;
    }
    let j = i + 2;
    const vv = j < s.length ? PAIR.get(MEDIALS[v]! + s[j]!) : undefined;
    if (vv !== undefined && MEDIAL.has(vv)) {
      v = MEDIAL.get(vv)!;
      j++;
    }
    let t = 0;
    const f1 = j < s.length ? FINAL.get(s[j]!) : undefined;
    if (f1 && medialAt(j + 1) === undefined) {
      t = f1;
      j++;
      const ff = j < s.length ? PAIR.get(FINALS[t]! + s[j]!) : undefined;
      if (ff !== undefined && FINAL.has(ff) && medialAt(j + 1) === undefined) {
        t = FINAL.get(ff)!;
        j++;
      }
    }
    out.push(String.fromCharCode(joinSyllable(l, v, t)));
    i = j;
  }
  return out.join('');
}
