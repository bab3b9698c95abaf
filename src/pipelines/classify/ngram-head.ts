/**
 * A lexical companion for text classifiers: hashed character and word n-grams, TF-IDF weighted,
 * scored by a linear (logistic-regression) model. The pipeline sums its log-probabilities and the
 * encoder's, with weights fit on validation data: the small encoder and a bag of n-grams make
 * different mistakes (rare spellings, emoticons, slang the 16k vocabulary cuts into pieces), and
 * together they beat either alone (models/ko-sentiment, models/ko-intent).
 *
 * Features, per text (NFC, lower-cased, split at whitespace):
 *   - character 1…4-grams of each word padded with a space on both sides (" 좋아요 "), code points;
 *   - word 1- and 2-grams.
 * Each n-gram is hashed (FNV-1a over its code points) into its block's buckets; a bucket's value is
 * (1 + ln count) · idf, and each block is scaled to unit length. `scripts/models/ngram-features.ts`
 * writes the same counts for the trainer (`train_ngram_head.py`), so training and serving share
 * this one definition.
 *
 * File (`ngram_head.bin`): "KNGH", u32 version 1, u32 header length, UTF-8 JSON header
 * ({@link NgramHeadHeader}), then idf as u8 [buckets] and weights as i8 [rows × buckets], each
 * dequantized linearly (`min + q · scale`, `q · rowScale`).
 */
import { KornluError } from '../../errors.js';
import { logSoftmax } from '../tensors.js';

export interface NgramHeadHeader {
  kind: 'kornlu-ngram-head';
  charNgrams: [number, number];
  wordNgrams: [number, number];
  charBuckets: number;
  wordBuckets: number;
  /** Classes scored; a binary model may store one row (the second class's logit, the first's is 0). */
  classes: number;
  rows: number;
  idfMin: number;
  idfScale: number;
  weightScale: number[];
  bias: number[];
}

/** Bucket → count of one text's n-grams: char block [0, charBuckets), word block after it. */
export function ngramCounts(text: string, spec: Pick<NgramHeadHeader, 'charNgrams' | 'wordNgrams' | 'charBuckets' | 'wordBuckets'>): Map<number, number> {
  const counts = new Map<number, number>();
  const add = (b: number) => counts.set(b, (counts.get(b) ?? 0) + 1);
  const words = text.normalize('NFC').toLowerCase().split(/\s+/).filter((w) => w !== '');
  const [c0, c1] = spec.charNgrams;
  const cMask = spec.charBuckets - 1;
  const cps: number[] = [];
  for (const w of words) {
    cps.length = 0;
    cps.push(0x20);
    for (const ch of w) cps.push(ch.codePointAt(0)!);
    cps.push(0x20);
    for (let i = 0; i < cps.length; i++) {
      let h = 0x811c9dc5;
      for (let n = 1; n <= c1 && i + n <= cps.length; n++) {
        h = Math.imul(h ^ cps[i + n - 1]!, 0x01000193);
        if (n >= c0) add((h >>> 0) & cMask);
      }
    }
  }
  const [w0, w1] = spec.wordNgrams;
  const wMask = spec.wordBuckets - 1;
  for (let i = 0; i < words.length; i++) {
    let h = 0x811c9dc5;
    for (let n = 1; n <= w1 && i + n <= words.length; n++) {
      if (n > 1) h = Math.imul(h ^ 0x20, 0x01000193);
      for (const ch of words[i + n - 1]!) h = Math.imul(h ^ ch.codePointAt(0)!, 0x01000193);
      if (n >= w0) add(spec.charBuckets + ((h >>> 0) & wMask));
    }
  }
  return counts;
}

const MAGIC = 0x48474e4b; // "KNGH" little-endian

export class NgramHead {
  private constructor(
    readonly header: NgramHeadHeader,
    private readonly idf: Uint8Array,
    private readonly weights: Int8Array,
  ) {}

