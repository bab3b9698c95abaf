/**
 * CLI commands on the task pipelines: `qa`, `classify`, `space`, `reply`, `eval korquad`, `bench korquad`.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { KornluError } from '../errors.js';
import { evaluateKorQuAD, parseSquad, squadQuestions, squadSubset } from '../korquad/index.js';
import { loadMorphAnalyzer, writeFileAtomic } from '../node/index.js';
import { streamLines } from '../node/lines.js';
import { stripBom } from '../text/chars.js';
import { pipeline, type Device, type Dtype, type ModelOptions, type QAAnswer } from '../pipelines/node.js';
import { progress } from './progress.js';

export const QA_HELP = `Usage: kornlu qa --model DIR --context TEXT|@file --question TEXT [options]

Extractive question answering. The answer is an exact slice of the context.

Options:
  --model <dir|url|id>   Model folder, URL or hub id
  --context <text>       The passage, or @path to read it from a file
  --question <text>      The question
  --top-k <n>            Answers to print (default 1)
  --trim-josa            Cut trailing particles from the answer (서울에서 → 서울)
  --device <d>           auto | cpu | cuda (default auto)
  --dtype <t>            auto | fp32 | int8 (default auto)
  --json                 {"answer", "start", "end", "score"} (an array with --top-k > 1)
  -h, --help             Show this help
`;

export const CLASSIFY_HELP = `Usage: kornlu classify --model DIR [--json] < lines.txt

Classifies each stdin line (sentiment, intent, …); prints label and score per line.

Options:
  --model <dir|url|id>   Model folder, URL or hub id
  --task <name>          sentiment | intent: use that task's default model when --model is absent
  --top-k <n>            Labels per line (default 1)
  --batch-size <n>       Lines per model run (default 32)
  --no-ngram-head        Score with the encoder alone (the defaults add an n-gram head)
  --device <d>, --dtype <t>
  --json                 One {"label", "score"} object per line (an array with --top-k > 1)
  -h, --help             Show this help
`;

export const SPACE_HELP = `Usage: kornlu space [options] < lines.txt

Restores word spacing (띄어쓰기) in each stdin line: the same characters, spaced as written
Korean is spaced out. Every space is decided anew unless --keep-spaces is given.

Options:
  --model <dir|url|id>   Spacing model (default: kornlu's ko-spacing)
  --keep-spaces          Keep the spaces a line already has; only add missing ones
  --threshold <p>        Probability above which a space is put (default: the model's own,
                         kornlu_space_threshold in config.json, else 0.5; higher: fewer)
  --batch-size <n>       Lines per model run (default 16)
  --device <d>, --dtype <t>, --threads <n>
  --json                 One {"text", "words": [{"text", "start", "end"}]} per line
                         (UTF-16 offsets into the input line)
  -h, --help             Show this help
`;

export const REPLY_HELP = `Usage: kornlu reply [options] < messages.txt

Generates a reply to each stdin line with a sequence-to-sequence model (default: kornlu's
ko-reply, a small chit-chat model trained on ChatbotData).

Options:
  --model <dir|url|id>   text2text-generation model (default: ko-reply)
  --max-new-tokens <n>   Longest reply in tokens (default 40)
  --beams <n>            Beam search with n beams (default 1: greedy)
  --device <d>, --dtype <t>, --threads <n>
  --json                 One {"text", "score"} per line (score: mean token log-probability)
  -h, --help             Show this help
`;

export const EVAL_HELP = `Usage: kornlu eval korquad --data dev.json --predictions preds.json [--json]

The official KorQuAD 1.0 metric: exact match and character-level F1 in percent, over every
question of the dataset (missing predictions score 0).
`;

export const BENCH_HELP = `Usage: kornlu bench korquad --data dev.json --model DIR [options]

Runs the question-answering pipeline over a KorQuAD/SQuAD v1 file, writes official-format
predictions and prints quality, speed and memory.

Options:
  --data <file>          KorQuAD_v1.0_dev.json or any SQuAD v1.1-format file
  --model <dir|url|id>   QA model (default: kornlu's default MRC model, when installed)
  --out <file>           Write predictions {"id": "answer"} here
  --limit <n>            Only the first n questions
  --batch <n>            Questions per pipeline call (default 1: per-question latency)
  --threads <n>          onnxruntime intra-op threads
  --device <d>, --dtype <t>
  --trim-josa            Trim trailing particles from answers
  --json                 Print {"exact_match", "f1", "questions", "qps", "p50_ms", "p95_ms",
                         "peak_rss_mb", "device"}
  -h, --help             Show this help
`;

function modelOptions(values: { device?: string; dtype?: string; threads?: string }): ModelOptions {
  const o: ModelOptions = {};
  if (values.device !== undefined) o.device = values.device as Device;
  if (values.dtype !== undefined) o.dtype = values.dtype as Dtype;
  if (values.threads !== undefined) o.threads = positive('threads', values.threads);
  return o;
}

function positive(name: string, v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new KornluError('INVALID_ARGUMENT', `--${name} must be a positive integer`);
  return n;
}

/** A UTF-8 file's text (without a byte-order mark), or FILE_NOT_FOUND naming `what` and the path. */
export async function readText(file: string, what: string): Promise<string> {
  try {
    return stripBom(await readFile(file, 'utf8'));
  } catch (e) {
    throw new KornluError('FILE_NOT_FOUND', `cannot read ${what}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { path: file });
  }
}

async function readJson(file: string, what: string): Promise<unknown> {
  const text = await readText(file, what);
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new KornluError('INVALID_ARGUMENT', `${what} is not valid JSON: ${(e as Error).message}`, { path: file });
  }
}

/** Reads stdin lines in chunks of `size` and hands each chunk to `handle`, in order. */
async function forLineChunks(size: number, handle: (lines: string[]) => Promise<void>): Promise<void> {
  let lines: string[] = [];
  for await (const line of streamLines(process.stdin)) {
    lines.push(line);
    if (lines.length >= size) {
      await handle(lines);
      lines = [];
    }
  }
  if (lines.length > 0) await handle(lines);
}

const common = {
  model: { type: 'string' },
  device: { type: 'string' },
  dtype: { type: 'string' },
  threads: { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

export async function qaCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { ...common, context: { type: 'string' }, question: { type: 'string' }, 'top-k': { type: 'string' }, 'trim-josa': { type: 'boolean', default: false } },
    strict: true,
  });
  if (values.help) return void process.stdout.write(QA_HELP), 0;
  if (values.context === undefined || values.question === undefined) {
    process.stderr.write('kornlu qa: --context and --question are required\n');
    return 2;
  }
  const context = values.context.startsWith('@') ? await readText(values.context.slice(1), 'the context file') : values.context;
  const topK = values['top-k'] === undefined ? 1 : positive('top-k', values['top-k']);
  const qa = await pipeline('question-answering', values.model, modelOptions(values));
  const trimJosa = values['trim-josa'] ? await loadMorphAnalyzer() : undefined;
  const answers = await qa.run({ question: values.question, context }, { topK, ...(trimJosa ? { trimJosa } : {}) });
  const pick = ({ answer, start, end, score }: QAAnswer) => ({ answer, start, end, score });
  if (values.json) process.stdout.write(JSON.stringify(topK === 1 ? (answers[0] ? pick(answers[0]) : null) : answers.map(pick)) + '\n');
  else for (const a of answers) process.stdout.write(`${a.answer}\t[${a.start}, ${a.end})\t${a.score.toFixed(4)}\n`);
  await qa.dispose();
  return 0;
}

export async function classifyCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { ...common, task: { type: 'string' }, 'top-k': { type: 'string' }, 'batch-size': { type: 'string' }, 'no-ngram-head': { type: 'boolean', default: false } },
    strict: true,
  });
  if (values.help) return void process.stdout.write(CLASSIFY_HELP), 0;
  const task = values.task ?? 'text-classification';
  if (!['text-classification', 'sentiment', 'intent'].includes(task)) {
    process.stderr.write('kornlu classify: --task must be sentiment or intent\n');
    return 2;
  }
  const topK = values['top-k'] === undefined ? 1 : positive('top-k', values['top-k']);
  const batchSize = values['batch-size'] === undefined ? 32 : positive('batch-size', values['batch-size']);
  const clf = await pipeline(task as 'sentiment', values.model, modelOptions(values));
  await forLineChunks(batchSize * 8, async (lines) => {
    const out = await clf.run(lines, { topK, batchSize, ngramHead: !values['no-ngram-head'] });
    process.stdout.write(
      out.map((labels) => (values.json ? JSON.stringify(topK === 1 ? labels[0] : labels) : labels.map((l) => `${l.label}\t${l.score.toFixed(4)}`).join('\t'))).join('\n') + '\n',
    );
  });
  await clf.dispose();
  return 0;
}

export async function spaceCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { ...common, 'keep-spaces': { type: 'boolean', default: false }, threshold: { type: 'string' }, 'batch-size': { type: 'string' } },
    strict: true,
  });
  if (values.help) return void process.stdout.write(SPACE_HELP), 0;
  const threshold = values.threshold === undefined ? undefined : Number(values.threshold);
  if (threshold !== undefined && !(threshold > 0 && threshold < 1)) throw new KornluError('INVALID_ARGUMENT', '--threshold must be a number between 0 and 1');
  const batchSize = values['batch-size'] === undefined ? 16 : positive('batch-size', values['batch-size']);
  const spacer = await pipeline('word-spacing', values.model, modelOptions(values));
  await forLineChunks(batchSize * 8, async (lines) => {
    const out = await spacer.run(lines, { keepSpaces: values['keep-spaces'], batchSize, ...(threshold === undefined ? {} : { threshold }) });
    process.stdout.write(out.map((r) => (values.json ? JSON.stringify(r) : r.text)).join('\n') + '\n');
  });
  await spacer.dispose();
  return 0;
}

export async function replyCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { ...common, 'max-new-tokens': { type: 'string' }, beams: { type: 'string' } }, strict: true });
  if (values.help) return void process.stdout.write(REPLY_HELP), 0;
  const maxNewTokens = values['max-new-tokens'] === undefined ? 40 : positive('max-new-tokens', values['max-new-tokens']);
  const numBeams = values.beams === undefined ? 1 : positive('beams', values.beams);
  const gen = await pipeline('reply', values.model, modelOptions(values));
  await forLineChunks(1, async ([line]) => {
    const r = await gen.run(line!, { maxNewTokens, numBeams });
    process.stdout.write((values.json ? JSON.stringify({ text: r.text, score: r.score }) : r.text) + '\n');
  });
  await gen.dispose();
  return 0;
}

export async function evalCommand(args: string[]): Promise<number> {
  if (args[0] !== 'korquad' || args.includes('--help') || args.includes('-h')) {
    process.stdout.write(EVAL_HELP);
    return args[0] === 'korquad' || args.length === 0 || args.includes('--help') ? 0 : 2;
  }
  const { values } = parseArgs({ args: args.slice(1), options: { data: { type: 'string' }, predictions: { type: 'string' }, json: { type: 'boolean', default: false } }, strict: true });
  if (!values.data || !values.predictions) {
    process.stderr.write('kornlu eval korquad: --data and --predictions are required\n');
    return 2;
  }
  const data = parseSquad(await readJson(values.data, 'dataset'), values.data);
  const preds = await readJson(values.predictions, 'predictions');
  if (!preds || typeof preds !== 'object' || Array.isArray(preds)) throw new KornluError('INVALID_ARGUMENT', 'predictions must be a JSON object {"question id": "answer"}', { path: values.predictions });
  const r = evaluateKorQuAD(data, preds as Record<string, unknown>);
  if (r.missing > 0) process.stderr.write(`${r.missing} of ${r.total} questions have no prediction and score 0\n`);
  const out = { exact_match: r.exact_match, f1: r.f1 };
  process.stdout.write(values.json ? JSON.stringify(out) + '\n' : `exact_match ${out.exact_match.toFixed(2)}\nf1          ${out.f1.toFixed(2)}\n`);
  return 0;
}

/** The fields `kornlu bench korquad --json` prints, in order (the contract). */
export const BENCH_KORQUAD_FIELDS = ['exact_match', 'f1', 'questions', 'qps', 'p50_ms', 'p95_ms', 'peak_rss_mb', 'device'] as const;

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export async function benchCommand(args: string[]): Promise<number> {
  if (args[0] !== 'korquad' || args.includes('--help') || args.includes('-h')) {
    process.stdout.write(BENCH_HELP);
    return args[0] === 'korquad' || args.length === 0 || args.includes('--help') ? 0 : 2;
  }
  const { values } = parseArgs({
    args: args.slice(1),
    options: { ...common, data: { type: 'string' }, out: { type: 'string' }, limit: { type: 'string' }, batch: { type: 'string' }, 'trim-josa': { type: 'boolean', default: false } },
    strict: true,
  });
  if (!values.data) {
    process.stderr.write('kornlu bench korquad: --data is required\n');
    return 2;
  }
  const data = parseSquad(await readJson(values.data, 'dataset'), values.data);
  let questions = [...squadQuestions(data)];
  if (values.limit !== undefined) questions = questions.slice(0, positive('limit', values.limit));
  const batch = values.batch === undefined ? 1 : positive('batch', values.batch);
  const qa = await pipeline('question-answering', values.model, modelOptions(values));
  const version = typeof (data as { version?: unknown }).version === 'string' ? (data as { version: string }).version : '';
  const seen = qa.config.trainedOn.find((d) => d.toLowerCase() === version.toLowerCase());
  if (seen) process.stderr.write(`warning: this model was trained on ${seen}, the dataset being benchmarked; its scores here are not held-out results\n`);
  const trimJosa = values['trim-josa'] ? await loadMorphAnalyzer() : undefined;
  const bar = progress('korquad');
  const preds: Record<string, string> = {};
  const latencies: number[] = [];
  const t0 = performance.now();
  for (let i = 0; i < questions.length; i += batch) {
    const group = questions.slice(i, i + batch);
    const s = performance.now();
    const answers = await qa.run(group.map((q) => ({ question: q.question, context: q.context })), trimJosa ? { trimJosa } : {});
    const ms = (performance.now() - s) / group.length;
    group.forEach((q, k) => {
      preds[q.id] = answers[k]![0]?.answer ?? '';
      latencies.push(ms);
    });
    bar(i + group.length, questions.length, `${((i + group.length) / ((performance.now() - t0) / 1000)).toFixed(1)} q/s`);
  }
  const seconds = (performance.now() - t0) / 1000;
  if (values.out) await writeFileAtomic(values.out, JSON.stringify(preds, null, 0) + '\n');
  const score = evaluateKorQuAD(squadSubset(data, (id) => id in preds), preds);
  latencies.sort((a, b) => a - b);
  const result = {
    exact_match: score.exact_match,
    f1: score.f1,
    questions: questions.length,
    qps: questions.length / seconds,
    p50_ms: percentile(latencies, 50),
    p95_ms: percentile(latencies, 95),
    peak_rss_mb: process.resourceUsage().maxRSS / 1024,
    device: qa.device.device,
  };
  if (values.json) process.stdout.write(JSON.stringify(result) + '\n');
  else for (const [k, v] of Object.entries(result)) process.stdout.write(`${k.padEnd(12)} ${typeof v === 'number' ? +v.toFixed(2) : v}\n`);
  await qa.dispose();
  return 0;
}
