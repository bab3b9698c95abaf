/**
 * The chatbot toolkit measured on 3i4K (issue #8), one run:
 *  1. few-shot: light heads (ko-w2v features, softmax regression) trained on 10 / 20 / 50 labeled
 *     utterances per class, over 5 draws, against the fully trained default intent model
 *     (models/ko-intent) and a light head on all of 3i4K train — all scored on the official
 *     6,121-utterance test split;
 *  2. training time for 1,000 utterances (feature extraction + head), median of 5;
 *  3. active learning (fixed random validation sample): uncertainty sampling (entropy, margin, least confidence) vs random labeling
 *     at equal budgets, 5 draws, test accuracy after each round, and each strategy's mean gain over
 *     random across rounds (paired by draw); also written as SVG;
 *  4. hyper-parameter search on the 1,000-utterance set (budget 20 s) vs the defaults.
 *
 *   npm run bench:chatbot        (KORNLU_DATA=… for another data folder)
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  classificationScores,
  IntentClassifier,
  learningCurveSvg,
  lineChartSvg,
  rankForLabeling,
  stratifiedSplit,
  wordVectorFeaturizer,
  type UncertaintyStrategy,
} from '../src/chatbot/index.js';
import { argmax, shuffle } from '../src/chatbot/train.js';
import { Rng } from '../src/embeddings/kernel.js';
import { loadMorphAnalyzer, loadVectors } from '../src/node/index.js';
import { pipeline } from '../src/pipelines/node.js';
import { projectRoot, requireData } from './lib/data.js';
import { machine, median } from './lib/report.js';

const log = (s: string) => process.stderr.write(s + '\n');
const LABELS = ['fragment', 'statement', 'question', 'command', 'rhetorical_question', 'rhetorical_command', 'intonation_dependent'];
const read = (f: string) =>
  readFileSync(f, 'utf8')
    .split(/\r?\n/)
    .filter(Boolean)
    .map((l) => ({ y: Number(l.slice(0, l.indexOf('\t'))), text: l.slice(l.indexOf('\t') + 1) }));
const train = read(requireData('3i4k/fci_train_val.txt'));
const test = read(requireData('3i4k/fci_test.txt'));
const out = path.join(projectRoot, 'benchmarks/results');
mkdirSync(out, { recursive: true });

let t0 = performance.now();
const [kv, analyzer] = await Promise.all([loadVectors(), loadMorphAnalyzer()]);
const loadMs = performance.now() - t0;
const featurizer = wordVectorFeaturizer(kv, { analyzer });
log(`models loaded in ${loadMs.toFixed(0)} ms; featurizing ${train.length + test.length} utterances …`);
// Features of every utterance once (the heads are what differ between runs).
t0 = performance.now();
const featsOf = async (rows: typeof train, what: string) => {
  const xs: Float32Array[] = [];
  for (let i = 0; i < rows.length; i += 5000) {
    xs.push(...(await featurizer.embed(rows.slice(i, i + 5000).map((r) => featurizer.units(r.text)))));
    log(`  ${what}: ${Math.min(rows.length, i + 5000)}/${rows.length}`);
  }
  return xs;
};
const trainX = await featsOf(train, 'train');
const testX = await featsOf(test, 'test');
log(`features in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
const testY = test.map((r) => r.y);

/** A featurizer whose "units" are row numbers into precomputed features, so heads train without re-analysis. */
const cached = (xs: Float32Array[]) => ({ ...featurizer, units: (id: string) => [{ text: id, start: 0, end: 0, key: id }], embed: async (list: ReadonlyArray<ReadonlyArray<{ key: string }>>) => list.map((us) => xs[Number(us[0]!.key)]!) });
const trainF = cached(trainX);

