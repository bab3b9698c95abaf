/** The result of encoding: ids plus everything needed to map model outputs back to the text. */

export interface Encoding {
  ids: number[];
  tokens: string[];
  /** `[start, end)` UTF-16 offsets into the input the token came from (its sequence's text). */
  offsets: Array<[number, number]>;
  typeIds: number[];
  attentionMask: number[];
  /** 1 for tokens the post-processor added ([CLS], [SEP], …) and padding. */
  specialTokensMask: number[];
  /** 0 for the first sequence, 1 for the pair, null for special tokens and padding. */
  sequenceIds: Array<number | null>;
  /** Index of the pre-tokenized word each token belongs to (per sequence), null for specials. */
  wordIds: Array<number | null>;
  /** Further windows when truncation with `stride` cut the input (MRC doc stride). */
  overflowing: Encoding[];
}

/** A bare sequence before post-processing. */
export interface Sequence {
  ids: number[];
  tokens: string[];
  offsets: Array<[number, number]>;
  wordIds: Array<number | null>;
}

export function emptySequence(): Sequence {
  return { ids: [], tokens: [], offsets: [], wordIds: [] };
}

export function sliceSequence(s: Sequence, a: number, b: number): Sequence {
  return { ids: s.ids.slice(a, b), tokens: s.tokens.slice(a, b), offsets: s.offsets.slice(a, b), wordIds: s.wordIds.slice(a, b) };
}

/**
 * HF's windowing: parts of `size` tokens, each starting `size - stride` after the previous, until
 * one reaches the end. `direction: 'left'` keeps the end of the text in the first part.
 */
export function windows(len: number, size: number, stride: number, direction: 'right' | 'left'): Array<[number, number]> {
  if (len <= size) return [[0, len]];
  const step = size - stride;
  const out: Array<[number, number]> = [];
  if (direction === 'right') {
    for (let start = 0; ; start += step) {
      const stop = Math.min(start + size, len);
      out.push([start, stop]);
      if (stop === len) break;
    }
  } else {
    for (let stop = len; ; stop -= step) {
      const start = Math.max(stop - size, 0);
      out.push([start, stop]);
      if (start === 0) break;
    }
  }
  return out;
}
