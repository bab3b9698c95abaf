/** GPT-2's byte ↔ printable character table, shared by the ByteLevel pre-tokenizer and decoder. */

let byteToChar: string[] | null = null;
let charToByte: Map<string, number> | null = null;

/** 256 printable characters standing for the bytes 0..255. */
export function bytesToUnicode(): string[] {
  if (byteToChar !== null) return byteToChar;
  const bs: number[] = [];
  for (let b = 0x21; b <= 0x7e; b++) bs.push(b);
  for (let b = 0xa1; b <= 0xac; b++) bs.push(b);
  for (let b = 0xae; b <= 0xff; b++) bs.push(b);
  const cs = [...bs];
  let n = 0;
  for (let b = 0; b < 256; b++) {
    if (!bs.includes(b)) {
      bs.push(b);
      cs.push(256 + n++);
    }
  }
  const table = new Array<string>(256);
  bs.forEach((b, i) => (table[b] = String.fromCharCode(cs[i]!)));
  byteToChar = table;
  return table;
}

export function unicodeToBytes(): Map<string, number> {
  if (charToByte === null) charToByte = new Map(bytesToUnicode().map((c, b) => [c, b]));
  return charToByte;
}

const encoder = new TextEncoder();

/** UTF-8 bytes of a code point written as byte characters (lone surrogates encode as U+FFFD). */
export function byteChars(ch: string): string {
  const t = bytesToUnicode();
  let out = '';
  for (const b of encoder.encode(ch)) out += t[b];
  return out;
}
