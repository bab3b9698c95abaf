/**
 * Where the browser's QA time goes: the same ko-qa int8 graph and the same 384-token window run by
 * onnxruntime-node (native CPU kernels) and by onnxruntime-web's WASM build (the kernels the browser
 * runs, here executed by Node's V8), one thread each, with ONNX Runtime's own per-operator profiler.
 * Operator times are medians over the profiled runs; the WASM/native ratio per operator type shows
 * whether the gap of `bench:browser-qa` is kornlu's code or the kernels. It also splits the Node
 * pipeline's time per question (bench:browser-qa's questions) into onnxruntime's run and the rest.
 * Writes benchmarks/results/qa-kernels.{json,md}.
 *
 *   npm run bench:qa-kernels
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as ortNode from 'onnxruntime-node';
import * as ortWeb from 'onnxruntime-web';
import { dataDir, projectRoot } from './lib/data.js';
import { loadQuestions } from './qa/questions.js';
import { pipeline } from '../src/pipelines/node.js';
import { Session } from '../src/runtime/backend.js';
import { machine } from './lib/report.js';

const MODEL = path.join(projectRoot, 'models/ko-qa/onnx/model_quantized.onnx');
const L = 384;
const RUNS = 20;
const WARMUP = 5;
const bytes = readFileSync(MODEL);

interface ProfileEvent { cat?: string; name?: string; dur?: number; ts?: number; args?: { op_name?: string } }
type Ort = typeof ortNode | typeof ortWeb;

function feeds(ort: Ort) {
  const ids = new BigInt64Array(L), mask = new BigInt64Array(L), types = new BigInt64Array(L);
  // A question of 24 pieces and a passage filling the window; ids spread over the vocabulary.
  for (let i = 0; i < L; i++) { ids[i] = BigInt(5 + ((i * 7919) % 15000)); mask[i] = 1n; types[i] = i < 24 ? 0n : 1n; }
  return { input_ids: new ort.Tensor('int64', ids, [1, L]), attention_mask: new ort.Tensor('int64', mask, [1, L]), token_type_ids: new ort.Tensor('int64', types, [1, L]) };
}

/** Per-op-type milliseconds per run (median over runs) and the median run time, from profile events. */
function summarize(events: ProfileEvent[]): { runMs: number; ops: Record<string, number> } {
  const runs = events.filter((e) => e.name === 'model_run').sort((a, b) => a.ts! - b.ts!).slice(WARMUP);
  const perRun = runs.map((r) => {
    const ops: Record<string, number> = {};
    for (const e of events) {
      if (e.cat !== 'Node' || !e.name?.endsWith('_kernel_time') || e.ts! < r.ts! || e.ts! > r.ts! + r.dur!) continue;
      const op = e.args?.op_name ?? '?';
      ops[op] = (ops[op] ?? 0) + e.dur! / 1000;
    }
    return ops;
  });
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
  const names = new Set(perRun.flatMap((o) => Object.keys(o)));
  return { runMs: median(runs.map((r) => r.dur! / 1000)), ops: Object.fromEntries([...names].map((n) => [n, median(perRun.map((o) => o[n] ?? 0))])) };
}

async function profileNode() {
  const dir = mkdtempSync(path.join(tmpdir(), 'kornlu-prof-'));
  // The session option kornlu's Node backend sets (int8 GEMM without 16-bit saturation on non-VNNI CPUs).
  const s = await ortNode.InferenceSession.create(bytes, {
    intraOpNumThreads: 1, interOpNumThreads: 1, enableProfiling: true, profileFilePrefix: path.join(dir, 'node'), extra: { session: { x64quantprecision: '1' } },
  });
  const f = feeds(ortNode);
  for (let i = 0; i < WARMUP + RUNS; i++) await s.run(f);
  s.endProfiling();
  await s.release();
  const file = readdirSync(dir).find((n) => n.endsWith('.json'))!;
  const events = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as ProfileEvent[];
  rmSync(dir, { recursive: true, force: true });
  return summarize(events);
}

/** Runs the WASM session in a child process: its module prints the profile straight to stdout. */
async function wasmChild(): Promise<void> {
  ortWeb.env.wasm.numThreads = 1;
  const s = await ortWeb.InferenceSession.create(bytes, { enableProfiling: true });
  const f = feeds(ortWeb);
  for (let i = 0; i < WARMUP + RUNS; i++) await s.run(f);
  s.endProfiling();
  await s.release();
}

function profileWasm() {
  const r = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--wasm-child'], { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`WASM child failed: ${r.stderr}`);
  const events: ProfileEvent[] = [];
  for (const line of r.stdout.split('\n')) {
    const t = line.trim().replace(/,$/, '');
    if (t.startsWith('{')) try { events.push(JSON.parse(t) as ProfileEvent); } catch { /* not an event */ }
  }
  return summarize(events);
}

