/**
 * Morphological analysis of a large input on worker threads (`MorphAnalyzerPool`, what `kornlu pos
 * --threads n` uses) against the same analyzer in-process on one thread, alternated round by round
 * in one run on the same lines. Not the one-thread goal of bench:morph: this is bulk throughput.
 *
 *   npm run bench:morph-pool      (LINES=20000, ROUNDS=5, THREADS=cores up to 8)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { loadMorphAnalyzer, MorphAnalyzerPool } from '../src/node/index.js';
import { machine, median, time } from './lib/report.js';
import { projectRoot, requireData } from './lib/data.js';

const LINES = Number(process.env.LINES ?? 20_000);
const ROUNDS = Number(process.env.ROUNDS ?? 5);
const THREADS = Number(process.env.THREADS ?? Math.min(8, availableParallelism()));
const log = (s: string) => process.stderr.write(s + '\n');
const lines = readFileSync(requireData('nsmc-reviews-corpus/nsmc_raw_reviews.txt'), 'utf8').split('\n').slice(0, LINES);
const chars = lines.reduce((n, l) => n + l.length, 0);

const ma = await loadMorphAnalyzer();
let pool!: MorphAnalyzerPool;
const poolStartMs = (await time(async () => (pool = await MorphAnalyzerPool.start({ threads: THREADS })))) * 1000;
// Warm-up: the JIT of both sides, every worker.
for (const l of lines.slice(0, 2000)) ma.analyze(l);
await pool.analyze(lines.slice(0, 2000 * THREADS));

const inProcess: number[] = [];
const pooled: number[] = [];
let same = true;
for (let r = 0; r < ROUNDS; r++) {
  let a: unknown[] = [];
  let b: unknown[] = [];
  inProcess.push(chars / (await time(() => (a = lines.map((l) => ma.analyze(l))))));
  pooled.push(chars / (await time(async () => (b = await pool.analyze(lines)))));
  if (r === 0) same = JSON.stringify(a) === JSON.stringify(b);
  log(`round ${r + 1}: in-process ${inProcess.at(-1)!.toFixed(0)} chars/s, pool ${pooled.at(-1)!.toFixed(0)} chars/s`);
}
await pool.close();

const result = {
  date: new Date().toISOString(),
  machine: machine(),
  lines: lines.length,
  chars,
  threads: THREADS,
  poolStartMs: Math.round(poolStartMs),
  inProcessCharsPerSecond: Math.round(median(inProcess)),
  poolCharsPerSecond: Math.round(median(pooled)),
  speedup: +(median(pooled) / median(inProcess)).toFixed(2),
  sameAnalyses: same,
  rounds: { inProcess: inProcess.map(Math.round), pool: pooled.map(Math.round) },
};
const out = path.join(projectRoot, 'benchmarks/results');
writeFileSync(path.join(out, 'morph-pool.json'), JSON.stringify(result, null, 2) + '\n');
const md = [
  `# Morphological analysis on worker threads (${result.date.slice(0, 10)})`,
  '',
  `Machine: ${Object.values(result.machine).join(', ')}. Command: \`npm run bench:morph-pool\`.`,
  `Input: first ${lines.length} lines of nsmc_raw_reviews.txt (${chars} characters); ${ROUNDS} rounds, the two sides alternated; medians.`,
  '',
  '| | chars/s | rounds |',
  '|---|---:|---|',
  `| \`MorphAnalyzer.analyze\`, in-process, one thread | ${result.inProcessCharsPerSecond} | ${result.rounds.inProcess.join(', ')} |`,
  `| \`MorphAnalyzerPool\`, ${THREADS} worker threads | ${result.poolCharsPerSecond} | ${result.rounds.pool.join(', ')} |`,
  '',
  `Speed-up ${result.speedup}× on ${THREADS} threads (the main thread also runs: it sends the lines and receives the morphemes). Starting the pool (each worker loads the dictionary) took ${result.poolStartMs} ms. Same analyses as in-process: ${same ? 'yes' : 'NO'}.`,
  '',
].join('\n');
writeFileSync(path.join(out, 'morph-pool.md'), md);
log(md);
process.exit(0);
