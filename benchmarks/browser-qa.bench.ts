/**
 * In-browser QA speed, side by side with Node on the same int8 model and the same 100 KorQuAD dev
 * questions (every 57th), one question per call as a user asks them: Node CPU (onnxruntime-node, 1
 * and 2 threads) vs the demo app (examples/browser-qa, production build) in headless Chromium
 * (onnxruntime-web WASM with 1 thread — page not cross-origin isolated — and 2 threads, and
 * WebGPU on Chromium's software adapter when it runs). Browser timings are taken in the page around
 * the worker call, so they include the postMessage round trip. Cold start = navigation to first
 * answer in a fresh profile (model downloaded); warm = a second visit (model from the Cache API);
 * medians of 5 starts each (STARTS), on loopback and on an emulated 50 Mbit/s link.
 * Writes benchmarks/results/browser-qa.{json,md,svg}.
 *
 *   npm run bench:browser-qa      (needs Debian's chromium and models/ko-qa)
 *   KORNLU_QA_MODEL=models/ko-qa-small npm run bench:browser-qa   (another model; writes browser-qa-ko-qa-small.*)
 *   ROUNDS=5 WEBGPU=0 npm run bench:browser-qa   (more rounds; skip the slow software-WebGPU pass)
 *   RESULTS_TAG=vnni npm run bench:browser-qa   (writes browser-qa-vnni.*: a run on another host kept beside the main one)
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'vite';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { DemoWindow } from '../examples/browser-qa/src/protocol.js';
import { serveStatic, type StaticServer } from '../examples/browser-qa/serve.js';
import { pipeline } from '../src/pipelines/node.js';
import { launchChromium, launchProfile } from './lib/browser.js';
import { projectRoot, requireData } from './lib/data.js';
import { barChart, machine, median } from './lib/report.js';
import { loadQuestions } from './qa/questions.js';

const N = 100;
const WARMUP = 5;
const all = loadQuestions(requireData('korquad-v1/KorQuAD_v1.0_dev.json'));
const questions = Array.from({ length: N }, (_, i) => all[i * 57]!).map(({ question, context }) => ({ question, context }));
// The demo's vite config serves the same folder (KORNLU_QA_MODEL) as its ko-qa model.
const model = process.env.KORNLU_QA_MODEL ? path.resolve(process.env.KORNLU_QA_MODEL) : path.join(projectRoot, 'models/ko-qa');
const modelName = path.relative(projectRoot, model);
const tag = process.env.RESULTS_TAG ?? '';
if (!/^[a-z0-9-]*$/.test(tag)) throw new Error(`RESULTS_TAG must be lower-case letters, digits and dashes, got ${JSON.stringify(tag)}`);
const outName = (modelName === 'models/ko-qa' ? 'browser-qa' : `browser-qa-${path.basename(model)}`) + (tag ? `-${tag}` : '');
const log = (s: string) => process.stderr.write(s + '\n');
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;
const summary = (xs: number[]) => ({ p50: +pct(xs, 0.5).toFixed(2), p95: +pct(xs, 0.95).toFixed(2), mean: +(xs.reduce((a, b) => a + b, 0) / xs.length).toFixed(2) });

interface Row { system: string; p50: number; p95: number; mean: number; answers?: string[]; note?: string; roundP50s?: number[]; stableAnswers?: boolean }
const rows: Row[] = [];

/**
 * Node and the browser are timed in alternating rounds (Node 1 thread, page 1 thread, Node 2
 * threads, page 2 threads; ROUNDS times), not one after the other: this shared host's speed drifts
 * by tens of percent within minutes, and a ratio of passes taken minutes apart measured the drift
 * as much as the runtimes. The ratio reported is the median of the rounds' ratios.
 */
const ROUNDS = Number(process.env.ROUNDS ?? 3);
type Pass = { lat: number[]; answers: string[] };
const nodePipelines = new Map<number, Awaited<ReturnType<typeof pipeline<'question-answering'>>>>();
for (const threads of [1, 2]) {
  const qa = await pipeline('question-answering', model, { dtype: 'int8', threads });
  for (const q of questions.slice(0, WARMUP)) await qa.run(q);
  nodePipelines.set(threads, qa);
}
async function nodePass(threads: number): Promise<Pass> {
  const qa = nodePipelines.get(threads)!;
  const lat: number[] = [];
  const answers: string[] = [];
  for (const q of questions) {
    const t = performance.now();
    const [a] = await qa.run(q);
    lat.push(performance.now() - t);
    answers.push(a?.answer ?? '');
  }
  return { lat, answers };
}

