/**
 * Word-vector evaluation: word similarity (Spearman against human scores, WS-353 style) and
 * analogies (top-1 accuracy, mean cosine distance of the answer), with out-of-vocabulary counts.
 */
import type { KeyedVectors } from './keyed-vectors.js';
import { stripBom } from '../text/chars.js';

export interface EvalResult {
  ws353_spearman: number | null;
  analogy_top1: number | null;
  /** Mean cosine distance (1 − cos) between the predicted point and the expected word. */
  analogy_cosine: number | null;
  oov: { ws353_pairs: number; analogy_questions: number };
  counts: { ws353_pairs: number; analogy_questions: number };
}

/** Spearman rank correlation (average ranks for ties). */
export function spearman(x: number[], y: number[]): number {
  const rank = (v: number[]) => {
    const idx = v.map((_, i) => i).sort((a, b) => v[a]! - v[b]!);
    const r = new Array<number>(v.length);
    for (let i = 0; i < idx.length; ) {
      let j = i;
      while (j + 1 < idx.length && v[idx[j + 1]!] === v[idx[i]!]) j++;
      for (let k = i; k <= j; k++) r[idx[k]!] = (i + j) / 2 + 1;
      i = j + 1;
    }
    return r;
  };
  const rx = rank(x);
  const ry = rank(y);
  const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
  const mx = mean(rx);
  const my = mean(ry);
  let num = 0;
  let dx = 0;
  let dy = 0;
  for (let i = 0; i < rx.length; i++) {
    num += (rx[i]! - mx) * (ry[i]! - my);
    dx += (rx[i]! - mx) ** 2;
    dy += (ry[i]! - my) ** 2;
  }
  return num / Math.sqrt(dx * dy);
}

/** WS-353 CSV (header, then word1,word2,score). */
export function parseSimilarityCsv(text: string): Array<[string, string, number]> {
  return stripBom(text)
    .split(/\r?\n/)
    .slice(1)
    .map((l) => l.split(','))
    .filter((c) => c.length >= 3 && c[0] && c[1] && Number.isFinite(Number(c[2])))
    .map((c) => [c[0]!.trim(), c[1]!.trim(), Number(c[2])]);
}

/** word2vec-style analogy file (": section" lines, then "a b c d"). */
export function parseAnalogies(text: string): Array<[string, string, string, string]> {
  return stripBom(text)
    .split(/\r?\n/)
    .filter((l) => l && !l.startsWith(':'))
    .map((l) => l.trim().split(/\s+/))
    .filter((p) => p.length === 4) as Array<[string, string, string, string]>;
}

export function evaluate(
  kv: KeyedVectors,
  data: { similarity?: Array<[string, string, number]>; analogies?: Array<[string, string, string, string]>; restrictVocab?: number },
): EvalResult {
  const res: EvalResult = { ws353_spearman: null, analogy_top1: null, analogy_cosine: null, oov: { ws353_pairs: 0, analogy_questions: 0 }, counts: { ws353_pairs: 0, analogy_questions: 0 } };
  if (data.similarity) {
    const model: number[] = [];
    const human: number[] = [];
    res.counts.ws353_pairs = data.similarity.length;
    for (const [a, b, s] of data.similarity) {
      if (!kv.has(a) || !kv.has(b)) {
        res.oov.ws353_pairs++;
        continue;
      }
      model.push(kv.similarity(a, b));
      human.push(s);
    }
    res.ws353_spearman = model.length > 2 ? spearman(model, human) : null;
  }
  if (data.analogies) {
    let right = 0;
    let asked = 0;
    let dist = 0;
    res.counts.analogy_questions = data.analogies.length;
    for (const [a, b, c, d] of data.analogies) {
      if (![a, b, c, d].every((w) => kv.has(w))) {
        res.oov.analogy_questions++;
        continue;
      }
      asked++;
      // a : b :: c : d  →  b − a + c ≈ d
      const [best] = kv.analogy(a, b, c, { topK: 1, ...(data.restrictVocab !== undefined ? { restrictVocab: data.restrictVocab } : {}) });
      if (best?.word === d) right++;
      dist += 1 - cosineToPoint(kv, [b, c], [a], d);
    }
    res.analogy_top1 = asked ? right / asked : null;
    res.analogy_cosine = asked ? dist / asked : null;
  }
  return res;
}

function cosineToPoint(kv: KeyedVectors, pos: string[], neg: string[], target: string): number {
  const u = kv.normalized();
  const d = kv.dim;
  const q = new Float64Array(d);
  for (const w of pos) for (let k = 0; k < d; k++) q[k]! += u[kv.index.get(w)! * d + k]!;
  for (const w of neg) for (let k = 0; k < d; k++) q[k]! -= u[kv.index.get(w)! * d + k]!;
  let n = 0;
  let s = 0;
  const t = kv.index.get(target)! * d;
  for (let k = 0; k < d; k++) {
    n += q[k]! ** 2;
    s += q[k]! * u[t + k]!;
  }
  return n > 0 ? s / Math.sqrt(n) : 0;
}