async function fit(indices: number[], seed: number, extra: Record<string, unknown> = {}) {
  const examples = indices.map((i) => ({ text: String(i), label: LABELS[train[i]!.y]! }));
  return IntentClassifier.train(examples, { featurizer: trainF, labels: LABELS, testFraction: 0, validationFraction: 0.2, seed, ...extra });
}
function testAccuracy(c: IntentClassifier) {
  const pred = testX.map((x) => LABELS.indexOf(c.labels[argmax(c.probabilities(x))]!));
  return classificationScores(pred, testY, LABELS.length);
}
const byClass = LABELS.map((_, c) => train.map((r, i) => (r.y === c ? i : -1)).filter((i) => i >= 0));
function sample(perClass: number, seed: number): number[] {
  const rng = new Rng(seed);
  return byClass.flatMap((idx) => {
    const copy = [...idx];
    shuffle(copy, rng);
    return copy.slice(0, perClass);
  });
}
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const sd = (xs: number[]) => Math.sqrt(mean(xs.map((x) => (x - mean(xs)) ** 2)));

// 1. Few-shot.
const fewShot: Array<{ perClass: number | 'all'; draws: number; accuracy: number; accuracySd: number; macroF1: number }> = [];
for (const k of [10, 20, 50]) {
  const accs: number[] = [], f1s: number[] = [];
  for (let d = 1; d <= 5; d++) {
    const { classifier } = await fit(sample(k, 100 + d), d);
    const s = testAccuracy(classifier);
    accs.push(s.accuracy);
    f1s.push(s.macroF1);
  }
  fewShot.push({ perClass: k, draws: 5, accuracy: mean(accs), accuracySd: sd(accs), macroF1: mean(f1s) });
  log(`few-shot ${k}/class: ${(100 * mean(accs)).toFixed(2)}% ± ${(100 * sd(accs)).toFixed(2)}`);
}
{
  const { classifier } = await fit(train.map((_, i) => i), 1);
  const s = testAccuracy(classifier);
  fewShot.push({ perClass: 'all', draws: 1, accuracy: s.accuracy, accuracySd: 0, macroF1: s.macroF1 });
  log(`light head on all ${train.length}: ${(100 * s.accuracy).toFixed(2)}%`);
}
const cnn = await pipeline('text-classification', path.join(projectRoot, 'models/ko-intent'));
const cnnPred = (await cnn.run(test.map((r) => r.text), { batchSize: 64 })).map((p) => LABELS.indexOf(p[0]!.label));
const cnnScores = classificationScores(cnnPred, testY, LABELS.length);
// What the default is (kornlu-textcnn, kornlu-ensemble, …), from its config.
const defaultKind = String(cnn.config.raw.model_type ?? 'model') + (cnn.ngramHead ? ' + n-gram head' : '');
await cnn.dispose();
log(`default intent model (${defaultKind}, all of train): ${(100 * cnnScores.accuracy).toFixed(2)}%`);

// 2. Training time, 1,000 utterances from text: analysis + features + head (+ calibration).
const thousand = stratifiedSplit(train.map((r) => r.y), [1000 / train.length, 1 - 1000 / train.length], 9)[0]!.slice(0, 1000).map((i) => ({ text: train[i]!.text, label: LABELS[train[i]!.y]! }));
const times: Array<{ featuresMs: number; trainMs: number; totalMs: number }> = [];
let lastReport = null as Awaited<ReturnType<typeof IntentClassifier.train>>['report'] | null;
for (let r = 0; r < 5; r++) {
  const s = performance.now();
  const { report } = await IntentClassifier.train(thousand, { featurizer, seed: 1 });
  times.push({ featuresMs: report.timings.featuresMs, trainMs: report.timings.trainMs, totalMs: performance.now() - s });
  lastReport = report;
}
const timing = {
  utterances: thousand.length,
  modelLoadMs: Math.round(loadMs),
  featuresMsMedian: Math.round(median(times.map((t) => t.featuresMs))),
  headMsMedian: Math.round(median(times.map((t) => t.trainMs))),
  totalMsMedian: Math.round(median(times.map((t) => t.totalMs))),
  runs: times.length,
};
log(`1,000 utterances: ${JSON.stringify(timing)}`);
writeFileSync(path.join(out, 'chatbot-learning-curve.svg'), learningCurveSvg(lastReport!.history, lastReport!.bestEpoch, 'Light head on 1,000 3i4K utterances (softmax regression, ko-w2v features)'));