const dist = mkdtempSync(path.join(tmpdir(), 'kornlu-demo-bench-'));
await build({ configFile: path.join(projectRoot, 'examples/browser-qa/vite.config.ts'), logLevel: 'warn', build: { outDir: dist, emptyOutDir: true } });

/** A link slower than loopback, applied through the DevTools protocol (it covers the worker's fetches too). */
const LINK = { mbps: 50, rttMs: 40 };

/** Opens the page and asks the first question: ms from navigation start to its answer. */
async function firstAnswer(context: BrowserContext, url: string, throttled = false) {
  const page = await context.newPage();
  if (throttled) {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: LINK.rttMs, downloadThroughput: (LINK.mbps * 1e6) / 8, uploadThroughput: (LINK.mbps * 1e6) / 8 });
  }
  await page.goto(url);
  const ms = await page.evaluate(async (q) => {
    const demo = (window as unknown as DemoWindow).kornluDemo;
    await demo.answer(q.question, q.context);
    return performance.now(); // ms since navigation started
  }, questions[0]!);
  return { page, ms };
}

/** Cold (fresh profile) and warm (second visit) first-answer times, STARTS times each (5; single starts vary by ±0.5 s here), each in a new profile folder. */
const STARTS = Number(process.env.STARTS ?? 5);
async function startTimes(url: string, throttled = false) {
  const coldMs: number[] = [], warmMs: number[] = [];
  for (let i = 0; i < STARTS; i++) {
    const profile = mkdtempSync(path.join(tmpdir(), 'kornlu-profile-'));
    const context = await launchProfile(profile);
    try {
      for (const into of [coldMs, warmMs]) {
        const { page, ms } = await firstAnswer(context, url, throttled);
        into.push(Math.round(ms));
        await page.close();
      }
    } finally {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    }
  }
  return { coldFirstAnswerMs: Math.round(median(coldMs)), warmFirstAnswerMs: Math.round(median(warmMs)), coldSamples: coldMs, warmSamples: warmMs };
}

/** Asks every question on an open demo page (after `warm` warm-up questions), timing each around the worker call. */
async function askAll(page: Page, warm: number): Promise<Pass> {
  return page.evaluate(async ({ qs, warm }) => {
    const demo = (window as unknown as DemoWindow).kornluDemo;
    for (const q of qs.slice(0, warm)) await demo.answer(q.question, q.context);
    const lat: number[] = [];
    const answers: string[] = [];
    for (const q of qs) {
      const t = performance.now();
      const res = await demo.answer(q.question, q.context);
      lat.push(performance.now() - t);
      answers.push(res.answers[0]?.answer ?? '');
    }
    return { lat, answers };
  }, { qs: questions, warm });
}

/** Opens the page, answers the first question, warms up: ready for `askAll`. */
async function openPage(context: BrowserContext, url: string) {
  const { page, ms: firstAnswerMs } = await firstAnswer(context, url);
  await askAll(page, WARMUP);
  return { page, firstAnswerMs, status: await page.textContent('#status'), backend: await page.textContent('#backend') };
}

/** Pooled summary of a system's passes, with each round's p50 and whether every round gave the same answers. */
function systemRow(system: string, passes: Pass[], note?: string): Row {
  const last = passes.at(-1)!;
  return {
    system,
    ...summary(passes.flatMap((p) => p.lat)),
    answers: last.answers,
    roundP50s: passes.map((p) => +pct(p.lat, 0.5).toFixed(2)),
    stableAnswers: passes.every((p) => p.answers.every((a, i) => a === last.answers[i])),
    ...(note ? { note } : {}),
  };
}

