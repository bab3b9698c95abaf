/**
 * Shared recipe for kornlu's text classifiers (models/ko-sentiment, models/ko-intent): tokenize the
 * dataset with the bundled WordPiece vocabulary, train in PyTorch (/usr/bin/python3, CPU) — a
 * TextCNN from scratch (train_textcnn.py), a transformer fine-tuned from kornlu's pretrained
 * encoder (finetune_encoder.py, models/ko-electra-small), or both averaged in one graph
 * (ensemble_onnx.py) — export ONNX + int8, then measure the shipped file through kornlu's own
 * text-classification pipeline on the held-out test split (accuracy, macro-F1, latency).
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { projectRoot } from '../../benchmarks/lib/data.js';
import { pipeline } from '../../src/pipelines/node.js';
import { classificationScores } from '../../src/chatbot/metrics.js';
import { readLabeledFile, type LabeledFormat } from './labeled-file.js';
import { preoptimize } from './preoptimize.js';

export interface ClassifierRecipe {
  name: string;
  format: LabeledFormat;
  train: string;
  test: string;
  labels: string[];
  /** Dataset ids recorded in config.json (kornlu_trained_on). */
  trainedOn: string[];
  epochs: number;
  extraArgs?: string[];
  /**
   * 'textcnn' (default): train_textcnn.py from scratch. 'encoder': finetune_encoder.py from the
   * encoder.pt of models/ko-electra-small's recipe (run `npm run recipe:electra` first).
   * 'ensemble': both (TextCNN with `epochs` / `extraArgs`, encoder with `encoderEpochs` /
   * `encoderArgs`), their probabilities averaged with equal weights in one ONNX graph.
   */
  trainer?: 'textcnn' | 'encoder' | 'ensemble';
  encoderEpochs?: number;
  encoderArgs?: string[];
}

/** Where models/ko-electra-small/recipe.ts leaves the pretrained encoder. */
export const pretrainedEncoder = () => path.join(tmpdir(), 'kornlu-recipe-ko-electra', 'encoder.pt');

async function readTest(file: string, format: LabeledFormat): Promise<Array<{ text: string; label: number }>> {
  const out: Array<{ text: string; label: number }> = [];
  for await (const row of readLabeledFile(file, format)) out.push(row);
  return out;
}