// 4. Search vs defaults on the same 1,000 (70/15/15 inside IntentClassifier).
const searched = await IntentClassifier.train(thousand, { featurizer, seed: 1, search: { budgetMs: 20_000, seed: 1 } });
const search = {
  budgetMs: 20_000,
  trials: searched.report.trials?.length ?? 0,
  best: searched.report.params,
  heldOutAccuracySearched: searched.report.test!.accuracy,
  heldOutAccuracyDefaults: lastReport!.test!.accuracy,
  officialTestAccuracySearched: testAccuracy(searched.classifier).accuracy,
  ece: { before: lastReport!.validation!.eceBefore, afterTemperature: lastReport!.validation!.eceAfter, test: lastReport!.test!.ece },
  threshold: lastReport!.threshold,
};
log(`search: ${JSON.stringify(search)}`);

// 3. Active learning: pool = 10,000 random train utterances; start 70 random labels, +70 per round.
const STRATS: Array<UncertaintyStrategy | 'random'> = ['random', 'entropy', 'margin', 'least-confidence'];
const ROUNDS = 10, STEP = 70, DRAWS = 5;
const curves: Record<string, number[][]> = Object.fromEntries(STRATS.map((s) => [s, []]));
for (let d = 1; d <= DRAWS; d++) {
  const rng = new Rng(500 + d);
  const pool = train.map((_, i) => i);
  shuffle(pool, rng);
  pool.length = 10_000;
  // A fixed random validation sample (the same for every strategy, outside the budget): early
  // stopping and calibration on actively chosen examples would be judged on a skewed sample.
  const validation = pool.splice(pool.length - STEP, STEP).map((i) => ({ text: String(i), label: LABELS[train[i]!.y]! }));
  const seedSet = pool.slice(0, STEP);
  for (const strat of STRATS) {
    const labeled = new Set(seedSet);
    const accs: number[] = [];
    const pick = new Rng(900 + d);
    for (let round = 0; round <= ROUNDS; round++) {
      const { classifier } = await fit([...labeled], d, { validation });
      accs.push(testAccuracy(classifier).accuracy);
      if (round === ROUNDS) break;
      const unlabeled = pool.filter((i) => !labeled.has(i));
      let next: number[];
      if (strat === 'random') {
        shuffle(unlabeled, pick);
        next = unlabeled.slice(0, STEP);
      } else {
        const ranked = rankForLabeling(unlabeled.map((i) => classifier.probabilities(trainX[i]!)), strat);
        next = ranked.slice(0, STEP).map((r) => unlabeled[r.index]!);
      }
      for (const i of next) labeled.add(i);
    }
    curves[strat]!.push(accs);
    log(`active learning draw ${d} ${strat}: ${accs.map((a) => (100 * a).toFixed(1)).join(' ')}`);
  }
}
const budgets = Array.from({ length: ROUNDS + 1 }, (_, r) => STEP * (r + 1));
// Gain over random per draw: mean accuracy difference over rounds 1…ROUNDS (round 0 is shared).
const gain = Object.fromEntries(
  STRATS.filter((s) => s !== 'random').map((s) => {
    const perDraw = curves[s]!.map((c, d) => mean(c.slice(1).map((a, r) => a - curves.random![d]![r + 1]!)));
    return [s, { meanPoints: 100 * mean(perDraw), sdPoints: 100 * sd(perDraw), drawsAhead: perDraw.filter((g) => g > 0).length }];
  }),
);
const activeMean = Object.fromEntries(STRATS.map((s) => [s, budgets.map((_, r) => mean(curves[s]!.map((c) => c[r]!)))]));
writeFileSync(
  path.join(out, 'chatbot-active-learning.svg'),
  lineChartSvg({
    title: `3i4K test accuracy vs labels (mean of ${DRAWS} draws, pool 10,000)`,
    xLabel: 'labeled utterances',
    yLabel: 'test accuracy',
    series: STRATS.map((s) => ({ name: s, points: budgets.map((b, r) => [b, activeMean[s]![r]!] as const) })),
  }),
);

