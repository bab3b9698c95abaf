/**
 * Recipe for models/ko-reply, the default reply (text2text-generation) model: a small
 * encoder–decoder transformer trained from scratch on ChatbotData (songys, MIT), 90 % of the
 * distinct questions; the other 10 % are never seen and score it: greedy replies through kornlu's
 * text2text-generation pipeline, corpus BLEU and chrF (sacreBLEU 2 definitions,
 * src/evaluate/generation.ts) against every reference answer of the question. The baseline is
 * retrieval: the answer of the most similar training question (kornlu's BM25).
 *
 * Steps: split + BPE vocabulary by kornlu's trainer + ids (encode-chatbot.ts) → PyTorch training
 * (train_seq2seq.py, /usr/bin/python3, CPU) → ONNX (3 graphs) + int8 → evaluation in Node.
 *
 *   npm run recipe:reply         (KORNLU_RECIPE_REUSE=1 reuses finished steps)
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseCsv } from '../../benchmarks/lib/csv.js';
import { projectRoot, requireData } from '../../benchmarks/lib/data.js';
import { bleu, chrF } from '../../src/evaluate/generation.js';
import { pipeline } from '../../src/pipelines/node.js';

const TRAIN_ARGS = ['--epochs', '30', '--hidden', '192', '--layers', '2', '--heads', '4', '--ffn', '768', '--threads', '1'];
// Debian's PyTorch runs Linear layers on OpenBLAS: one torch thread with two OpenBLAS threads was
// the fastest mix measured here (0.16 s per batch, against 0.25 s with two torch threads).
const TRAIN_ENV = { ...process.env, OPENBLAS_NUM_THREADS: '2' };
const GRAPHS = ['encoder_model', 'decoder_model', 'decoder_with_past_model'];
const work = path.join(tmpdir(), 'kornlu-recipe-ko-reply');
const out = path.join(projectRoot, 'models/ko-reply');
const reuse = (file: string) => Boolean(process.env.KORNLU_RECIPE_REUSE) && existsSync(file);
const run = (cmd: string, args: string[], env = process.env) => execFileSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'], cwd: projectRoot, env });
mkdirSync(work, { recursive: true });
const t0 = Date.now();

if (!reuse(path.join(work, 'train.jsonl'))) run(process.execPath, ['--import', 'tsx', 'scripts/models/encode-chatbot.ts', '--out', work]);
const runDir = path.join(work, 'run');
if (!reuse(path.join(runDir, 'torch-metrics.json'))) run('/usr/bin/python3', ['scripts/models/train_seq2seq.py', '--data', work, '--out', runDir, ...TRAIN_ARGS], TRAIN_ENV);

// Held-out questions, each with all its reference answers.
const test = readFileSync(path.join(work, 'test.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { q: string; a: string });
const byQuestion = new Map<string, string[]>();
for (const p of test) byQuestion.set(p.q, [...(byQuestion.get(p.q) ?? []), p.a]);
const questions = [...byQuestion.keys()];
const refs = questions.map((q) => byQuestion.get(q)!);

async function generate(dir: string, dtype: 'fp32' | 'int8') {
  const gen = await pipeline('text2text-generation', dir, { dtype, threads: 1 });
  const t = performance.now();
  const replies: string[] = [];
  for (const q of questions) replies.push((await gen.run(q, { maxNewTokens: 40 })).text);
  const msPerReply = (performance.now() - t) / questions.length;
  await gen.dispose();
  return { replies, scores: { bleu: +bleu(replies, refs).score.toFixed(2), chrF: +chrF(replies, refs).score.toFixed(2), ms_per_reply_1_thread: +msPerReply.toFixed(1) } };
}
const fp32 = await generate(runDir, 'fp32');
const int8 = await generate(runDir, 'int8');

// Baseline: the answer of the nearest training question (BM25 over syllable bigrams, the same split's texts).
const held = new Set(questions);
const trainPairs = parseCsv(readFileSync(requireData('chatbot-data/ChatbotData.csv'), 'utf8')).slice(1)
  .filter((r) => r.length >= 2 && r[0]!.trim() && r[1]!.trim() && !held.has(r[0]!.trim())).map((r) => ({ q: r[0]!.trim(), a: r[1]!.trim() }));
const retriever = await pipeline('retrieval', undefined, { documents: trainPairs.map((p, i) => ({ id: String(i), text: p.q, answer: p.a })) });
const retrieved: string[] = [];
for (const q of questions) {
  const [hit] = await retriever.search(q, { topK: 1 });
  retrieved.push(hit?.answer ?? '');
}
const baseline = { bleu: +bleu(retrieved, refs).score.toFixed(2), chrF: +chrF(retrieved, refs).score.toFixed(2) };
console.log(JSON.stringify({ fp32: fp32.scores, int8: int8.scores, retrieval: baseline }));

mkdirSync(path.join(out, 'onnx'), { recursive: true });
const config = JSON.parse(readFileSync(path.join(runDir, 'config.json'), 'utf8')) as Record<string, unknown>;
config.kornlu_trained_on = ['ChatbotData (songys) v1.0, 90% of distinct questions'];
writeFileSync(path.join(out, 'config.json'), JSON.stringify(config, null, 2) + '\n');
writeFileSync(path.join(out, 'tokenizer.json'), readFileSync(path.join(runDir, 'tokenizer.json')));
for (const g of GRAPHS) {
  writeFileSync(path.join(out, `onnx/${g}_quantized.onnx`), readFileSync(path.join(runDir, `onnx/${g}_quantized.onnx`)));
  rmSync(path.join(out, `onnx/${g}.onnx`), { force: true });
}
const split = JSON.parse(readFileSync(path.join(work, 'split.json'), 'utf8')) as Record<string, number>;
const torch = JSON.parse(readFileSync(path.join(runDir, 'torch-metrics.json'), 'utf8')) as { parameters: number; train_seconds: number; best_dev_nll: number; history: unknown; args: unknown };
const samples = questions.slice(0, 20).map((q, i) => ({ question: q, reply: int8.replies[i], references: refs[i], retrieval: retrieved[i] }));
const metrics = {
  protocol: 'ChatbotData split 90/10 by distinct question (FNV-1a hash % 10 === 0 held out); greedy replies (≤ 40 tokens) through kornlu\'s text2text-generation pipeline; corpus BLEU and chrF against all reference answers of each held-out question',
  split,
  held_out_questions: questions.length,
  fp32: fp32.scores,
  int8: int8.scores,
  baseline_retrieval_bm25: baseline,
  training: { parameters: torch.parameters, train_seconds: torch.train_seconds, best_dev_nll: +torch.best_dev_nll.toFixed(4), history: torch.history, args: torch.args },
  shipped: Object.fromEntries(GRAPHS.map((g) => [`onnx/${g}_quantized.onnx`, statSync(path.join(out, `onnx/${g}_quantized.onnx`)).size])),
  recipe_wall_seconds: Math.round((Date.now() - t0) / 1000),
};
writeFileSync(path.join(out, 'metrics.json'), JSON.stringify(metrics, null, 2) + '\n');
writeFileSync(path.join(out, 'samples.json'), JSON.stringify(samples, null, 2) + '\n');