export async function runClassifierRecipe(r: ClassifierRecipe): Promise<void> {
  const encoder = r.trainer === 'encoder';
  const out = path.join(projectRoot, 'models', r.name);
  const work = path.join(tmpdir(), `kornlu-recipe-${r.name}`);
  mkdirSync(work, { recursive: true });
  mkdirSync(out, { recursive: true });
  const tokenizer = path.join(projectRoot, 'models/ko-wordpiece-16k/tokenizer.json');
  const vocab = (JSON.parse(readFileSync(tokenizer, 'utf8')) as { model: { vocab: Record<string, number> } }).model.vocab;
  const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'], cwd: projectRoot });
  const t0 = Date.now();
  const reuse = Boolean(process.env.KORNLU_RECIPE_REUSE);
  const encode = () => {
    for (const [split, file] of [['train', r.train], ['test', r.test]] as const) {
      if (reuse && existsSync(path.join(work, `${split}.jsonl`))) continue;
      run(process.execPath, ['--import', 'tsx', 'scripts/models/encode-dataset.ts', '--tokenizer', tokenizer, '--input', file, '--format', r.format, '--out', path.join(work, `${split}.jsonl`)]);
    }
  };
  const data = (dir: string, epochs: number) => ['--train', path.join(work, 'train.jsonl'), '--test', path.join(work, 'test.jsonl'), '--labels', r.labels.join(','), '--out', dir, '--epochs', String(epochs)];
  const trainTextCNN = (dir: string) => run('/usr/bin/python3', ['scripts/models/train_textcnn.py', ...data(dir, r.epochs), '--vocab-size', String(Object.keys(vocab).length), ...(r.extraArgs ?? [])]);
  const fineTune = (dir: string, epochs: number, args: string[]) => {
    if (!existsSync(pretrainedEncoder())) throw new Error(`${pretrainedEncoder()} is missing: run \`npm run recipe:electra\` first`);
    run('/usr/bin/python3', ['scripts/models/finetune_encoder.py', ...data(dir, epochs), '--init', pretrainedEncoder(), '--export', ...args]);
  };
  if (r.trainer === 'ensemble') {
    // Members in their own folders (KORNLU_RECIPE_REUSE=1 keeps a finished one), then one graph.
    const members = { textcnn: path.join(work, 'textcnn'), encoder: path.join(work, 'encoder') };
    encode();
    if (!(reuse && existsSync(path.join(members.textcnn, 'torch-metrics.json')))) trainTextCNN(members.textcnn);
    if (!(reuse && existsSync(path.join(members.encoder, 'torch-metrics.json')))) fineTune(members.encoder, r.encoderEpochs ?? r.epochs, r.encoderArgs ?? []);
    mkdirSync(path.join(work, 'onnx'), { recursive: true });
    run('/usr/bin/python3', ['scripts/models/ensemble_onnx.py', '--out', path.join(work, 'onnx/model.onnx'), path.join(members.textcnn, 'onnx/model.onnx'), path.join(members.encoder, 'onnx/model.onnx')]);
    run('/usr/bin/python3', ['scripts/models/quantize.py', path.join(work, 'onnx/model.onnx'), path.join(work, 'onnx/model_quantized.onnx')]);
    const tm = (dir: string) => JSON.parse(readFileSync(path.join(dir, 'torch-metrics.json'), 'utf8')) as Record<string, unknown> & { train_seconds: number };
    const textcnn = tm(members.textcnn), enc = tm(members.encoder);
    writeFileSync(path.join(work, 'torch-metrics.json'), JSON.stringify({ members: { textcnn, encoder: enc }, train_seconds: textcnn.train_seconds + enc.train_seconds, config: enc.config }, null, 2) + '\n');
  } else if (reuse && existsSync(path.join(work, 'torch-metrics.json'))) {
    // KORNLU_RECIPE_REUSE=1: keep the trained fp32 model in the work folder, redo only int8 + measurement.
    run('/usr/bin/python3', ['scripts/models/quantize.py', path.join(work, 'onnx/model.onnx'), path.join(work, 'onnx/model_quantized.onnx')]);
  } else {
    encode();
    if (encoder) fineTune(work, r.epochs, r.extraArgs ?? []);
    else trainTextCNN(work);
  }
  const wallSeconds = (Date.now() - t0) / 1000;
  const torchMetrics = JSON.parse(readFileSync(path.join(work, 'torch-metrics.json'), 'utf8')) as Record<string, unknown>;
  const config = {
    ...(r.trainer === 'ensemble'
      ? {
          model_type: 'kornlu-ensemble',
          architectures: ['MeanProbabilityEnsemble'],
          kornlu_ensemble: { combine: 'mean of the members’ softmax probabilities, equal weights', members: [{ model_type: 'kornlu-textcnn' }, { model_type: 'kornlu-encoder', ...encoderConfig(torchMetrics) }] },
        }
      : encoder
        ? { ...encoderConfig(torchMetrics), model_type: 'kornlu-encoder', architectures: ['EncoderForSequenceClassification'] }
        : { model_type: 'kornlu-textcnn', architectures: ['TextCNN'] }),
    id2label: Object.fromEntries(r.labels.map((l, i) => [String(i), l])),
    label2id: Object.fromEntries(r.labels.map((l, i) => [l, i])),
    max_position_embeddings: 512,
    pad_token_id: 0,
    kornlu_trained_on: r.trainedOn,
  };
  writeFileSync(path.join(work, 'config.json'), JSON.stringify(config, null, 2) + '\n');
  copyFileSync(tokenizer, path.join(work, 'tokenizer.json'));

  // The int8 file is stored with onnxruntime's graph rewrites applied (outputs checked bit-identical
  // in onnxruntime-node and -web): sessions then skip them at every load (scripts/models/preoptimize.ts).
  await preoptimize(path.join(work, 'onnx/model_quantized.onnx'), path.join(work, 'onnx/model_quantized.onnx'), 'extended');

  // The shipped artifact, measured through kornlu itself: fp32 and int8 on the whole test split.
  const test = await readTest(r.test, r.format);
  const measure = async (dtype: 'fp32' | 'int8') => {
    const clf = await pipeline('text-classification', work, { dtype, threads: 2 });
    const t = performance.now();
    const preds = await clf.run(test.map((x) => x.text), { batchSize: 64 });
    const batchSeconds = (performance.now() - t) / 1000;
    const lat: number[] = [];
    for (const x of test.slice(0, 500)) {
      const s = performance.now();
      await clf.run(x.text);
      lat.push(performance.now() - s);
    }
    lat.sort((a, b) => a - b);
    const predIdx = preds.map((p) => r.labels.indexOf(p[0]!.label));
    const { accuracy: acc, f1PerClass: f1 } = classificationScores(predIdx, test.map((x) => x.label), r.labels.length);
    await clf.dispose();
    return {
      accuracy: +acc.toFixed(4),
      macro_f1: +(f1.reduce((a, b) => a + b, 0) / f1.length).toFixed(4),
      f1_per_label: Object.fromEntries(r.labels.map((l, i) => [l, +f1[i]!.toFixed(4)])),
      texts_per_second_batch64: +(test.length / batchSeconds).toFixed(0),
      p50_ms_batch1: +lat[Math.floor(lat.length / 2)]!.toFixed(3),
      p95_ms_batch1: +lat[Math.floor(lat.length * 0.95)]!.toFixed(3),
      bytes: statSync(path.join(work, 'onnx', dtype === 'fp32' ? 'model.onnx' : 'model_quantized.onnx')).size,
    };
  };
  const fp32 = await measure('fp32');
  const int8 = await measure('int8');
  // Ship the int8 file only (dtype auto picks it); fp32 figures stay in metrics.json.
  mkdirSync(path.join(out, 'onnx'), { recursive: true });
  for (const f of ['config.json', 'tokenizer.json', 'onnx/model_quantized.onnx']) copyFileSync(path.join(work, f), path.join(out, f));
  rmSync(path.join(out, 'onnx/model.onnx'), { force: true });
  const trainSeconds = (torchMetrics as { train_seconds?: number }).train_seconds;
  const metrics = { testExamples: test.length, shipped: 'int8', int8, fp32, int8AccuracyCost: +(fp32.accuracy - int8.accuracy).toFixed(4), trainSeconds, torch: torchMetrics };
  writeFileSync(path.join(out, 'metrics.json'), JSON.stringify(metrics, null, 2) + '\n');
  console.log(JSON.stringify({ fp32: fp32.accuracy, int8: int8.accuracy, macroF1: int8.macro_f1, wallSeconds: Math.round(wallSeconds) }));
}

/** The encoder's sizes for config.json, from the config finetune_encoder.py records. */
function encoderConfig(torchMetrics: Record<string, unknown>): Record<string, unknown> {
  const c = torchMetrics.config as Record<string, unknown>;
  const keys = ['vocab_size', 'hidden_size', 'embedding_size', 'num_hidden_layers', 'num_attention_heads', 'intermediate_size', 'pre_layer_norm', 'alibi'];
  return Object.fromEntries(keys.map((k) => [k, c[k]]));
}
