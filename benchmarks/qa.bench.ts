/**
 * Question answering speed, side by side on one model file and one machine: kornlu's
 * question-answering pipeline vs transformers.js's (same ONNX file, same onnxruntime-node) vs
 * PyTorch eager (same weights), 2 threads each, one question per call (a chatbot's case), over the
 * KorQuAD 1.0 dev questions. transformers.js truncates to one window, so the comparison uses the
 * questions whose question + context fit one 384-token window; kornlu also runs all 5,774.
 * The model has KoELECTRA-small-v3's shape with random weights (speed does not depend on them):
 * make it with `/usr/bin/python3 scripts/models/make_bench_qa.py benchmarks/.models/koelectra-small-qa`.
 *
 *   npm run bench:qa          (LIMIT=n questions for a quick run)
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from '../src/pipelines/node.js';
import { SubwordTokenizer } from '../src/tokenizers/subword/tokenizer.js';
import { barChart, machine } from './lib/report.js';
import { projectRoot, requireData } from './lib/data.js';
import { loadQuestions, type WorkerResult } from './qa/questions.js';

const log = (s: string) => process.stderr.write(s + '\n');
const data = requireData('korquad-v1/KorQuAD_v1.0_dev.json');
const modelDir = path.join(projectRoot, 'benchmarks/.models/koelectra-small-qa');
if (!existsSync(path.join(modelDir, 'onnx/model.onnx'))) {
  log(`missing ${modelDir}; make it with: /usr/bin/python3 scripts/models/make_bench_qa.py benchmarks/.models/koelectra-small-qa`);
  process.exit(3);
}
const THREADS = 2;
const MAX_LEN = 384;
const work = mkdtempSync(path.join(tmpdir(), 'kornlu-qa-bench-'));
let questions = loadQuestions(data);
if (process.env.LIMIT) questions = questions.slice(0, Number(process.env.LIMIT));

// Questions whose pair fits one window; their windows (ids, context token range) for PyTorch.
const tok = SubwordTokenizer.fromJSON(readFileSync(path.join(modelDir, 'tokenizer.json'), 'utf8'));
const single: string[] = [];
const windowsJsonl: string[] = [];
const offsets = new Map<string, Array<[number, number]>>();
for (const q of questions) {
  const e = tok.encode(q.question, q.context);
  const qLen = e.sequenceIds.filter((s) => s === 0).length;
  if (e.ids.length > MAX_LEN || qLen > 64) continue;
  single.push(q.id);
  const from = e.sequenceIds.indexOf(1);
  const to = e.sequenceIds.lastIndexOf(1) + 1;
  windowsJsonl.push(JSON.stringify({ input_ids: e.ids, token_type_ids: e.typeIds, context_from: from, context_to: to }));
  offsets.set(q.id, e.offsets);
}
const idsFile = path.join(work, 'single.json');
writeFileSync(idsFile, JSON.stringify(single));
writeFileSync(path.join(work, 'windows.jsonl'), windowsJsonl.join('\n') + '\n');
log(`${questions.length} questions, ${single.length} fit one ${MAX_LEN}-token window`);

const allFile = path.join(work, 'all.json');
writeFileSync(allFile, JSON.stringify(questions.map((q) => q.id)));
function node(script: string, args: string[], name: string): WorkerResult & { windows?: number[] } {
  const out = path.join(work, `${name}.json`);
  log(`running ${name} …`);
  execFileSync(process.execPath, ['--import', 'tsx', path.join(projectRoot, 'benchmarks/qa', script), data, ...args, out], { stdio: ['ignore', 'ignore', 'inherit'] });
  return JSON.parse(readFileSync(out, 'utf8')) as WorkerResult & { windows?: number[] };
}
function torch(): WorkerResult & { answers: Array<[number, number]> } {
  const out = path.join(work, 'pytorch.json');
  log('running pytorch-eager …');
  execFileSync('/usr/bin/python3', [path.join(projectRoot, 'benchmarks/qa/torch_worker.py'), path.join(work, 'windows.jsonl'), modelDir, String(THREADS), out], { stdio: ['ignore', 'ignore', 'inherit'] });
  return JSON.parse(readFileSync(out, 'utf8')) as WorkerResult & { answers: Array<[number, number]> };
}

const kAll = node('kornlu-worker.ts', [allFile, modelDir, 'fp32', String(THREADS)], 'kornlu-fp32');
const tjs = node('transformers-worker.ts', [idsFile, modelDir, 'fp32', String(THREADS)], 'transformers-fp32');
const pt = torch();
const k8 = node('kornlu-worker.ts', [idsFile, modelDir, 'int8', String(THREADS)], 'kornlu-int8');
const t8 = node('transformers-worker.ts', [idsFile, modelDir, 'q8', String(THREADS)], 'transformers-q8');

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? 0;
};
const stats = (system: string, lat: number[], r: WorkerResult) => ({
  system,
  questions: lat.length,
  qps: +(lat.length / (lat.reduce((a, b) => a + b, 0) / 1000)).toFixed(2),
  p50_ms: +pct(lat, 50).toFixed(2),
  p95_ms: +pct(lat, 95).toFixed(2),
  load_ms: Math.round(r.loadMs),
  peak_rss_mb: Math.round(r.peakRssMb),
});
const index = new Map(questions.map((q, i) => [q.id, i]));
const subsetLat = single.map((id) => kAll.latencies[index.get(id)!]!);
const kSubsetAnswers = single.map((id) => kAll.answers[index.get(id)!]!);
// transformers.js has no answer-length bound (kornlu's default is 30 tokens) and returns decoded
// subword text: check agreement with kornlu run unbounded (not timed), '##' and spaces ignored.
const AGREE_N = Math.min(200, single.length);
const unbounded = await pipeline('question-answering', modelDir, { threads: THREADS });
const squashPieces = (s: string) => s.replace(/##/g, '').replace(/\s+/g, '');
let same = 0;
for (let i = 0; i < AGREE_N; i++) {
  const q = questions[index.get(single[i]!)!]!;
  const [a] = await unbounded.run({ question: q.question, context: q.context }, { maxAnswerTokens: 1024 });
  if (squashPieces(a?.answer ?? '') === squashPieces(tjs.answers[i]!)) same++;
}
await unbounded.dispose();
const agreeTjs = same / Math.max(1, AGREE_N);
const agreeTorch = single.filter((id, i) => {
  const [s, e] = pt.answers[i]!;
  const off = offsets.get(id)!;
  const q = questions[index.get(id)!]!;
  return q.context.slice(off[s]![0], off[e]![1]) === kSubsetAnswers[i];
}).length / single.length;

const rows = [
  stats('kornlu fp32', subsetLat, kAll),
  stats('transformers.js fp32', tjs.latencies, tjs),
  stats('PyTorch eager fp32', pt.latencies, pt),
  stats('kornlu int8', k8.latencies, k8),
  stats('transformers.js q8 (same int8 file)', t8.latencies, t8),
];
const full = stats('kornlu fp32, all questions (doc stride)', kAll.latencies, kAll);
const windows = kAll.windows ?? [];
const ratio = (a: number, b: number) => +(a / b).toFixed(2);
const result = {
  machine: machine(),
  model: 'KoELECTRA-small-v3 shape (14.06 M parameters), random weights; KoELECTRA v3 tokenizer.json',
  threads: THREADS,
  batch: 1,
  subset: { questions: single.length, of: questions.length, rule: `question + context ≤ ${MAX_LEN} tokens (one window)` },
  rows,
  full: { ...full, windows_mean: +(windows.reduce((a, b) => a + b, 0) / Math.max(1, windows.length)).toFixed(3), windows_max: Math.max(0, ...windows) },
  ratios: {
    kornlu_vs_transformersjs_qps: ratio(rows[0]!.qps, rows[1]!.qps),
    kornlu_vs_pytorch_qps: ratio(rows[0]!.qps, rows[2]!.qps),
    kornlu_int8_speedup: ratio(rows[3]!.qps, rows[0]!.qps),
    kornlu_int8_vs_transformersjs_q8_qps: ratio(rows[3]!.qps, rows[4]!.qps),
  },
  agreement: { same_answer_as_transformersjs_unbounded: +agreeTjs.toFixed(4), checked: AGREE_N, same_span_as_pytorch: +agreeTorch.toFixed(4) },
};
const out = path.join(projectRoot, 'benchmarks/results');
writeFileSync(path.join(out, 'qa.json'), JSON.stringify(result, null, 2) + '\n');
const md = [
  '# Question answering speed (KorQuAD 1.0 dev)',
  '',
  `Machine: ${JSON.stringify(result.machine)}. ${result.model}. ${THREADS} threads, one question per call.`,
  `Side by side on the ${single.length} of ${questions.length} questions that fit one ${MAX_LEN}-token window (transformers.js truncates to one window).`,
  'PyTorch runs on the same token ids (no Python tokenizer here): its time is model + span choice only.',
  '',
  '| system | questions | questions/s | p50 ms | p95 ms | load ms | peak RSS MB |',
  '|---|---|---|---|---|---|---|',
  ...[...rows, full].map((r) => `| ${r.system} | ${r.questions} | ${r.qps} | ${r.p50_ms} | ${r.p95_ms} | ${r.load_ms} | ${r.peak_rss_mb} |`),
  '',
  `kornlu / transformers.js: **${result.ratios.kornlu_vs_transformersjs_qps}×** questions/s (goal ≥ 1.2×); kornlu / PyTorch eager: **${result.ratios.kornlu_vs_pytorch_qps}×** (goal ≥ 2×).`,
  `int8 (model_quantized.onnx) speed-up for kornlu: ${result.ratios.kornlu_int8_speedup}×; kornlu int8 / transformers.js q8: ${result.ratios.kornlu_int8_vs_transformersjs_q8_qps}×.`,
  `All questions with doc stride: ${result.full.windows_mean} windows per question on average (max ${result.full.windows_max}).`,
  `Answers checked: kornlu without its 30-token bound gives transformers.js's answer (its decoded text; '##' and spaces ignored) on ${(agreeTjs * 100).toFixed(1)}% of the first ${AGREE_N} questions; kornlu gives PyTorch's span (same bound) on ${(agreeTorch * 100).toFixed(1)}% of all.`,
  '',
  'Made by `npm run bench:qa` (benchmarks/qa.bench.ts).',
  '',
].join('\n');
writeFileSync(path.join(out, 'qa.md'), md);
writeFileSync(path.join(out, 'qa.svg'), barChart('KorQuAD dev, questions/s (2 threads, batch 1)', 'questions/s', rows.map((r) => ({ label: r.system, value: r.qps }))));
process.stdout.write(md);
