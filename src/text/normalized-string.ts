/**
 * An alignment-preserving normalized string (the idea of HF tokenizers' `NormalizedString`).
 *
 * Every UTF-16 code unit of `normalized` knows the span `[start, end)` of `original` it came from,
 * so a token found in normalized text maps back to exact offsets in the text the user gave us.
 * Transforms never mutate: each returns a new NormalizedString whose alignment is composed with
 * the previous one, so a pipeline of normalizers still points into the first original.
 *
 * While no transform has changed anything, the alignment is the identity and no arrays are kept.
 */

export class NormalizedString {
  readonly original: string;
  readonly normalized: string;
  /** starts[i], ends[i]: original span of normalized code unit i; null while identity. */
  private readonly starts: Int32Array | null;
  private readonly ends: Int32Array | null;

  private constructor(original: string, normalized: string, starts: Int32Array | null, ends: Int32Array | null) {
    this.original = original;
    this.normalized = normalized;
    this.starts = starts;
    this.ends = ends;
  }

  static from(text: string): NormalizedString {
    return new NormalizedString(text, text, null, null);
  }

  /**
   * A normalized string with explicit alignments: `starts[i]`/`ends[i]` is the original span of
   * normalized code unit `i`. Throws when the arrays do not match the text.
   */
  static fromAlignment(original: string, normalized: string, starts: Int32Array, ends: Int32Array): NormalizedString {
    if (starts.length !== normalized.length || ends.length !== normalized.length) {
      throw new RangeError('alignment arrays must have one entry per normalized code unit');
    }
    return new NormalizedString(original, normalized, starts, ends);
  }

  get length(): number {
    return this.normalized.length;
  }

  /** True while the normalized text is the original, unit for unit. */
  get isIdentity(): boolean {
    return this.starts === null;
  }

  /** Original span of the normalized code unit at `i`. */
  spanAt(i: number): [number, number] {
    if (this.starts === null) return [i, i + 1];
    return [this.starts[i]!, this.ends![i]!];
  }

  /**
   * Maps a normalized range `[start, end)` to the original range it stands for. An empty range maps
   * to an empty range at the original position of `start` (or the end of the text).
   */
  toOriginal(start: number, end: number): [number, number] {
    if (this.starts === null) return [start, end];
    if (end > start) return [this.starts[start]!, this.ends![end - 1]!];
    if (start < this.normalized.length) return [this.starts[start]!, this.starts[start]!];
    const e = this.normalized.length > 0 ? this.ends![this.normalized.length - 1]! : 0;
    return [e, e];
  }

  /**
   * Rebuilds the string from pieces. `build` calls `emit(text, from, to)` for each output piece,
   * where `[from, to)` is the range of *current normalized* code units it stands for (may be empty
   * for a pure insertion at `from`, which then aligns to the unit before it, or after it at the start).
   */
  rebuild(build: (emit: (text: string, from: number, to: number) => void) => void): NormalizedString {
    const b = new AlignmentBuilder(this);
    build((text, from, to) => b.push(text, from, to));
    return b.finish();
  }

  /**
   * Per code point transform: `fn(ch, cp)` returns the replacement (a string, '' to delete) or
   * `undefined` to keep the character. Each output unit aligns to the character it replaces.
   */
  mapChars(fn: (ch: string, cp: number) => string | undefined): NormalizedString {
    const s = this.normalized;
    const pieces: Array<[number, number, string]> = [];
    for (let i = 0; i < s.length; ) {
      const cp = s.codePointAt(i)!;
      const w = cp > 0xffff ? 2 : 1;
      const ch = w === 1 ? s[i]! : s.slice(i, i + 2);
      const r = fn(ch, cp);
      if (r !== undefined && r !== ch) pieces.push([i, i + w, r]);
      i += w;
    }
    return this.replaceRanges(pieces);
  }