const servers: StaticServer[] = [];
const browsers: Browser[] = [];
const cold: Record<string, unknown> = {};
try {
  const isolated = await serveStatic(dist);
  const plain = await serveStatic(dist, { isolated: false });
  servers.push(isolated, plain);
  const browser = await launchChromium();
  browsers.push(browser);
  const setups = [
    { threads: 1, label: 'WASM, 1 thread (not isolated)', server: plain },
    { threads: 2, label: 'WASM, 2 threads (COOP/COEP)', server: isolated },
  ];
  // One page per setup, each on its second visit (the model from the Cache API, as a returning
  // visitor has it), kept open through the rounds.
  const pages: Array<Awaited<ReturnType<typeof openPage>> & { context: BrowserContext; firstVisitStatus: string | null }> = [];
  for (const { server } of setups) {
    const context = await browser.newContext();
    const first = await openPage(context, server.url);
    await first.page.close();
    pages.push({ ...(await openPage(context, server.url)), context, firstVisitStatus: first.status });
  }
  const passes = setups.map(() => ({ node: [] as Pass[], page: [] as Pass[] }));
  for (let r = 0; r < ROUNDS; r++) {
    for (const [i, { threads }] of setups.entries()) {
      passes[i]!.node.push(await nodePass(threads));
      passes[i]!.page.push(await askAll(pages[i]!.page, 0));
      const ratio = pct(passes[i]!.page.at(-1)!.lat, 0.5) / pct(passes[i]!.node.at(-1)!.lat, 0.5);
      log(`round ${r + 1}, ${threads} thread(s): page / Node p50 ${ratio.toFixed(2)}`);
    }
  }
  for (const [i, { threads }] of setups.entries()) rows.push(systemRow(`Node CPU, ${threads} thread${threads > 1 ? 's' : ''}`, passes[i]!.node));
  for (const [i, { label }] of setups.entries()) rows.push(systemRow(`Chromium ${label}`, passes[i]!.page, pages[i]!.backend ?? ''));
  for (const p of pages) await p.context.close();
  for (const [i, { label, server }] of setups.entries()) {
    cold[label] = { ...(await startTimes(server.url)), coldStatus: pages[i]!.firstVisitStatus, warmStatus: pages[i]!.status, backend: pages[i]!.backend };
    log(`${label}: ${JSON.stringify(cold[label])}`);
  }
  const slow = `WASM, 2 threads (COOP/COEP), ${LINK.mbps} Mbit/s link with ${LINK.rttMs} ms RTT (emulated)`;
  cold[slow] = await startTimes(isolated.url, true);
  log(`${slow}: ${JSON.stringify(cold[slow])}`);
  // WebGPU through Chromium's software adapter (SwiftShader): correctness and a figure, if it runs at all
  // (a quarter of an hour at seconds a question; WEBGPU=0 skips it).
  if (process.env.WEBGPU !== '0') {
    const gpuBrowser = await launchChromium(['--enable-unsafe-webgpu']);
    browsers.push(gpuBrowser);
    try {
      const context = await gpuBrowser.newContext();
      // One pass (at seconds a question, its ratio is not in doubt).
      const gpu = await openPage(context, `${isolated.url}?device=webgpu`);
      rows.push(systemRow('Chromium WebGPU (SwiftShader, software)', [await askAll(gpu.page, 0)], gpu.backend ?? ''));
      cold.webgpu = { coldFirstAnswerMs: Math.round(gpu.firstAnswerMs), backend: gpu.backend };
      await context.close();
    } catch (e) {
      cold.webgpu = { error: (e as Error).message.split('\n')[0] };
    }
  } else cold.webgpu = { skipped: 'WEBGPU=0' };
} finally {
  for (const b of browsers) await b.close();
  for (const s of servers) await s.close();
  for (const qa of nodePipelines.values()) await qa.dispose();
  rmSync(dist, { recursive: true, force: true });
}

