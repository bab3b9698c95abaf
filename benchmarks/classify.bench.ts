/**
 * What the n-gram head costs the default classifiers (models/ko-sentiment, models/ko-intent):
 * the same pipeline, same texts, encoder alone (`ngramHead: false`) and encoder + head, alternated
 * text by text in one process so machine drift hits both alike. One text per call (a chatbot's
 * case) and batches of 64; 2 threads. The head's own time per text is measured apart.
 *
 *   npm run bench:classify          (N=texts per model, default 1000)
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { readLabeledFile } from '../scripts/models/labeled-file.js';
import { pipeline } from '../src/pipelines/node.js';
import { projectRoot, requireData } from './lib/data.js';
import { barChart, machine, median } from './lib/report.js';

const N = Number(process.env.N ?? 1000);
const log = (s: string) => process.stderr.write(s + '\n');
const pct = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * q))]!;

const models = [
  { name: 'ko-sentiment', test: requireData('nsmc/ratings_test.txt'), format: 'nsmc' as const },
  { name: 'ko-intent', test: requireData('3i4k/fci_test.txt'), format: '3i4k' as const },
];
const rows: Array<Record<string, number | string>> = [];
for (const m of models) {
  const texts: string[] = [];
  for await (const x of readLabeledFile(m.test, m.format)) if (texts.push(x.text) >= N) break;
  const clf = await pipeline('text-classification', path.join(projectRoot, 'models', m.name), { threads: 2 });
  if (!clf.ngramHead) throw new Error(`models/${m.name} has no n-gram head`);
  const head = clf.ngramHead.head;
  for (const t of texts.slice(0, 100)) {
    await clf.run(t);
    await clf.run(t, { ngramHead: false });
  }
  const alone: number[] = [];
  const both: number[] = [];
  for (const [i, t] of texts.entries()) {
    // Alternate which mode goes first, so neither always runs on a warmer cache.
    for (const withHead of i % 2 ? [true, false] : [false, true]) {
      const s = performance.now();
      await clf.run(t, { ngramHead: withHead });
      (withHead ? both : alone).push(performance.now() - s);
    }
  }
  const headOnly: number[] = [];
  for (let r = 0; r < 5; r++) {
    const s = performance.now();
    for (const t of texts) head.logProbs(t);
    headOnly.push(((performance.now() - s) * 1000) / texts.length);
  }
  const batch = async (withHead: boolean) => {
    const s = performance.now();
    await clf.run(texts, { batchSize: 64, ngramHead: withHead });
    return texts.length / ((performance.now() - s) / 1000);
  };
  const tpsAlone: number[] = [];
  const tpsBoth: number[] = [];
  for (let r = 0; r < 3; r++) {
    tpsAlone.push(await batch(false));
    tpsBoth.push(await batch(true));
  }
  await clf.dispose();
  const row = {
    model: m.name,
    texts: texts.length,
    encoder_p50_ms: +median(alone).toFixed(3),
    encoder_p95_ms: +pct(alone, 0.95).toFixed(3),
    with_head_p50_ms: +median(both).toFixed(3),
    with_head_p95_ms: +pct(both, 0.95).toFixed(3),
    head_us_per_text: +median(headOnly).toFixed(1),
    encoder_texts_per_s_batch64: +median(tpsAlone).toFixed(0),
    with_head_texts_per_s_batch64: +median(tpsBoth).toFixed(0),
  };
  log(JSON.stringify(row));
  rows.push(row);
}

const out = path.join(projectRoot, 'benchmarks/results');
const date = new Date().toISOString().slice(0, 10);
const mc = machine();
writeFileSync(path.join(out, 'classify.json'), JSON.stringify({ date, machine: mc, command: 'npm run bench:classify', rows }, null, 2) + '\n');
const md = [
  `# Classifiers: encoder alone vs encoder + n-gram head — ${date}`,
  '',
  `Machine: ${mc.cpu} (${mc.simd}), ${mc.cores} cores, Node ${mc.node}. Command: \`npm run bench:classify\`. ` +
    `The first ${N} test texts of each model's test split, one call per text, the two modes alternated text by text; 2 threads; batch figures: median of 3 passes.`,
  '',
  '| model | encoder p50 / p95 ms | + n-gram head p50 / p95 ms | head alone µs/text | texts/s batch 64 (encoder → + head) |',
  '|---|---|---|---|---|',
  ...rows.map((r) => `| ${r.model} | ${r.encoder_p50_ms} / ${r.encoder_p95_ms} | ${r.with_head_p50_ms} / ${r.with_head_p95_ms} | ${r.head_us_per_text} | ${r.encoder_texts_per_s_batch64} → ${r.with_head_texts_per_s_batch64} |`),
  '',
  '![latency](classify.svg)',
  '',
].join('\n');
writeFileSync(path.join(out, 'classify.md'), md);
writeFileSync(
  path.join(out, 'classify.svg'),
  barChart(
    'p50 ms per text, one text per call',
    'ms',
    rows.flatMap((r) => [
      { label: `${r.model} + n-gram head`, value: Number(r.with_head_p50_ms) },
      { label: `${r.model} encoder alone`, value: Number(r.encoder_p50_ms) },
    ]),
  ),
);
log(md);
