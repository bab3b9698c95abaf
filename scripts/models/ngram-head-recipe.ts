/**
 * Adds an n-gram head to a shipped text classifier (models/ko-sentiment, models/ko-intent):
 * features from ngram-features.ts, logistic regression from train_ngram_head.py (C chosen on the
 * recipes' validation split), then the weights of the encoder's and the head's log-probabilities
 * fit by log-likelihood on the same validation rows, through kornlu's own pipeline (int8 encoder,
 * quantized head: what ships). The test split is scored once, at the end, for the figures in
 * metrics.json's `ngramHead`.
 * Runs on the model folder alone, so the head can be refit without re-training the encoder.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { projectRoot } from '../../benchmarks/lib/data.js';
import { expectedCalibrationError } from '../../src/chatbot/calibration.js';
import { classificationScores } from '../../src/chatbot/metrics.js';
import { argmax } from '../../src/chatbot/train.js';
import { NgramHead } from '../../src/pipelines/classify/ngram-head.js';
import { logSoftmax } from '../../src/pipelines/tensors.js';
import { pipeline } from '../../src/pipelines/node.js';
import { readLabeledFile, type LabeledFormat } from './labeled-file.js';

export interface NgramHeadRecipe {
  /** Folder under models/ holding the shipped encoder classifier. */
  name: string;
  format: LabeledFormat;
  train: string;
  test: string;
  labels: string[];
  charBuckets: number;
  wordBuckets: number;
  /** Inverse regularization strengths tried (default 4, 16). */
  C?: number[];
}

