/**
 * Fits the analyzer's weights on the KLUE-DP fitting split with an averaged structured perceptron
 * (forced alignment gives the gold path through the lattice), then reports morpheme F1 on the
 * held-out split. Writes models/ko-morph/weights.json and metrics.json.
 *
 *   npx tsx scripts/morph/train.ts [--max-epochs 22]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { MORPH_LEXICON_FILES, MORPH_WEIGHTS_FILE } from '../../src/morph/load.js';
import path from 'node:path';
import { Lexicon } from '../../src/morph/dict/lexicon.js';
import { addFeature, transitionFeatures, Weights, type Features } from '../../src/morph/model.js';
import { decode } from '../../src/morph/viterbi/decode.js';
import { forcedDecode } from '../../src/morph/viterbi/forced.js';
import { allNodes, buildLattice, setNodeScore, type LatticeNode } from '../../src/morph/viterbi/lattice.js';
import { Scorer } from '../../src/morph/scorer.js';
import { projectRoot, requireData } from '../../benchmarks/lib/data.js';
import { F1 } from './evaluate.js';
import { klueLexiconRows, readKlue, rowsToTSV, splitKlue, type GoldSentence } from './klue.js';

const dir = path.join(projectRoot, 'models/ko-morph');
const files = MORPH_LEXICON_FILES.map((name) => ({ name, text: gunzipSync(readFileSync(path.join(dir, name))).toString('utf8') }));
const t0 = Date.now();
const lex = Lexicon.fromTSV(files);
console.log(`lexicon: ${lex.size} entries in ${Date.now() - t0} ms`);
const { train, test } = splitKlue(readKlue(requireData('klue-dp/klue-dp-v1.1_dev_even.tsv')));

// Cross-fitting: a sentence is never analyzed with KLUE entries taken from itself. Otherwise every
// training word is in the KLUE lexicon, the perceptron learns to trust that source blindly, and
// words only Kiwi or mecab know lose on new text (환불 → 환/XR 불/NNG).
const baseFiles = files.filter((f) => f.name !== 'lex-klue.tsv.gz');
const lexWithout = (sentences: GoldSentence[]) => Lexicon.fromTSV([...baseFiles, { name: 'lex-klue.tsv', text: rowsToTSV(klueLexiconRows(sentences)) }]);
const FOLDS = 5;

/** All features of a path: its nodes, and the transitions between them (with whitespace flags). */
function pathFeatures(text: string, nodes: LatticeNode[]): Features {
  const f: Features = new Map();
  let prev: LatticeNode | null = null;
  for (const n of nodes) {
    for (const [k, v] of n.features!) addFeature(f, k, v);
    const space = prev !== null && /\s/.test(text.slice(prev.end, n.start));
    transitionFeatures(f, prev ? prev.morphs[prev.morphs.length - 1]! : null, n.morphs[0]!, space);
    prev = n;
  }
  transitionFeatures(f, prev ? prev.morphs[prev.morphs.length - 1]! : null, null, false);
  return f;
}

const sentenceText = (s: GoldSentence) => s.eojeols.map((e) => e.surface).join(' ');
const keys = (nodes: LatticeNode[]) => nodes.flatMap((n) => n.morphs.map((m) => `${m.lemma}/${m.tag}`));

