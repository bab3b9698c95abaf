/**
 * Vector file formats over bytes (browser-safe; `kornlu/node` adds files):
 *  - word2vec text: "N D\n" then "word v1 … vD\n" (gensim, the C tool);
 *  - word2vec binary: "N D\n" then "word " + D little-endian float32 + "\n" (the C tool's layout;
 *    gensim reads and writes it);
 *  - kornlu compact (.kv8): int8 vectors with one float32 scale per word — ¼ the size, for browsers.
 * Truncated or inconsistent files fail with a typed error naming what is wrong.
 */
import { KornluError } from '../errors.js';
import { KeyedVectors } from './keyed-vectors.js';

const enc = new TextEncoder();
const dec = new TextDecoder('utf-8', { fatal: true });

function bad(what: string, name: string): never {
  throw new KornluError('INVALID_ARGUMENT', `vector file: ${what}`, { path: name });
}

function header(text: string, name: string): [number, number] {
  const m = /^\s*(\d+)\s+(\d+)\s*$/.exec(text);
  if (!m) bad(`the first line must be "<words> <dims>", got ${JSON.stringify(text.slice(0, 40))}`, name);
  const n = Number(m[1]);
  const d = Number(m[2]);
  if (d < 1) bad('dimension must be at least 1', name);
  return [n, d];
}

// Shortest decimal that reads back as the same float32 (so text round trips are exact).
function f32(x: number): string {
  for (let p = 6; p < 10; p++) {
    const s = x.toPrecision(p);
    if (Math.fround(Number(s)) === x) return String(Number(s));
  }
  return String(x);
}

export function toWord2VecText(kv: KeyedVectors): string {
  const lines = [`${kv.size} ${kv.dim}`];
  for (let i = 0; i < kv.size; i++) {
    const v = kv.vectors.subarray(i * kv.dim, (i + 1) * kv.dim);
    lines.push(`${kv.words[i]} ${Array.from(v, f32).join(' ')}`);
  }
  return lines.join('\n') + '\n';
}

export function fromWord2VecText(text: string, name = 'vectors.txt'): KeyedVectors {
  const lines = text.split('\n');
  const [n, d] = header(lines[0] ?? '', name);
  const words: string[] = [];
  const vectors = new Float32Array(n * d);
  for (let i = 0; i < n; i++) {
    const line = lines[i + 1];
    if (line === undefined || line === '') bad(`expected ${n} vectors, the file ends after ${i}`, name);
    const parts = line.trimEnd().split(' ');
    if (parts.length !== d + 1) bad(`line ${i + 2} has ${parts.length - 1} values, expected ${d}`, name);
    words.push(parts[0]!);
    for (let k = 0; k < d; k++) {
      const v = Number(parts[k + 1]);
      if (!Number.isFinite(v)) bad(`line ${i + 2}: ${JSON.stringify(parts[k + 1])} is not a number`, name);
      vectors[i * d + k] = v;
    }
  }
  return new KeyedVectors(words, vectors, d);
}

export function toWord2VecBinary(kv: KeyedVectors): Uint8Array {
  const parts: Uint8Array[] = [enc.encode(`${kv.size} ${kv.dim}\n`)];
  for (let i = 0; i < kv.size; i++) {
    parts.push(enc.encode(`${kv.words[i]} `));
    const v = new Float32Array(kv.dim);
    v.set(kv.vectors.subarray(i * kv.dim, (i + 1) * kv.dim));
    parts.push(littleEndian(new Uint8Array(v.buffer)));
    parts.push(NEWLINE);
  }
  return concat(parts);
}
const NEWLINE = new Uint8Array([10]);

export function fromWord2VecBinary(bytes: Uint8Array, name = 'vectors.bin'): KeyedVectors {
  const nl = bytes.indexOf(10);
  if (nl < 0) bad('no header line', name);
  const [n, d] = header(dec.decode(bytes.subarray(0, nl)), name);
  const words: string[] = [];
  const vectors = new Float32Array(n * d);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = nl + 1;
  for (let i = 0; i < n; i++) {
    while (at < bytes.length && (bytes[at] === 10 || bytes[at] === 13)) at++; // the C tool's newline
    const sp = bytes.indexOf(32, at);
    if (sp < 0) bad(`expected ${n} vectors, the file ends after ${i}`, name);
    let word: string;
    try {
      word = dec.decode(bytes.subarray(at, sp));
    } catch {
      bad(`word ${i + 1} is not valid UTF-8`, name);
    }
    at = sp + 1;
    if (at + 4 * d > bytes.length) bad(`vector ${i + 1} (${word}) is truncated`, name);
    for (let k = 0; k < d; k++) vectors[i * d + k] = view.getFloat32(at + 4 * k, true);
    at += 4 * d;
    words.push(word);
  }
  return new KeyedVectors(words, vectors, d);
}

const MAGIC = 'KVQ8';

/** int8 with a per-vector scale: 1 byte per value, about ¼ of float32. */
export function toCompact(kv: KeyedVectors): Uint8Array {
  const words = enc.encode(kv.words.join('\n'));
  const head = new Uint8Array(16);
  const hv = new DataView(head.buffer);
  head.set(enc.encode(MAGIC), 0);
  hv.setUint32(4, kv.size, true);
  hv.setUint32(8, kv.dim, true);
  hv.setUint32(12, words.length, true);
  const scales = new Float32Array(kv.size);
  const q = new Int8Array(kv.size * kv.dim);
  for (let i = 0; i < kv.size; i++) {
    let m = 0;
    for (let k = 0; k < kv.dim; k++) m = Math.max(m, Math.abs(kv.vectors[i * kv.dim + k]!));
    const s = m > 0 ? m / 127 : 1;
    scales[i] = s;
    for (let k = 0; k < kv.dim; k++) q[i * kv.dim + k] = Math.round(kv.vectors[i * kv.dim + k]! / s);
  }
  return concat([head, words, littleEndian(new Uint8Array(scales.buffer)), new Uint8Array(q.buffer)]);
}

export function fromCompact(bytes: Uint8Array, name = 'vectors.kv8'): KeyedVectors {
  if (bytes.length < 16 || dec.decode(bytes.subarray(0, 4)) !== MAGIC) bad('not a kornlu compact vector file', name);
  const hv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = hv.getUint32(4, true);
  const d = hv.getUint32(8, true);
  const wl = hv.getUint32(12, true);
  if (bytes.length !== 16 + wl + 4 * n + n * d) bad(`size ${bytes.length} does not match ${n} words × ${d} dims`, name);
  const words = n === 0 ? [] : dec.decode(bytes.subarray(16, 16 + wl)).split('\n');
  if (words.length !== n) bad(`expected ${n} words, found ${words.length}`, name);
  const vectors = new Float32Array(n * d);
  for (let i = 0; i < n; i++) {
    const s = hv.getFloat32(16 + wl + 4 * i, true);
    for (let k = 0; k < d; k++) vectors[i * d + k] = hv.getInt8(16 + wl + 4 * n + i * d + k) * s;
  }
  return new KeyedVectors(words, vectors, d);
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Float bytes in little-endian order whatever the platform (all common ones are already). */
function littleEndian(b: Uint8Array): Uint8Array {
  return new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? b : b.slice().reverse();
}
