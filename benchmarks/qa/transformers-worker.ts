/** One system of the QA benchmark: transformers.js 'question-answering' on the same ONNX file. */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { env, pipeline } from '@huggingface/transformers';
import { loadQuestions, type WorkerResult } from './questions.js';

const [data, idsFile, modelDir, dtype, threads, out] = process.argv.slice(2) as [string, string, string, 'fp32' | 'q8', string, string];
const questions = loadQuestions(data, JSON.parse(readFileSync(idsFile, 'utf8')) as string[]);
env.allowRemoteModels = false;
env.localModelPath = path.dirname(path.resolve(modelDir)) + '/';
const t0 = performance.now();
const qa = await pipeline('question-answering', path.basename(modelDir), {
  dtype,
  device: 'cpu',
  session_options: { intraOpNumThreads: Number(threads), interOpNumThreads: 1 },
});
const loadMs = performance.now() - t0;
const latencies: number[] = [];
const answers: string[] = [];
for (const [i, q] of questions.entries()) {
  const s = performance.now();
  const r = (await qa(q.question, q.context)) as { answer: string };
  latencies.push(performance.now() - s);
  answers.push(r.answer);
  if (i % 500 === 0) process.stderr.write(`transformers.js ${dtype}: ${i}/${questions.length}\n`);
}
const result: WorkerResult = { system: `transformers.js-${dtype}`, loadMs, latencies, answers, peakRssMb: process.resourceUsage().maxRSS / 1024, threads: Number(threads) };
writeFileSync(out, JSON.stringify(result));
