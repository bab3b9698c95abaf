/**
 * Light heads on synthetic data: learning (XOR needs the hidden layer), determinism, early
 * stopping, class weighting, the stratified split, save/load, search, calibration, thresholds,
 * uncertainty sampling and occlusion.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  chooseThreshold,
  evaluateHead,
  expectedCalibrationError,
  fitTemperature,
  learningCurveSvg,
  LightHead,
  nll,
  occlusion,
  rankForLabeling,
  searchHead,
  softmax,
  stratifiedSplit,
  trainHead,
  uncertainty,
  type Featurizer,
  type FeatureUnit,
  type LabeledSet,
} from '../../src/chatbot/index.js';
import { sparseRow } from '../../src/chatbot/head.js';
import { Rng } from '../../src/embeddings/kernel.js';
import { KornluError } from '../../src/errors.js';

/** XOR of two signs plus noise dimensions: not linearly separable. */
function xor(n: number, seed: number): LabeledSet {
  const rng = new Rng(seed);
  const x: Float32Array[] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const a = rng.float() * 2 - 1, b = rng.float() * 2 - 1;
    x.push(Float32Array.from([a, b, rng.float() * 0.1, 1]));
    y.push(a * b > 0 ? 1 : 0);
  }
  return { x, y };
}

/** Three Gaussian blobs in 2-D (linearly separable). */
function blobs(perClass: number[], seed: number, noise = 0.3): LabeledSet {
  const rng = new Rng(seed);
  const centers = [[2, 0], [-1, 1.7], [-1, -1.7]];
  const x: Float32Array[] = [];
  const y: number[] = [];
  perClass.forEach((n, c) => {
    for (let i = 0; i < n; i++) {
      const g = () => Math.sqrt(-2 * Math.log(rng.float() + 1e-12)) * Math.cos(2 * Math.PI * rng.float());
      x.push(Float32Array.from([centers[c]![0]! + noise * g(), centers[c]![1]! + noise * g()]));
      y.push(c);
    }
  });
  return { x, y };
}

describe('trainHead', () => {
  it('an MLP learns XOR; softmax regression cannot', () => {
    const train = xor(400, 1), val = xor(200, 2), test = xor(400, 3);
    const mlp = trainHead(train, val, { classes: 2, hidden: 16, learningRate: 0.02, l2: 0, dropout: 0, maxEpochs: 200, patience: 30, seed: 3 });
    const lin = trainHead(train, val, { classes: 2, hidden: 0, learningRate: 0.02, maxEpochs: 200, seed: 3 });
    const acc = (h: LightHead) => evaluateHead(h, test.x.map(sparseRow), test.y).accuracy;
    expect(acc(mlp.head)).toBeGreaterThan(0.93);
    expect(acc(lin.head)).toBeLessThan(0.7);
  });

  it('is reproducible under a seed and differs across seeds', () => {
    const data = xor(200, 5), val = xor(50, 6);
    const opts = { classes: 2, hidden: 8, dropout: 0.3, maxEpochs: 10, patience: 100 };
    const a = trainHead(data, val, { ...opts, seed: 7 }).head.toJSON();
    const b = trainHead(data, val, { ...opts, seed: 7 }).head.toJSON();
    const c = trainHead(data, val, { ...opts, seed: 8 }).head.toJSON();
    expect(a).toEqual(b);
    expect(a.w1).not.toEqual(c.w1);
  });

  it('stops early and keeps the best epoch’s weights', () => {
    // Random labels: validation loss only gets worse once the head starts memorizing.
    const rng = new Rng(11);
    const rand = (n: number): LabeledSet => ({ x: Array.from({ length: n }, () => Float32Array.from({ length: 20 }, () => rng.float())), y: Array.from({ length: n }, () => rng.next() % 2) });
    const val = rand(100);
    const r = trainHead(rand(100), val, { classes: 2, hidden: 64, dropout: 0, l2: 0, learningRate: 0.05, maxEpochs: 300, patience: 5, seed: 1 });
    expect(r.history.length).toBeLessThan(300);
    expect(r.history.length - r.bestEpoch).toBe(5);
    expect(evaluateHead(r.head, val.x.map(sparseRow), val.y).loss).toBeCloseTo(r.bestValidationLoss, 5);
    expect(Math.min(...r.history.map((h) => h.validationLoss))).toBeCloseTo(r.bestValidationLoss, 10);
  });

  it('balanced class weights raise recall of a rare class', () => {
    const train = blobs([300, 300, 8], 21, 1.1), val = blobs([100, 100, 100], 22, 1.1);
    const recall = (w: 'balanced' | 'none') => {
      const { head } = trainHead(train, val, { classes: 3, classWeight: w, maxEpochs: 60, patience: 60, seed: 1 });
      const idx = val.y.map((c, i) => (c === 2 ? i : -1)).filter((i) => i >= 0);
      return idx.filter((i) => head.probabilities(val.x[i]!).indexOf(Math.max(...head.probabilities(val.x[i]!))) === 2).length / idx.length;
    };
    expect(recall('balanced')).toBeGreaterThan(recall('none') + 0.1);
  });

  it('rejects bad input with typed errors', () => {
    const ok = blobs([5, 5, 5], 1);
    expect(() => trainHead({ x: ok.x, y: ok.y.slice(1) }, ok, { classes: 3 })).toThrow(/labels/);
    expect(() => trainHead({ x: ok.x, y: ok.y.map(() => 3) }, ok, { classes: 3 })).toThrow(/class index/);
    expect(() => trainHead({ x: [], y: [] }, ok, { classes: 3 })).toThrow(/no training/);
    expect(() => trainHead({ x: [...ok.x.slice(1), new Float32Array(3)], y: ok.y }, ok, { classes: 3 })).toThrow(/differ in length/);
    expect(() => trainHead(ok, ok, { classes: 3, learningRate: -1 })).toThrow(KornluError);
    expect(() => trainHead(ok, ok, { classes: 3, classWeight: [1, 2] })).toThrow(/classWeight/);
  });

  it('trains for every epoch when there is no validation data', () => {
    const r = trainHead(blobs([5, 5, 5], 1), { x: [], y: [] }, { classes: 3, maxEpochs: 7 });
    expect(r.history).toHaveLength(7);
  });
});

