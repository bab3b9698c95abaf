/**
 * Recipe for ko-electra-small, kornlu's own pretrained Korean encoder (issue #6, item 2), and the
 * measurement of what it is for: how much sentiment (NSMC) and intent (3i4K) gain when fine-tuned
 * from it rather than from scratch with the same architecture, recipe and data.
 *
 * Steps (work folder $TMPDIR/kornlu-recipe-ko-electra; every step is reused when its output exists,
 * so the recipe can be stopped and run again):
 *   1. raw text → WordPiece id stream (encode-pretrain.ts, ko-wordpiece-16k);
 *   2. pretraining (pretrain_electra.py --objective mlm): resumable, KORNLU_PRETRAIN_MINUTES per
 *      run (default 90); the schedule is fixed by --total-steps, so runs cut into pieces equal one run.
 *      The shipped encoder was pretrained on a lent H100 (scripts/models/device-train.sh, 3.9 min);
 *      KORNLU_DEVICE=cuda runs steps 2 and 4 here on a local GPU with the same arguments;
 *   3. NSMC and 3i4K encoded as the classifier recipes encode them (encode-dataset.ts);
 *   4. four fine-tunings (finetune_encoder.py): {sentiment, intent} × {pretrained, scratch};
 *   5. models/ko-electra-small/metrics.json and pretraining.svg (the held-out learning curve).
 * The weights stay in the work folder (not shipped: the task models built on them are what ships).
 *
 *   npm run recipe:electra
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseCsv } from '../../benchmarks/lib/csv.js';
import { projectRoot, requireData } from '../../benchmarks/lib/data.js';
import { lineChartSvg } from '../../src/chatbot/curve.js';

// 5,265 steps × 128 × 384 tokens ≈ 259 M tokens (22 passes over the 11.9 M-token corpus), 6 layers:
// what `--fit-minutes 4` gave on a lent H100 (45.6 ms a step, bf16). On this 2-core CPU a step is
// roughly 9× the 2.9 s of the earlier 4-layer, 128-token recipe (not run: about 40 hours).
// The ALiBi attention bias is on (pretrain_electra.py's default; see modeling.Config.alibi).
const TOTAL_STEPS = 5_265;
const PRETRAIN_ARGS = ['--total-steps', String(TOTAL_STEPS), '--objective', 'mlm', '--lr', '1e-3', '--warmup', '500', '--batch', '128', '--length', '384', '--layers', '6', '--hidden', '256', '--valid-every', '500'];
const DEVICE = ['--device', process.env.KORNLU_DEVICE ?? 'cpu'];
// One torch thread, one OpenBLAS thread: a second thread did not speed a step up (3.0 vs 3.1 s,
// measured), so the second core can run a fine-tuning at the same time.
const ENV = { ...process.env, OPENBLAS_NUM_THREADS: '1' };
const TASKS = [
  { name: 'sentiment', format: 'nsmc', train: 'nsmc/ratings_train.txt', test: 'nsmc/ratings_test.txt', labels: 'negative,positive', epochs: 2 },
  { name: 'intent', format: '3i4k', train: '3i4k/fci_train_val.txt', test: '3i4k/fci_test.txt', labels: 'fragment,statement,question,command,rhetorical_question,rhetorical_command,intonation_dependent', epochs: 3 },
] as const;

const work = path.join(tmpdir(), 'kornlu-recipe-ko-electra');
const out = path.join(projectRoot, 'models/ko-electra-small');
const tokenizer = path.join(projectRoot, 'models/ko-wordpiece-16k/tokenizer.json');
const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'], cwd: projectRoot, env: ENV });
const tsx = (script: string, args: string[]) => run(process.execPath, ['--import', 'tsx', script, ...args]);
mkdirSync(work, { recursive: true });

// 1–2. Pretraining, resumed until the schedule's last step.
if (!existsSync(path.join(work, 'meta.json'))) tsx('scripts/models/encode-pretrain.ts', ['--tokenizer', tokenizer, '--out', work]);
const pretrainedSteps = () => (existsSync(path.join(work, 'log.csv')) ? Math.max(0, ...parseCsv(readFileSync(path.join(work, 'log.csv'), 'utf8')).slice(1).map((r) => Number(r[0]) || 0)) : 0);
if (pretrainedSteps() < TOTAL_STEPS) {
  run('/usr/bin/python3', ['scripts/models/pretrain_electra.py', '--work', work, '--minutes', process.env.KORNLU_PRETRAIN_MINUTES ?? '90', ...PRETRAIN_ARGS, ...DEVICE]);
  if (pretrainedSteps() < TOTAL_STEPS) {
    console.log(`pretraining at step ${pretrainedSteps()} of ${TOTAL_STEPS}: run the recipe again to continue`);
    process.exit(0);
  }
}

// 3–4. Fine-tuning from the pretrained encoder and from scratch (the encoder's architecture, fresh weights).
const results: Record<string, unknown> = {};
for (const t of TASKS) {
  for (const split of ['train', 'test'] as const) {
    const file = path.join(work, `${t.name}-${split}.jsonl`);
    if (!existsSync(file)) tsx('scripts/models/encode-dataset.ts', ['--tokenizer', tokenizer, '--input', requireData(split === 'train' ? t.train : t.test), '--format', t.format, '--out', file]);
  }
  for (const init of ['pretrained', 'scratch'] as const) {
    const dir = path.join(work, 'ft', `${t.name}-${init}`);
    if (!existsSync(path.join(dir, 'metrics.json'))) {
      run('/usr/bin/python3', [
        'scripts/models/finetune_encoder.py', '--train', path.join(work, `${t.name}-train.jsonl`), '--test', path.join(work, `${t.name}-test.jsonl`),
        '--labels', t.labels, '--out', dir, '--epochs', String(t.epochs), ...DEVICE,
        '--init', path.join(work, 'encoder.pt'), ...(init === 'scratch' ? ['--scratch'] : []),
      ]);
    }
    const m = JSON.parse(readFileSync(path.join(dir, 'metrics.json'), 'utf8')) as { test_accuracy: number; test_macro_f1: number; best_val_accuracy: number; train_seconds: number; curve: unknown };
    results[`${t.name}/${init}`] = { test_accuracy: +m.test_accuracy.toFixed(4), test_macro_f1: +m.test_macro_f1.toFixed(4), best_val_accuracy: +m.best_val_accuracy.toFixed(4), train_seconds: m.train_seconds, curve: m.curve };
  }
}

// 5. Metrics and the pretraining curve (with the earlier attempts' held-out curves when their logs
// are in the work folder: the plateau they sat on is why the recipe is what it is).
const readLog = (file: string) => {
  const log = parseCsv(readFileSync(file, 'utf8'));
  const col = (name: string) => log[0]!.indexOf(name);
  const rows = log.slice(1).filter((r) => r.length === log[0]!.length);
  const heldOut = rows.filter((r) => r[col('valid_mlm')] !== '');
  return { col, rows, heldOut, points: heldOut.map((r) => [Number(r[col('tokens')]) / 1e6, Number(r[col('valid_mlm')])] as const) };
};
const main = readLog(path.join(work, 'log.csv'));
const attempts = [
  ['ELECTRA, post-LN', 'post-ln-attempt'],
  ['ELECTRA, pre-LN', 'no-alibi-attempt'],
  ['ELECTRA, pre-LN+ALiBi', 'electra-alibi-attempt'],
  ['MLM 4 layers, CPU (old)', 'cpu-1200'],
].filter(([, dir]) => existsSync(path.join(work, dir!, 'log.csv')));
mkdirSync(out, { recursive: true });
writeFileSync(
  path.join(out, 'pretraining.svg'),
  lineChartSvg({
    title: 'ko-electra-small pretraining: held-out masked-LM loss',
    xLabel: 'training tokens (millions)',
    yLabel: 'masked-LM loss (nats)',
    series: [{ name: 'MLM 6 layers (shipped)', points: main.points }, ...attempts.map(([name, dir]) => ({ name: name!, points: readLog(path.join(work, dir!, 'log.csv')).points }))],
  }),
);
const meta = JSON.parse(readFileSync(path.join(work, 'meta.json'), 'utf8')) as Record<string, unknown>;
const last = main.heldOut.at(-1)!;
writeFileSync(
  path.join(out, 'metrics.json'),
  JSON.stringify({
    pretraining: {
      steps: pretrainedSteps(),
      tokens: Number(main.rows.at(-1)![main.col('tokens')]),
      corpus: meta,
      heldOut: { mlmLoss: Number(last[main.col('valid_mlm')]), mlmAccuracy: Number(last[main.col('valid_acc')]), curve: main.points },
      args: PRETRAIN_ARGS,
    },
    finetuning: results,
  }, null, 2) + '\n',
);
console.log(JSON.stringify(results, (k, v) => (k === 'curve' ? undefined : v)));