export async function runNgramHeadRecipe(r: NgramHeadRecipe): Promise<void> {
  const t0 = Date.now();
  const out = path.join(projectRoot, 'models', r.name);
  const work = path.join(tmpdir(), `kornlu-recipe-${r.name}-ngram`);
  mkdirSync(work, { recursive: true });
  const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'], cwd: projectRoot });
  const reuse = Boolean(process.env.KORNLU_RECIPE_REUSE);
  const buckets = ['--char-buckets', String(r.charBuckets), '--word-buckets', String(r.wordBuckets)];
  for (const [split, file] of [['train', r.train], ['test', r.test]] as const) {
    const f = path.join(work, `${split}.jsonl`);
    if (!(reuse && existsSync(f))) run(process.execPath, ['--import', 'tsx', 'scripts/models/ngram-features.ts', '--input', file, '--format', r.format, '--out', f, ...buckets]);
  }
  const headFile = path.join(work, 'ngram_head.bin');
  const fitMetrics = path.join(work, 'ngram-head-metrics.json');
  if (!(reuse && existsSync(headFile) && existsSync(fitMetrics))) {
    run('/usr/bin/python3', ['scripts/models/train_ngram_head.py', '--train', path.join(work, 'train.jsonl'), '--test', path.join(work, 'test.jsonl'), '--classes', String(r.labels.length), ...buckets, '--C', (r.C ?? [4, 16]).join(','), '--out', work, '--predict-out', path.join(work, 'predict.json')]);
  }
  const fit = JSON.parse(readFileSync(fitMetrics, 'utf8')) as { C: number; runs: unknown; val_accuracy: number; test_accuracy_float: number; val_rows: number[]; train_seconds: number };
  const head = NgramHead.fromBytes(readFileSync(headFile), headFile);

  const rows: Array<{ text: string; label: number }> = [];
  for await (const x of readLabeledFile(r.train, r.format)) rows.push(x);
  const val = fit.val_rows.map((i) => rows[i]!);
  const test: Array<{ text: string; label: number }> = [];
  for await (const x of readLabeledFile(r.test, r.format)) test.push(x);

  // Encoder alone (the shipped int8 file) and head alone, log-probabilities side by side.
  const clf = await pipeline('text-classification', out, { threads: 2 });
  const score = async (set: typeof val) => {
    const enc = (await clf.logits(set.map((x) => x.text), { batchSize: 64, ngramHead: false })).map((l) => logSoftmax(l));
    const lex = set.map((x) => head.logProbs(x.text));
    return { enc, lex, gold: set.map((x) => x.label) };
  };
  type Scored = Awaited<ReturnType<typeof score>>;
  const combine = (s: Scored, i: number, a: number, b: number) => Float64Array.from(s.enc[i]!, (v, c) => a * v + b * s.lex[i]![c]!);
  const accuracy = (s: Scored, a: number, b: number) => classificationScores(s.enc.map((_, i) => argmax(combine(s, i, a, b))), s.gold, r.labels.length);
  const nll = (s: Scored, a: number, b: number) => s.gold.reduce((sum, y, i) => sum - logSoftmax(combine(s, i, a, b))[y]!, 0) / s.gold.length;
  /** Expected calibration error of the top label's probability (15 bins). */
  const ece = (s: Scored, a: number, b: number) => {
    const top = s.gold.map((y, i) => {
      const p = logSoftmax(combine(s, i, a, b)).map(Math.exp);
      const k = argmax(p);
      return { conf: p[k]!, ok: k === y };
    });
    return expectedCalibrationError(top.map((x) => x.conf), top.map((x) => x.ok));
  };
  const v = await score(val);
  // Both weights by validation log-likelihood (stacking): accuracy on a few thousand examples is
  // flat within noise over a wide range of weights, the likelihood is not, and fitting the
  // encoder's weight too tempers its over-confident scores. Grid steps of 0.05.
  const byLikelihood = (s: Scored): [number, number] => {
    let [a, b, best] = [1, 0, nll(s, 1, 0)];
    for (let i = 1; i <= 30; i++) {
      for (let k = 0; k <= 40; k++) {
        const x = nll(s, i / 20, k / 20);
        if (x < best) [best, a, b] = [x, i / 20, k / 20];
      }
    }
    return [a, b];
  };
  // The alternative: one head weight by validation accuracy (encoder weight 1).
  const byAccuracy = (s: Scored): number => {
    let [w, best] = [0, -1];
    for (let k = 0; k <= 40; k++) {
      const x = accuracy(s, 1, k / 20).accuracy;
      if (x > best) [best, w] = [x, k / 20];
    }
    return w;
  };
  const [encoderWeight, weight] = byLikelihood(v);
  const bestNll = nll(v, encoderWeight, weight);
  const accWeight = byAccuracy(v);
  const accBest = accuracy(v, 1, accWeight).accuracy;
  // Which rule generalizes better, judged on validation data alone: choose on a random half, score
  // accuracy on the other half, over 50 seeded splits.
  const subset = (s: Scored, idx: number[]): Scored => ({ enc: idx.map((i) => s.enc[i]!), lex: idx.map((i) => s.lex[i]!), gold: idx.map((i) => s.gold[i]!) });
  let seed = 7;
  const rnd = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const halves = { encoder: 0, byAccuracy: 0, byLikelihood: 0, likelihoodWins: 0, accuracyWins: 0 };
  for (let r = 0; r < 50; r++) {
    const idx = v.gold.map((_, i) => i);
    for (let i = idx.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [idx[i], idx[j]] = [idx[j]!, idx[i]!];
    }
    const [fit1, other] = [subset(v, idx.slice(0, idx.length >> 1)), subset(v, idx.slice(idx.length >> 1))];
    const [a, b] = byLikelihood(fit1);
    const byL = accuracy(other, a, b).accuracy;
    const byA = accuracy(other, 1, byAccuracy(fit1)).accuracy;
    halves.encoder += accuracy(other, 1, 0).accuracy / 50;
    halves.byAccuracy += byA / 50;
    halves.byLikelihood += byL / 50;
    if (byL > byA) halves.likelihoodWins++;
    if (byA > byL) halves.accuracyWins++;
  }
  console.error(`validation halves (50 splits): encoder ${halves.encoder.toFixed(4)}, accuracy rule ${halves.byAccuracy.toFixed(4)}, likelihood rule ${halves.byLikelihood.toFixed(4)} (${halves.likelihoodWins}:${halves.accuracyWins})`);
  console.error(`weights: encoder ${encoderWeight}, head ${weight} (validation log-loss ${bestNll.toFixed(4)}, accuracy ${accuracy(v, encoderWeight, weight).accuracy.toFixed(4)}; encoder alone ${nll(v, 1, 0).toFixed(4)}, ${accuracy(v, 1, 0).accuracy.toFixed(4)})`);
  // The TypeScript reader must give what numpy computes from the same file.
  const numpy = JSON.parse(readFileSync(path.join(work, 'predict.json'), 'utf8')) as number[][];
  numpy.forEach((row, i) => {
    const lp = head.logProbs(test[i]!.text);
    if (row.some((x, c) => Math.abs(x - lp[c]!) > 1e-6)) throw new Error(`test row ${i}: TypeScript head ${[...lp]} vs numpy ${row}`);
  });
  const t = await score(test);
  const summary = (a: number, b: number) => {
    const s = accuracy(t, a, b);
    return { accuracy: +s.accuracy.toFixed(4), macro_f1: +(s.f1PerClass.reduce((a, b) => a + b, 0) / s.f1PerClass.length).toFixed(4) };
  };
  const headAlone = classificationScores(t.lex.map(argmax), t.gold, r.labels.length);
  await clf.dispose();

  // Ship: the head file and its entry in config.json; then time the pipeline as it now loads.
  writeFileSync(path.join(out, 'ngram_head.bin.gz'), gzipSync(readFileSync(headFile), { level: 9 }));
  const configFile = path.join(out, 'config.json');
  const config = JSON.parse(readFileSync(configFile, 'utf8')) as Record<string, unknown>;
  config.kornlu_ngram_head = { file: 'ngram_head.bin.gz', weight, encoderWeight };
  writeFileSync(configFile, JSON.stringify(config, null, 2) + '\n');
  const shipped = await pipeline('text-classification', out, { threads: 2 });
  const preds = await shipped.run(test.map((x) => x.text), { batchSize: 64 });
  const combined = classificationScores(preds.map((p) => r.labels.indexOf(p[0]!.label)), t.gold, r.labels.length);
  const lat: number[] = [];
  for (const x of test.slice(0, 500)) {
    const s = performance.now();
    await shipped.run(x.text);
    lat.push(performance.now() - s);
  }
  await shipped.dispose();
  lat.sort((a, b) => a - b);
  const bytes = statSync(path.join(out, 'ngram_head.bin.gz')).size;
  const metricsFile = path.join(out, 'metrics.json');
  const metrics = JSON.parse(readFileSync(metricsFile, 'utf8')) as Record<string, unknown>;
  metrics.ngramHead = {
    file: 'ngram_head.bin.gz',
    bytes,
    unpackedBytes: statSync(headFile).size,
    buckets: { char: r.charBuckets, word: r.wordBuckets },
    C: fit.C,
    fit: fit.runs,
    validationExamples: val.length,
    weight,
    encoderWeight,
    validation: {
      encoder: { accuracy: +accuracy(v, 1, 0).accuracy.toFixed(4), log_loss: +nll(v, 1, 0).toFixed(4) },
      combined: { accuracy: +accuracy(v, encoderWeight, weight).accuracy.toFixed(4), log_loss: +bestNll.toFixed(4) },
    },
    // What choosing one weight by validation accuracy would have shipped (not the rule used).
    byValidationAccuracy: { weight: accWeight, val_accuracy: +accBest.toFixed(4), test: summary(1, accWeight) },
    // Both rules chosen on one half of the validation split, accuracy on the other (mean of 50 splits).
    validationHalves: Object.fromEntries(Object.entries(halves).map(([k, x]) => [k, Number.isInteger(x) ? x : +x.toFixed(4)])),
    test: {
      encoder: { ...summary(1, 0), log_loss: +nll(t, 1, 0).toFixed(4), ece: +ece(t, 1, 0).toFixed(4) },
      ngramHeadAlone: { accuracy: +headAlone.accuracy.toFixed(4), float_weights_accuracy: fit.test_accuracy_float },
      combinedThroughPipeline: {
        accuracy: +combined.accuracy.toFixed(4),
        log_loss: +nll(t, encoderWeight, weight).toFixed(4),
        ece: +ece(t, encoderWeight, weight).toFixed(4),
        macro_f1: +(combined.f1PerClass.reduce((a, b) => a + b, 0) / combined.f1PerClass.length).toFixed(4),
        f1_per_label: Object.fromEntries(r.labels.map((l, i) => [l, +combined.f1PerClass[i]!.toFixed(4)])),
        p50_ms_batch1: +lat[Math.floor(lat.length / 2)]!.toFixed(3),
        p95_ms_batch1: +lat[Math.floor(lat.length * 0.95)]!.toFixed(3),
      },
    },
    fitSeconds: fit.train_seconds,
    wallSeconds: Math.round((Date.now() - t0) / 1000),
  };
  // The combined figure must be what the weight search predicted: the pipeline sums the same way.
  if (Math.abs(summary(encoderWeight, weight).accuracy - combined.accuracy) > 1e-4) throw new Error(`pipeline accuracy ${combined.accuracy} differs from the search's ${summary(encoderWeight, weight).accuracy}`);
  writeFileSync(metricsFile, JSON.stringify(metrics, null, 2) + '\n');
  console.log(JSON.stringify({ encoder: summary(1, 0).accuracy, head: +headAlone.accuracy.toFixed(4), combined: +combined.accuracy.toFixed(4), encoderWeight, weight, bytes }));
}