// Ratios like for like: a browser row against Node with the same thread count (WebGPU: 1 thread).
const nodeWith = (threads: number) => rows.find((r) => r.system.startsWith('Node') && r.system.includes(`${threads} thread`))!;
const threadsOf = (r: Row) => (/2 threads/.test(r.system) ? 2 : 1);
const ref = rows[0]!.answers!;
/** Each round's p50 against Node's in the same round (the WebGPU row, run once: against Node's pooled p50). */
const roundRatios = (r: Row) => {
  const node = nodeWith(threadsOf(r));
  return r.roundP50s!.length === node.roundP50s!.length ? r.roundP50s!.map((v, i) => +(v / node.roundP50s![i]!).toFixed(2)) : [+(r.p50 / node.p50).toFixed(2)];
};
const table = rows.map((r) => ({
  system: r.system,
  p50_ms: r.p50,
  p95_ms: r.p95,
  mean_ms: r.mean,
  round_p50_ms: r.roundP50s,
  round_p50_vs_node: roundRatios(r),
  /** The median of the rounds' ratios. */
  p50_vs_node_same_threads: +median(roundRatios(r)).toFixed(2),
  same_answers_every_round: r.stableAnswers,
  same_answers_as_node: r.answers ? r.answers.filter((a, i) => a === ref[i]).length : null,
  // Which questions differ, and how (so a difference can be looked into, not just counted).
  differing: (r.answers ?? [])
    .map((a, i) => ({ question: i, text: questions[i]!.question, node: ref[i]!, answer: a }))
    .filter((d) => d.answer !== d.node),
  ...(r.note ? { backend: r.note } : {}),
}));
const result = { date: new Date().toISOString(), machine: machine(), questions: N, rounds: ROUNDS, model: `${modelName} (int8)`, table, startup: cold };
const dir = path.join(projectRoot, 'benchmarks/results');
writeFileSync(path.join(dir, `${outName}.json`), JSON.stringify(result, null, 2) + '\n');
const md = [
  `# In-browser QA vs Node (${result.date.slice(0, 10)})`,
  '',
  `Machine: ${Object.values(result.machine).join(', ')}. Model: ${modelName} int8; ${N} KorQuAD 1.0 dev questions, one per call, after ${WARMUP} warm-up calls. Command: \`${modelName === 'models/ko-qa' ? '' : `KORNLU_QA_MODEL=${modelName} `}${tag ? `RESULTS_TAG=${tag} ` : ''}${process.env.WEBGPU === '0' ? 'WEBGPU=0 ' : ''}npm run bench:browser-qa\`.`,
  `Node and the page were timed in ${ROUNDS} alternating rounds (Node 1 thread, page 1 thread, Node 2 threads, page 2 threads), so that the`,
  'host\'s drift falls on both: p50/p95 pool all rounds; the ratio is the median of the rounds\' ratios (each round\'s p50 over Node\'s in the same round).',
  '',
  '| system | p50 ms | p95 ms | p50 per round (ms) | p50 / Node p50, same threads: per round → median | same answers as Node |',
  '|---|---:|---:|---|---:|---:|',
  ...table.map((r) => `| ${r.system} | ${r.p50_ms} | ${r.p95_ms} | ${(r.round_p50_ms ?? []).join(', ')} | ${r.round_p50_vs_node.length > 1 ? `${r.round_p50_vs_node.join(', ')} → ` : ''}**${r.p50_vs_node_same_threads}×** | ${r.same_answers_as_node ?? '—'}/${N} |`),
  '',
  `Start-up: medians of ${STARTS} starts, each in a new browser profile folder (all samples in the JSON file). Cold = navigation → first answer with`,
  'everything downloaded; warm = a second visit: the model from the Cache API, the hashed scripts and `.wasm` from the disk cache (served',
  '`immutable`, as a production host serves them).',
  '',
  '| start-up | cold: navigation → first answer | warm: second visit |',
  '|---|---:|---:|',
  ...Object.entries(cold).filter(([, v]) => (v as { warmFirstAnswerMs?: number }).warmFirstAnswerMs !== undefined)
    .map(([k, v]) => `| ${k} | ${(v as { coldFirstAnswerMs: number }).coldFirstAnswerMs} ms | ${(v as { warmFirstAnswerMs: number }).warmFirstAnswerMs} ms |`),
  '',
  `WebGPU: ${JSON.stringify(cold.webgpu)}`,
  '',
  ...(table.some((r) => r.differing.length > 0)
    ? [
        'Answers that differ from Node CPU, 1 thread:',
        '',
        '| system | question # | question | Node | this system |',
        '|---|---:|---|---|---|',
        ...table.flatMap((r) => r.differing.map((d) => `| ${r.system} | ${d.question} | ${d.text} | ${d.node} | ${d.answer} |`)),
        '',
      ]
    : ['Every system gave Node\'s answer to every question.', '']),
];
writeFileSync(path.join(dir, `${outName}.md`), md.join('\n'));
writeFileSync(path.join(dir, `${outName}.svg`), barChart('QA latency per question, p50 (lower is better)', 'ms', table.map((r) => ({ label: r.system, value: r.p50_ms, note: `p95 ${r.p95_ms}` }))));
console.log(md.join('\n'));