describe('LightHead save and load', () => {
  it('round-trips exactly and rejects corrupt files', () => {
    const { head } = trainHead(xor(100, 1), xor(50, 2), { classes: 2, hidden: 4, maxEpochs: 5, seed: 2 });
    const json = JSON.parse(JSON.stringify(head.toJSON()));
    const back = LightHead.fromJSON(json);
    const x = Float32Array.from([0.3, -0.2, 0.05, 1]);
    expect(back.probabilities(x)).toEqual(head.probabilities(x));
    expect(() => LightHead.fromJSON({ ...json, w1: json.w1.slice(0, 12) })).toThrow(KornluError);
    expect(() => LightHead.fromJSON({ ...json, w1: '!!!' })).toThrow(/corrupt/);
    expect(() => LightHead.fromJSON({ ...json, hidden: 5 })).toThrow(/do not fit/);
    expect(() => LightHead.fromJSON({ format: 'other' })).toThrow(/not a kornlu head/);
    expect(() => head.probabilities(new Float32Array(3))).toThrow(/expects 4 features/);
    const nan = new Float32Array(json.hidden * json.classes).fill(NaN);
    const bytes = new Uint8Array(nan.buffer);
    expect(() => LightHead.fromJSON({ ...json, w2: btoa(String.fromCharCode(...bytes)) })).toThrow(/NaN/);
  });
});

describe('stratifiedSplit', () => {
  it('partitions indices and keeps each class’s share', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 300 }), fc.integer({ min: 1, max: 1000 }), (labels, seed) => {
        const parts = stratifiedSplit(labels, [0.7, 0.15, 0.15], seed);
        const all = parts.flat().sort((a, b) => a - b);
        expect(all).toEqual(labels.map((_, i) => i));
        for (const c of new Set(labels)) {
          const n = labels.filter((l) => l === c).length;
          const inTrain = parts[0]!.filter((i) => labels[i] === c).length;
          expect(Math.abs(inTrain - 0.7 * n)).toBeLessThanOrEqual(1);
          expect(inTrain).toBeGreaterThanOrEqual(1);
        }
        expect(stratifiedSplit(labels, [0.7, 0.15, 0.15], seed)).toEqual(parts);
      }),
    );
    expect(() => stratifiedSplit([0, 1], [0.5, 0.6])).toThrow(/sum to 1/);
  });
});

describe('searchHead', () => {
  it('picks a hidden layer for XOR and stays within its budget', () => {
    const r = searchHead(xor(300, 1), xor(150, 2), { classes: 2, space: { hidden: [0, 16], learningRate: [0.01, 0.05] }, trials: 6, minEpochs: 10, maxEpochs: 120, seed: 4 });
    expect(r.params.hidden).toBe(16);
    expect(r.trials.length).toBeGreaterThanOrEqual(6);
    expect(r.trials.filter((t) => t.rung === 0)).toHaveLength(6);
    expect(evaluateHead(r.head, xor(300, 3).x.map(sparseRow), xor(300, 3).y).accuracy).toBeGreaterThan(0.85);
    const tight = searchHead(xor(300, 1), xor(150, 2), { classes: 2, trials: 50, budgetMs: 1, seed: 4 });
    expect(tight.budgetExhausted).toBe(true);
    expect(tight.trials.length).toBeLessThan(50);
  });
});

