/**
 * Offsets in kornlu are JavaScript string indices (UTF-16 code units). Datasets made in Python
 * (KorQuAD among them) count Unicode code points; these helpers convert between the two.
 */
import { invalidArgument } from '../errors.js';

/** Converts a UTF-16 offset to a code point offset. An offset inside a surrogate pair is rounded up. */
export function utf16ToCodePoint(text: string, offset: number): number {
  checkOffset(text.length, offset);
  let cps = 0;
  for (let i = 0; i < offset; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    cps++;
  }
  return cps;
}

/** Converts a code point offset to a UTF-16 offset. */
export function codePointToUtf16(text: string, cpOffset: number): number {
  let i = 0;
  let cps = 0;
  while (cps < cpOffset) {
    if (i >= text.length) throw invalidArgument(`code point offset ${cpOffset} is past the end of the text`);
    const c = text.charCodeAt(i);
    i += c >= 0xd800 && c <= 0xdbff && isLow(text.charCodeAt(i + 1)) ? 2 : 1;
    cps++;
  }
  return i;
}

/**
 * Converts many offsets against one text in O(1) each after one O(n) pass. When the text has no
 * surrogate pairs both directions are the identity and no table is built.
 */
export class OffsetConverter {
  readonly text: string;
  /** utf16 index of each code point index (length = code points + 1); null when identity. */
  private readonly cpToU16: Int32Array | null;
  private readonly u16ToCp: Int32Array | null;

  constructor(text: string) {
    this.text = text;
    if (!/[\ud800-\udbff][\udc00-\udfff]/.test(text)) {
      this.cpToU16 = null;
      this.u16ToCp = null;
      return;
    }
    const cpToU16: number[] = [];
    const u16ToCp = new Int32Array(text.length + 1);
    let cp = 0;
    for (let i = 0; i < text.length; ) {
      cpToU16.push(i);
      const pair = text.charCodeAt(i) >= 0xd800 && text.charCodeAt(i) <= 0xdbff && isLow(text.charCodeAt(i + 1));
      u16ToCp[i] = cp;
      if (pair) u16ToCp[i + 1] = cp + 1; // inside a pair rounds up
      i += pair ? 2 : 1;
      cp++;
    }
    cpToU16.push(text.length);
    u16ToCp[text.length] = cp;
    this.cpToU16 = Int32Array.from(cpToU16);
    this.u16ToCp = u16ToCp;
  }

  /** Number of code points in the text. */
  get codePointLength(): number {
    return this.cpToU16 === null ? this.text.length : this.cpToU16.length - 1;
  }

  toCodePoint(utf16Offset: number): number {
    checkOffset(this.text.length, utf16Offset);
    return this.u16ToCp === null ? utf16Offset : this.u16ToCp[utf16Offset]!;
  }

  toUtf16(cpOffset: number): number {
    checkOffset(this.codePointLength, cpOffset, 'code point offset');
    return this.cpToU16 === null ? cpOffset : this.cpToU16[cpOffset]!;
  }
}

function isLow(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

function checkOffset(length: number, offset: number, what = 'offset'): void {
  if (!Number.isInteger(offset) || offset < 0 || offset > length) {
    throw invalidArgument(`${what} ${offset} is outside 0..${length}`);
  }
}
