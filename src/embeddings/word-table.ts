/**
 * Whitespace-separated words looked up straight from a line's characters: an open-addressing hash
 * table over code units, so counting a corpus and mapping it to ids creates no string per token.
 * (A JavaScript Map needs a fresh string per word; on the 5 M-word NSMC corpus that was most of
 * word2vec's vocabulary pass.) Tokens are exactly those of `line.split(/\s+/u)` minus empty ones.
 */
import { fnv1a } from '../hash.js';

/** JavaScript's `\s`: the separators `split(/\s+/u)` uses. */
export function isSpace(c: number): boolean {
  return c <= 32
    ? c === 32 || (c >= 9 && c <= 13)
    : c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** Words stored once (their code units in a pool), each with an integer value. */
class StringTable {
  private slots: Int32Array; // word index + 1 per slot, 0 = empty
  private hashes: Int32Array;
  private pool = new Uint16Array(1 << 16);
  private poolUsed = 0;
  starts = new Int32Array(1 << 12);
  lengths = new Int32Array(1 << 12);
  values = new Float64Array(1 << 12);
  size = 0;

  constructor(capacity = 1 << 12) {
    let cap = 16;
    while (cap < capacity * 2) cap <<= 1;
    this.slots = new Int32Array(cap);
    this.hashes = new Int32Array(cap);
  }

  /** Index of text[start, end) or −1; `hash` from `hashOf`. */
  find(text: string, start: number, end: number, hash: number): number {
    const mask = this.slots.length - 1;
    const len = end - start;
    for (let s = hash & mask; ; s = (s + 1) & mask) {
      const v = this.slots[s]!;
      if (v === 0) return -1;
      if (this.hashes[s] === hash && this.lengths[v - 1] === len && this.same(v - 1, text, start, len)) return v - 1;
    }
  }

  /** Adds text[start, end) (not present) with `value`; returns its index. */
  insert(text: string, start: number, end: number, hash: number, value: number): number {
    if ((this.size + 1) * 2 > this.slots.length) this.rehash();
    const len = end - start;
    const i = this.size++;
    if (i === this.starts.length) {
      this.starts = grow(this.starts);
      this.lengths = grow(this.lengths);
      this.values = grow(this.values);
    }
    while (this.poolUsed + len > this.pool.length) this.pool = grow(this.pool);
    for (let k = 0; k < len; k++) this.pool[this.poolUsed + k] = text.charCodeAt(start + k);
    this.starts[i] = this.poolUsed;
    this.lengths[i] = len;
    this.values[i] = value;
    this.poolUsed += len;
    this.place(i, hash);
    return i;
  }

  word(i: number): string {
    const s = this.starts[i]!;
    let out = '';
    for (let k = 0; k < this.lengths[i]!; k += 4096) out += String.fromCharCode(...this.pool.subarray(s + k, s + Math.min(this.lengths[i]!, k + 4096)));
    return out;
  }

  private same(i: number, text: string, start: number, len: number): boolean {
    const s = this.starts[i]!;
    for (let k = 0; k < len; k++) if (this.pool[s + k] !== text.charCodeAt(start + k)) return false;
    return true;
  }

  private place(i: number, hash: number): void {
    const mask = this.slots.length - 1;
    let s = hash & mask;
    while (this.slots[s] !== 0) s = (s + 1) & mask;
    this.slots[s] = i + 1;
    this.hashes[s] = hash;
  }

  private rehash(): void {
    const oldSlots = this.slots, oldHashes = this.hashes;
    this.slots = new Int32Array(oldSlots.length * 2);
    this.hashes = new Int32Array(oldSlots.length * 2);
    for (let s = 0; s < oldSlots.length; s++) if (oldSlots[s] !== 0) this.place(oldSlots[s]! - 1, oldHashes[s]!);
  }
}

function grow<T extends Int32Array | Float64Array | Uint16Array>(a: T): T {
  const b = new (a.constructor as new (n: number) => T)(a.length * 2);
  b.set(a as never);
  return b;
}

/** FNV-1a over text[start, end), mixed so that linear probing spreads well. */
function hashOf(text: string, start: number, end: number): number {
  let h = fnv1a(text, start, end);
  h ^= h >>> 15;
  return Math.imul(h, 0x2c1b3c6d) ^ (h >>> 12);
}

/** Calls visit(start, end) for each whitespace-separated token of `line`. */
function eachToken(line: string, visit: (start: number, end: number) => void): number {
  let n = 0;
  const len = line.length;
  for (let i = 0; i < len; ) {
    while (i < len && isSpace(line.charCodeAt(i))) i++;
    if (i >= len) break;
    const start = i;
    while (i < len && !isSpace(line.charCodeAt(i))) i++;
    visit(start, i);
    n++;
  }
  return n;
}

/** Counts whitespace-separated words of lines. */
export class WordCounter {
  private readonly t = new StringTable(1 << 16);
  private readonly visit = (start: number, end: number) => {
    const h = hashOf(this.line, start, end);
    const i = this.t.find(this.line, start, end, h);
    if (i >= 0) this.t.values[i]!++;
    else this.t.insert(this.line, start, end, h, 1);
  };
  private line = '';

  /** Counts the tokens of one line; returns how many there were. */
  countLine(line: string): number {
    this.line = line;
    return eachToken(line, this.visit);
  }

  get distinct(): number {
    return this.t.size;
  }

  /** Words counted at least `minCount` times, with their counts (strings made only for these). */
  counts(minCount = 1): Map<string, number> {
    const out = new Map<string, number>();
    for (let i = 0; i < this.t.size; i++) if (this.t.values[i]! >= minCount) out.set(this.t.word(i), this.t.values[i]!);
    return out;
  }
}

/** Maps whitespace-separated tokens of lines to vocabulary ids. */
export class WordIds {
  private readonly t: StringTable;
  private line = '';
  private out: number[] = [];
  private readonly visit = (start: number, end: number) => {
    const i = this.t.find(this.line, start, end, hashOf(this.line, start, end));
    if (i >= 0) this.out.push(this.t.values[i]!);
  };

  constructor(words: readonly string[]) {
    this.t = new StringTable(words.length);
    words.forEach((w, id) => {
      const h = hashOf(w, 0, w.length);
      if (this.t.find(w, 0, w.length, h) < 0) this.t.insert(w, 0, w.length, h, id);
    });
  }

  /** Appends the ids of the line's in-vocabulary tokens to `out`; returns the line's token count. */
  pushIds(line: string, out: number[]): number {
    this.line = line;
    this.out = out;
    return eachToken(line, this.visit);
  }
}