  /** Parses `ngram_head.bin`; anything malformed is `INVALID_MODEL_FILE` naming `path`. */
  static fromBytes(bytes: Uint8Array, path?: string): NgramHead {
    const bad = (why: string) => new KornluError('INVALID_MODEL_FILE', `n-gram head: ${why}`, path === undefined ? undefined : { path });
    if (bytes.byteLength < 12) throw bad('file too short');
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (view.getUint32(0, true) !== MAGIC) throw bad('not a kornlu n-gram head (bad magic)');
    if (view.getUint32(4, true) !== 1) throw bad(`unsupported version ${view.getUint32(4, true)}`);
    const len = view.getUint32(8, true);
    if (12 + len > bytes.byteLength) throw bad('header runs past the end of the file');
    let h: NgramHeadHeader;
    try {
      h = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(12, 12 + len))) as NgramHeadHeader;
    } catch {
      throw bad('header is not JSON');
    }
    const pow2 = (n: unknown) => Number.isInteger(n) && (n as number) > 0 && (n as number) <= 1 << 24 && ((n as number) & ((n as number) - 1)) === 0;
    const range = (r: unknown) => Array.isArray(r) && r.length === 2 && r.every((x) => Number.isInteger(x)) && r[0] >= 1 && r[0] <= r[1] && r[1] <= 8;
    const finite = (a: unknown, n: number) => Array.isArray(a) && a.length === n && a.every((x) => Number.isFinite(x));
    const ok =
      h !== null && typeof h === 'object' && h.kind === 'kornlu-ngram-head' &&
      range(h.charNgrams) && range(h.wordNgrams) && pow2(h.charBuckets) && pow2(h.wordBuckets) &&
      Number.isInteger(h.classes) && h.classes >= 2 && (h.rows === h.classes || (h.rows === 1 && h.classes === 2)) &&
      Number.isFinite(h.idfMin) && Number.isFinite(h.idfScale) && finite(h.weightScale, h.rows) && finite(h.bias, h.rows);
    if (!ok) throw bad('header fields missing or out of range');
    const buckets = h.charBuckets + h.wordBuckets;
    const body = 12 + len;
    if (bytes.byteLength !== body + buckets * (1 + h.rows)) throw bad(`expected ${body + buckets * (1 + h.rows)} bytes, got ${bytes.byteLength}`);
    // Copies (the caller may reuse its buffer; a Node Buffer's slice() would not copy).
    const idf = new Uint8Array(bytes.subarray(body, body + buckets));
    const weights = new Int8Array(buckets * h.rows);
    weights.set(new Int8Array(bytes.buffer, bytes.byteOffset + body + buckets, buckets * h.rows));
    return new NgramHead(h, idf, weights);
  }

  get classes(): number {
    return this.header.classes;
  }

  /** Log-probabilities of the classes for one text (an empty text scores the bias alone). */
  logProbs(text: string): Float64Array {
    const h = this.header;
    const counts = ngramCounts(text, h);
    const buckets = h.charBuckets + h.wordBuckets;
    // Block norms first (each block is scaled to unit length on its own), then the dot products.
    let nc = 0;
    let nw = 0;
    const vals: Array<[number, number]> = [];
    for (const [b, c] of counts) {
      const v = (1 + Math.log(c)) * (h.idfMin + this.idf[b]! * h.idfScale);
      vals.push([b, v]);
      if (b < h.charBuckets) nc += v * v;
      else nw += v * v;
    }
    const ic = nc > 0 ? 1 / Math.sqrt(nc) : 0;
    const iw = nw > 0 ? 1 / Math.sqrt(nw) : 0;
    const z = new Float64Array(h.classes);
    const off = h.rows === 1 ? 1 : 0;
    for (let r = 0; r < h.rows; r++) {
      const row = r * buckets;
      let s = 0;
      for (const [b, v] of vals) s += this.weights[row + b]! * v * (b < h.charBuckets ? ic : iw);
      z[r + off] = h.bias[r]! + s * h.weightScale[r]!;
    }
    return logSoftmax(z);
  }
}