/** Averaged perceptron (lazy averaging: avg = w − u / c); `onEpoch` sees the averaged weights. */
function fit(sents: GoldSentence[], epochs: number, onEpoch?: (ep: number, avg: Weights) => void): Weights {
  const w = new Weights();
  const u = new Map<string, number>();
  let c = 1;
  const update = (f: Features, sign: number) => {
    for (const [k, v] of f) {
      w.set(k, w.get(k) + sign * v);
      u.set(k, (u.get(k) ?? 0) + sign * c * v);
    }
  };
  const averaged = () => {
    const avg = new Weights();
    for (const [k, v] of w.w) avg.set(k, v - (u.get(k) ?? 0) / c);
    return avg;
  };
  const foldLex = Array.from({ length: FOLDS }, (_, k) => lexWithout(sents.filter((_, i) => i % FOLDS !== k)));
  const lattices = sents.map((s, i) => buildLattice(sentenceText(s), foldLex[i % FOLDS]!, new Scorer(w, true)));
  for (let ep = 1; ep <= epochs; ep++) {
    let errors = 0;
    const order = sents.map((_, i) => i);
    let seed = ep * 7919; // deterministic shuffle per epoch
    for (let i = order.length - 1; i > 0; i--) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      const j = seed % (i + 1);
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (const idx of order) {
      const s = sents[idx]!;
      const lat = lattices[idx]!;
      c++;
      // Weights changed since the lattice was built: rescore its nodes from their features.
      const sc = new Scorer(w, true);
      for (const n of allNodes(lat)) setNodeScore(lat, n, w.score(n.features!));
      const pred = decode(lat, sc)[0]!;
      // Eojeols the lattice cannot produce take the prediction as their "gold": no update from them.
      const gold = forcedDecode(lat, s.eojeols.map((e) => e.morphemes), pred)!;
      if (keys(pred).join(' ') === keys(gold).join(' ')) continue;
      errors++;
      update(pathFeatures(lat.text, gold), +1);
      update(pathFeatures(lat.text, pred), -1);
    }
    process.stdout.write(`epoch ${ep}: ${errors}/${sents.length} sentences wrong\n`);
    onEpoch?.(ep, averaged());
  }
  return averaged();
}

function evaluate(sents: GoldSentence[], weights: Weights, lexicon: Lexicon = lex) {
  const tagged = new F1();
  const seg = new F1();
  let oracle = 0;
  for (const s of sents) {
    const sc = new Scorer(weights, false);
    const lat = buildLattice(sentenceText(s), lexicon, sc);
    const pred = decode(lat, sc)[0]!;
    const goldMorphs = s.eojeols.flatMap((e) => e.morphemes);
    tagged.add(keys(pred), goldMorphs.map((m) => `${m.lemma}/${m.tag}`));
    seg.add(pred.flatMap((n) => n.morphs.map((m) => m.lemma)), goldMorphs.map((m) => m.lemma));
    if (forcedDecode(lat, s.eojeols.map((e) => e.morphemes))) oracle++;
  }
  return { morpheme: tagged.scores, segmentation: seg.scores, goldReachable: oracle / sents.length };
}

// Choose the number of epochs on a dev part of the fitting split (sentences 700–799), then refit
// on all 800. The held-out 200 are touched once, at the end.
const flag = process.argv.indexOf('--max-epochs');
const maxEpochs = flag > 0 ? Number(process.argv[flag + 1]) : 22;
if (!Number.isInteger(maxEpochs) || maxEpochs < 1) throw new Error('--max-epochs must be a positive integer');
const dev = train.slice(700);
const devLex = lexWithout(train.slice(0, 700));
let bestEpochs = 1;
let bestDev = -1;
fit(train.slice(0, 700), maxEpochs, (ep, avg) => {
  const f1 = evaluate(dev, avg, devLex).morpheme.f1;
  console.log(`  dev F1 after ${ep}: ${f1.toFixed(4)}`);
  if (f1 > bestDev) {
    bestDev = f1;
    bestEpochs = ep;
  }
});
console.log(`chosen epochs: ${bestEpochs} (dev F1 ${bestDev.toFixed(4)})`);
const tFit = Date.now();
const avg = fit(train, bestEpochs);
const fitSeconds = (Date.now() - tFit) / 1000;
const heldOut = evaluate(test, avg);
const fitScores = evaluate(train.slice(0, 200), avg);
console.log('held-out', JSON.stringify(heldOut));
console.log('fit (first 200)', JSON.stringify(fitScores));
writeFileSync(path.join(dir, MORPH_WEIGHTS_FILE), gzipSync(JSON.stringify(avg.toJSON()) + '\n', { level: 9 }));
writeFileSync(
  path.join(dir, 'metrics.json'),
  JSON.stringify({ trainSentences: train.length, heldOutSentences: test.length, crossFitFolds: FOLDS, epochs: bestEpochs, devF1: bestDev, fitSeconds, heldOut, fitFirst200: fitScores }, null, 2) + '\n',
);