describe('calibration', () => {
  it('recovers the temperature that generated the labels', () => {
    const rng = new Rng(5);
    const logits: Float32Array[] = [];
    const labels: number[] = [];
    for (let i = 0; i < 4000; i++) {
      const z = Float32Array.from({ length: 4 }, () => (rng.float() * 2 - 1) * 6);
      const p = softmax(z, 2.5);
      let u = rng.float(), c = 0;
      while (c < 3 && (u -= p[c]!) > 0) c++;
      logits.push(z);
      labels.push(c);
    }
    const t = fitTemperature(logits, labels);
    expect(t).toBeGreaterThan(2.2);
    expect(t).toBeLessThan(2.8);
    expect(nll(logits, labels, t)).toBeLessThan(nll(logits, labels, 1));
    const ece = (temp: number) => expectedCalibrationError(logits.map((z) => Math.max(...softmax(z, temp))), logits.map((z, i) => softmax(z, temp).indexOf(Math.max(...softmax(z, temp))) === labels[i]));
    expect(ece(t)).toBeLessThan(0.03);
    expect(ece(1)).toBeGreaterThan(0.1);
  });

  it('chooses thresholds by target accuracy or by rejecting out-of-domain inputs', () => {
    const ind = [0.95, 0.9, 0.85, 0.8, 0.6, 0.55, 0.5, 0.4].map((confidence, i) => ({ confidence, correct: i < 4 || i === 5 }));
    const byTarget = chooseThreshold(ind, { targetAccuracy: 0.95 });
    expect(byTarget).toMatchObject({ threshold: 0.8, coverage: 0.5, accuracy: 1, objective: 'target-accuracy' });
    const balanced = chooseThreshold(ind, { outOfDomain: [0.3, 0.45, 0.5, 0.52] });
    // At 0.55: 5/8 answered right, 4/4 rejected → (0.625 + 1) / 2, the best available.
    expect(balanced).toMatchObject({ threshold: 0.55, rejected: 1, objective: 'balanced' });
    expect(chooseThreshold(ind, { targetAccuracy: 1.0 }).threshold).toBe(0.8);
    expect(() => chooseThreshold([])).toThrow(KornluError);
  });
});

describe('active learning', () => {
  it('scores uncertainty three ways and ranks most uncertain first', () => {
    expect(uncertainty([0.7, 0.2, 0.1], 'least-confidence')).toBeCloseTo(0.3);
    expect(uncertainty([0.7, 0.2, 0.1], 'margin')).toBeCloseTo(0.5);
    expect(uncertainty([0.5, 0.5], 'entropy')).toBeCloseTo(Math.log(2));
    expect(uncertainty([1, 0], 'entropy')).toBe(0);
    const probs = [[0.9, 0.1], [0.5, 0.5], [0.7, 0.3]];
    for (const s of ['least-confidence', 'margin', 'entropy'] as const) expect(rankForLabeling(probs, s).map((r) => r.index)).toEqual([1, 2, 0]);
    expect(() => uncertainty([1], 'bogus' as never)).toThrow(/unknown strategy/);
  });
});

describe('occlusion', () => {
  it('credits the unit that decides the class, with its offsets', async () => {
    // One-hot bag of words over a tiny vocabulary; class 1 iff the text has "환불".
    const vocab = ['환불', '배송', '해', '주세요', '언제'];
    const f: Featurizer = {
      dim: vocab.length,
      spec: { kind: 'test-bow', dim: vocab.length },
      units: (text) => [...text.matchAll(/\S+/g)].map((m): FeatureUnit => ({ text: m[0], start: m.index, end: m.index + m[0].length, key: m[0] })),
      embed: async (list) => list.map((us) => Float32Array.from(vocab, (w) => (us.some((u) => u.key === w) ? 1 : 0))),
    };
    const texts = ['환불 해 주세요', '배송 언제', '환불 언제', '배송 해 주세요', '환불', '배송'];
    const data = { x: await f.embed(texts.map(f.units)), y: [1, 0, 1, 0, 1, 0] };
    const { head } = trainHead(data, data, { classes: 2, maxEpochs: 200, patience: 200, learningRate: 0.1, l2: 0 });
    const units = f.units('배송 환불 해 주세요');
    const attr = await occlusion(f, units, 1, (x) => head.probabilities(x));
    const top = attr.reduce((a, b) => (b.score > a.score ? b : a));
    expect(top).toMatchObject({ text: '환불', start: 3, end: 5 });
    expect(top.score).toBeGreaterThan(0.3);
    expect(attr.find((a) => a.text === '배송')!.score).toBeLessThan(0);
  });
});

describe('learning curve', () => {
  it('draws the three series and the kept epoch', () => {
    const r = trainHead(xor(100, 1), xor(50, 2), { classes: 2, hidden: 4, maxEpochs: 12, patience: 100 });
    const svg = learningCurveSvg(r.history, r.bestEpoch);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.match(/<path /g)).toHaveLength(3);
    expect(svg).toContain(`kept: epoch ${r.bestEpoch}`);
    expect(() => learningCurveSvg([])).toThrow(/finite point/);
  });
});
