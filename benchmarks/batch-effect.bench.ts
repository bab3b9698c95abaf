/**
 * How much a text's result depends on the other texts in its batch, for the bundled int8 models.
 * Their matrix products quantize activations dynamically, with one scale per tensor — per batch —
 * so `run([a, b])` need not score `a` exactly as `run(a)` does (fp32 models are batch-invariant;
 * test/pipelines checks that). Same texts, same pipeline: batches against one text per call.
 *
 *   npm run bench:batch-effect          (N=texts per classifier, default 2000; Q=questions, default 200)
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { readLabeledFile } from '../scripts/models/labeled-file.js';
import { pipeline } from '../src/pipelines/node.js';
import { loadQuestions } from './qa/questions.js';
import { projectRoot, requireData } from './lib/data.js';
import { machine, median, time } from './lib/report.js';

const N = Number(process.env.N ?? 2000);
const Q = Number(process.env.Q ?? 200);
const log = (s: string) => process.stderr.write(s + '\n');

interface Row {
  model: string;
  items: string;
  batchSize: number;
  /** Items whose best label (answer) differs between the batched call and single calls. */
  changed: number;
  /** Items whose best score is bit-identical. */
  identicalScores: number;
  medianScoreDiff: number;
  maxScoreDiff: number;
  batchedSeconds: number;
  singleSeconds: number;
}
const rows: Row[] = [];

/** The items as one call (the pipeline batches them) and one per call: both results and both times in seconds. */
async function bothWays<I, R>(items: readonly I[], all: (xs: readonly I[]) => Promise<R[]>, one: (x: I) => Promise<R>) {
  let batched: R[] = [];
  const single: R[] = [];
  const tb = await time(async () => (batched = await all(items)));
  const ts = await time(async () => {
    for (const x of items) single.push(await one(x));
  });
  return { batched, single, times: [tb, ts] as [number, number] };
}

function compare(model: string, items: string, batchSize: number, batched: Array<{ key: string; score: number }>, single: Array<{ key: string; score: number }>, times: [number, number]): void {
  const diffs: number[] = [];
  let changed = 0;
  let identical = 0;
  for (let i = 0; i < batched.length; i++) {
    const [a, b] = [batched[i]!, single[i]!];
    if (a.key !== b.key) changed++;
    else {
      diffs.push(Math.abs(a.score - b.score));
      if (a.score === b.score) identical++;
    }
  }
  const row = {
    model, items, batchSize, changed, identicalScores: identical,
    medianScoreDiff: +median(diffs).toExponential(2), maxScoreDiff: +Math.max(0, ...diffs).toExponential(2),
    batchedSeconds: +times[0].toFixed(2), singleSeconds: +times[1].toFixed(2),
  };
  rows.push(row);
  log(JSON.stringify(row));
}

for (const m of [
  { name: 'ko-sentiment', file: requireData('nsmc/ratings_test.txt'), format: 'nsmc' as const, what: 'NSMC test reviews' },
  { name: 'ko-intent', file: requireData('3i4k/fci_test.txt'), format: '3i4k' as const, what: '3i4K test utterances' },
]) {
  const texts: string[] = [];
  for await (const x of readLabeledFile(m.file, m.format)) if (texts.push(x.text) >= N) break;
  const clf = await pipeline('text-classification', path.join(projectRoot, 'models', m.name), { threads: 2 });
  for (const t of texts.slice(0, 50)) await clf.run(t); // warm-up
  const { batched, single, times } = await bothWays(texts, (xs) => clf.run(xs, { batchSize: 64 }), (x) => clf.run(x));
  const top = (r: Array<{ label: string; score: number }>) => ({ key: r[0]!.label, score: r[0]!.score });
  compare(m.name, `first ${texts.length} ${m.what}`, 64, batched.map(top), single.map(top), times);
  await clf.dispose();
}

const all = loadQuestions(requireData('korquad-v1/KorQuAD_v1.0_dev.json'));
const questions = Array.from({ length: Q }, (_, i) => all[Math.floor((i * all.length) / Q)]!);
const best = (r: Array<{ start: number; end: number; score: number }>) => ({ key: r[0] ? `${r[0].start}:${r[0].end}` : '', score: r[0]?.score ?? 0 });
for (const name of ['ko-qa', 'ko-qa-small']) {
  const qa = await pipeline('question-answering', path.join(projectRoot, 'models', name), { dtype: 'int8', threads: 2 });
  const { batched, single, times } = await bothWays(questions, (xs) => qa.run(xs), (x) => qa.run(x));
  compare(name, `${questions.length} KorQuAD 1.0 dev questions, evenly spaced`, 16, batched.map(best), single.map(best), times);
  await qa.dispose();
}

const result = { date: new Date().toISOString(), machine: machine(), rows };
const out = path.join(projectRoot, 'benchmarks/results');
writeFileSync(path.join(out, 'batch-effect.json'), JSON.stringify(result, null, 2) + '\n');
const md = [
  `# Batched vs one at a time, int8 models (${result.date.slice(0, 10)})`,
  '',
  `Machine: ${Object.values(result.machine).join(', ')}. 2 threads. Command: \`npm run bench:batch-effect\`.`,
  'Each item is scored once in batches (the pipeline\'s `batchSize`, texts sorted by length) and once alone; "changed" counts',
  'items whose best label (answer span) differs, the score columns compare the best score where it does not.',
  '',
  '| model | items | batch | changed | identical scores | Δ score, median / max | batched s | one at a time s |',
  '|---|---|---:|---:|---:|---:|---:|---:|',
  ...rows.map((r) => `| ${r.model} | ${r.items} | ${r.batchSize} | ${r.changed} | ${r.identicalScores} | ${r.medianScoreDiff} / ${r.maxScoreDiff} | ${r.batchedSeconds} | ${r.singleSeconds} |`),
  '',
  'Why: int8 models quantize each matrix product\'s input with one scale for the whole tensor, so the other texts of a batch (and their',
  'padding) shift it. `batchSize: 1`, or one text per call, gives results that never depend on the rest of the call; fp32 models give',
  'the same result either way.',
  '',
].join('\n');
writeFileSync(path.join(out, 'batch-effect.md'), md);
log(md);
process.exit(0);