if (process.argv.includes('--wasm-child')) {
  await wasmChild();
  process.exit(0);
}
/**
 * The Node pipeline on bench:browser-qa's 100 questions, one thread: time per question in all and
 * inside onnxruntime's run (Session.run wrapped), so the rest (tokenizing, windows, answer
 * extraction, reranking: kornlu's JavaScript, which the browser runs too) is known.
 */
async function pipelineSplit() {
  const file = path.join(dataDir(), 'korquad-v1/KorQuAD_v1.0_dev.json');
  if (!existsSync(file)) return null;
  const all = loadQuestions(file);
  const questions = Array.from({ length: 100 }, (_, i) => all[i * 57]!);
  let inRun = 0;
  const run = Session.prototype.run;
  Session.prototype.run = async function (this: Session, ...args: Parameters<typeof run>) {
    const t = performance.now();
    try {
      return await run.apply(this, args);
    } finally {
      inRun += performance.now() - t;
    }
  } as typeof run;
  const qa = await pipeline('question-answering', path.join(projectRoot, 'models/ko-qa'), { dtype: 'int8', threads: 1 });
  for (const q of questions.slice(0, WARMUP)) await qa.run(q);
  const total: number[] = [];
  const ort: number[] = [];
  for (const q of questions) {
    inRun = 0;
    const t = performance.now();
    await qa.run({ question: q.question, context: q.context });
    total.push(performance.now() - t);
    ort.push(inRun);
  }
  await qa.dispose();
  Session.prototype.run = run;
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  return { questions: questions.length, totalP50Ms: +median(total).toFixed(2), onnxruntimeP50Ms: +median(ort).toFixed(2), outsideP50Ms: +median(total.map((t, i) => t - ort[i]!)).toFixed(2) };
}

const native = await profileNode();
const wasm = profileWasm();
const split = await pipelineSplit();
const ops = [...new Set([...Object.keys(native.ops), ...Object.keys(wasm.ops)])].sort((a, b) => (wasm.ops[b] ?? 0) - (wasm.ops[a] ?? 0));
const rows = ops.map((op) => ({ op, nativeMs: +(native.ops[op] ?? 0).toFixed(3), wasmMs: +(wasm.ops[op] ?? 0).toFixed(3), ratio: native.ops[op] ? +((wasm.ops[op] ?? 0) / native.ops[op]!).toFixed(1) : null }));
const result = { date: new Date().toISOString().slice(0, 10), machine: machine(), model: 'models/ko-qa/onnx/model_quantized.onnx', window: L, runs: RUNS, nativeRunMs: +native.runMs.toFixed(2), wasmRunMs: +wasm.runMs.toFixed(2), pipelineNode1Thread: split, rows };
const out = path.join(projectRoot, 'benchmarks/results');
writeFileSync(path.join(out, 'qa-kernels.json'), JSON.stringify(result, null, 2) + '\n');
const md = [
  `# QA model: WASM kernels vs native kernels (${result.date})`,
  '',
  `Machine: ${Object.values(result.machine).join(', ')}. One thread each; ko-qa int8, one ${L}-token window; medians of ${RUNS} profiled runs after ${WARMUP} warm-up runs. Command: \`npm run bench:qa-kernels\`.`,
  `onnxruntime-web's WASM build runs here under Node's V8, which executes the same .wasm as Chromium.`,
  '',
  `Whole run: native ${result.nativeRunMs} ms, WASM ${result.wasmRunMs} ms (${(result.wasmRunMs / result.nativeRunMs).toFixed(1)}×).`,
  '',
  split
    ? `Node pipeline, one thread, bench:browser-qa's ${split.questions} KorQuAD dev questions: p50 ${split.totalP50Ms} ms a question, of which onnxruntime's run ${split.onnxruntimeP50Ms} ms; kornlu's own JavaScript around it (tokenizing, windows, answer spans, reranking — the same code in the browser) ${split.outsideP50Ms} ms. So the browser/Node ratio of \`bench:browser-qa\` is the kernels'.`
    : 'Node pipeline split: skipped (KorQuAD dev not found; set KORNLU_DATA).',
  '',
  '| operator | native ms | WASM ms | WASM ÷ native |',
  '|---|---:|---:|---:|',
  ...rows.filter((r) => r.wasmMs >= 0.05 || r.nativeMs >= 0.05).map((r) => `| ${r.op} | ${r.nativeMs} | ${r.wasmMs} | ${r.ratio ?? '—'} |`),
  '',
].join('\n');
writeFileSync(path.join(out, 'qa-kernels.md'), md);
process.stdout.write(md);