const result = {
  machine: machine(),
  date: new Date().toISOString().slice(0, 10),
  data: { train: train.length, test: test.length },
  features: featurizer.spec,
  fewShot,
  defaultIntentModel: { model: `models/ko-intent (${defaultKind}, int8)`, accuracy: cnnScores.accuracy, macroF1: cnnScores.macroF1 },
  training1000: timing,
  search,
  activeLearning: { pool: 10_000, step: STEP, rounds: ROUNDS, draws: DRAWS, budgets, meanAccuracy: activeMean, gainOverRandom: gain, perDraw: curves },
};
writeFileSync(path.join(out, 'chatbot.json'), JSON.stringify(result, null, 2) + '\n');
const pct = (x: number) => (100 * x).toFixed(2);
const md = [
  '# Chatbot toolkit on 3i4K (`npm run bench:chatbot`)',
  '',
  `Machine: ${result.machine.cpu}, ${result.machine.cores} cores, Node ${result.machine.node}. Test: the official 3i4K test split (${test.length} utterances, 7 classes).`,
  `Features: ko-w2v pooled vectors (content mean, content max, last two morphemes) + 1,024 hashed morpheme buckets, ${featurizer.dim} dims; head: softmax regression (defaults), 20% of the labeled set for early stopping and calibration.`,
  '',
  '## Few-shot',
  '',
  '| labeled utterances | test accuracy | macro-F1 |',
  '|---|---|---|',
  ...fewShot.map((f) => `| ${f.perClass === 'all' ? `all ${train.length} (light head)` : `${f.perClass} per class (${f.perClass * 7}), mean of ${f.draws} draws`} | ${pct(f.accuracy)}%${f.accuracySd ? ` ± ${pct(f.accuracySd)}` : ''} | ${f.macroF1.toFixed(3)} |`),
  `| default intent model (${defaultKind}, trained on all ${train.length}) | ${pct(cnnScores.accuracy)}% | ${cnnScores.macroF1.toFixed(3)} |`,
  '',
  '## Training time, 1,000 utterances',
  '',
  `From text: morphological analysis + features ${timing.featuresMsMedian} ms, head + calibration ${timing.headMsMedian} ms, total **${timing.totalMsMedian} ms** (median of ${timing.runs}). Loading the analyzer and vectors once: ${timing.modelLoadMs} ms. Goal < 5 s.`,
  '',
  '![learning curve](chatbot-learning-curve.svg)',
  '',
  `Calibration (validation ECE): ${search.ece.before.toFixed(3)} before temperature scaling, ${search.ece.afterTemperature.toFixed(3)} after; test ECE ${search.ece.test.toFixed(3)}. Fallback threshold ${search.threshold!.threshold.toFixed(3)} (answered accuracy target 0.9): on validation ${pct(search.threshold!.coverage)}% answered at ${pct(search.threshold!.accuracy)}% accuracy.`,
  '',
  `Hyper-parameter search (successive halving, ${search.trials} trials, 20 s budget): best ${JSON.stringify(search.best)}; held-out accuracy ${pct(search.heldOutAccuracySearched)}% vs ${pct(search.heldOutAccuracyDefaults)}% with defaults; official test ${pct(search.officialTestAccuracySearched)}%.`,
  '',
  '## Active learning',
  '',
  `Pool of 10,000 train utterances; ${STEP} random labels to start, ${STEP} more per round chosen by each strategy; a fixed random validation sample of ${STEP} (shared by all strategies, not counted in the budget) for early stopping and calibration; mean of ${DRAWS} draws.`,
  '',
  `| labels | ${STRATS.join(' | ')} |`,
  `|---|${STRATS.map(() => '---').join('|')}|`,
  ...budgets.map((b, r) => `| ${b} | ${STRATS.map((s) => pct(activeMean[s]![r]!)).join(' | ')} |`),
  '',
  `Gain over random labeling, mean over rounds 1–${ROUNDS} (accuracy points, paired by draw): ${Object.entries(gain).map(([k, g]) => `${k} ${g.meanPoints >= 0 ? '+' : ''}${g.meanPoints.toFixed(2)} ± ${g.sdPoints.toFixed(2)} (ahead in ${g.drawsAhead}/${DRAWS} draws)`).join('; ')}.`,
  '',
  '![active learning](chatbot-active-learning.svg)',
  '',
];
writeFileSync(path.join(out, 'chatbot.md'), md.join('\n'));
log('wrote benchmarks/results/chatbot.{json,md,svg}');