  /**
   * Replaces sorted, non-overlapping ranges `[from, to, text]` of the normalized text; the text in
   * between is kept with its alignment, each replacement aligns to the range it replaces.
   */
  replaceRanges(ranges: ReadonlyArray<readonly [number, number, string]>): NormalizedString {
    if (ranges.length === 0) return this;
    const s = this.normalized;
    return this.rebuild((emit) => {
      let at = 0;
      for (const [from, to, r] of ranges) {
        if (from > at) emit(s.slice(at, from), at, from);
        emit(r, from, to);
        at = to;
      }
      if (at < s.length) emit(s.slice(at), at, s.length);
    });
  }

  /** Replaces every match of a global regex; each replacement aligns to the text it replaced. */
  replace(pattern: RegExp, replacement: string | ((match: string) => string)): NormalizedString {
    if (!pattern.global) throw new TypeError('NormalizedString.replace needs a global (g) regex');
    const s = this.normalized;
    pattern.lastIndex = 0;
    const hits: Array<[number, number, string]> = [];
    for (let m = pattern.exec(s); m !== null; m = pattern.exec(s)) {
      if (m[0].length === 0) {
        pattern.lastIndex++;
        continue;
      }
      const r = typeof replacement === 'string' ? replacement : replacement(m[0]);
      if (r !== m[0]) hits.push([m.index, m.index + m[0].length, r]);
    }
    return this.replaceRanges(hits);
  }

  /** Keeps only `[start, end)` of the normalized text (alignments kept). */
  slice(start: number, end: number): NormalizedString {
    if (start === 0 && end === this.normalized.length) return this;
    return this.rebuild((emit) => emit(this.normalized.slice(start, end), start, end));
  }
}

/** Grows alignment arrays while a NormalizedString is rebuilt from pieces. */
class AlignmentBuilder {
  private readonly src: NormalizedString;
  private parts: string[] = [];
  private starts: Int32Array;
  private ends: Int32Array;
  private n = 0;
  private changed = false;

  constructor(src: NormalizedString) {
    this.src = src;
    const cap = Math.max(16, src.length + 8);
    this.starts = new Int32Array(cap);
    this.ends = new Int32Array(cap);
  }

  push(text: string, from: number, to: number): void {
    if (text.length === 0) {
      if (to > from) this.changed = true;
      return;
    }
    this.parts.push(text);
    this.reserve(text.length);
    const src = this.src;
    const same = to - from === text.length && src.normalized.startsWith(text, from);
    if (same && this.n === from) {
      // Unchanged piece at the same position: copy alignments unit for unit.
      for (let k = 0; k < text.length; k++) {
        const [a, b] = src.spanAt(from + k);
        this.starts[this.n] = a;
        this.ends[this.n++] = b;
      }
      return;
    }
    this.changed = true;
    if (same) {
      for (let k = 0; k < text.length; k++) {
        const [a, b] = src.spanAt(from + k);
        this.starts[this.n] = a;
        this.ends[this.n++] = b;
      }
      return;
    }
    let a: number;
    let b: number;
    if (to > from) {
      [a, b] = src.toOriginal(from, to);
    } else if (from > 0) {
      // Insertion: align to the unit before it (HF does the same for padding around CJK).
      [a, b] = src.spanAt(from - 1);
    } else if (src.length > 0) {
      [a, b] = src.spanAt(0);
    } else {
      a = b = 0;
    }
    for (let k = 0; k < text.length; k++) {
      this.starts[this.n] = a;
      this.ends[this.n++] = b;
    }
  }

  private reserve(extra: number): void {
    if (this.n + extra <= this.starts.length) return;
    const cap = Math.max(this.starts.length * 2, this.n + extra);
    const s = new Int32Array(cap);
    const e = new Int32Array(cap);
    s.set(this.starts.subarray(0, this.n));
    e.set(this.ends.subarray(0, this.n));
    this.starts = s;
    this.ends = e;
  }

  finish(): NormalizedString {
    const normalized = this.parts.join('');
    if (!this.changed && normalized === this.src.normalized) return this.src;
    return NormalizedString.fromAlignment(
      this.src.original,
      normalized,
      this.starts.slice(0, this.n),
      this.ends.slice(0, this.n),
    );
  }
}
