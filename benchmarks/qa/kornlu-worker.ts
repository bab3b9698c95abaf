/** One system of the QA benchmark: kornlu's question-answering pipeline, one question per call. */
import { readFileSync, writeFileSync } from 'node:fs';
import { pipeline } from '../../src/pipelines/node.js';
import { loadQuestions, type WorkerResult } from './questions.js';

const [data, idsFile, modelDir, dtype, threads, out] = process.argv.slice(2) as [string, string, string, 'fp32' | 'int8', string, string];
const questions = loadQuestions(data, idsFile === '-' ? undefined : (JSON.parse(readFileSync(idsFile, 'utf8')) as string[]));
const t0 = performance.now();
const qa = await pipeline('question-answering', modelDir, { dtype, threads: Number(threads) });
const loadMs = performance.now() - t0;
const latencies: number[] = [];
const answers: string[] = [];
const windows: number[] = [];
for (const [i, q] of questions.entries()) {
  const s = performance.now();
  const [a] = await qa.run({ question: q.question, context: q.context });
  latencies.push(performance.now() - s);
  answers.push(a?.answer ?? '');
  windows.push(qa.windows(q).length); // outside the timed region
  if (i % 500 === 0) process.stderr.write(`kornlu ${dtype}: ${i}/${questions.length}\n`);
}
const result: WorkerResult & { windows: number[] } = { system: `kornlu-${dtype}`, loadMs, latencies, answers, windows, peakRssMb: process.resourceUsage().maxRSS / 1024, threads: Number(threads) };
writeFileSync(out, JSON.stringify(result));
