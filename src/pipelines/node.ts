/** kornlu/pipelines for Node: onnxruntime-node, local folders, on-disk download cache. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { modelsDir } from '../node/index.js';
import { nodePlatform } from '../runtime/platform-node.js';
import { setPlatform } from '../runtime/platform.js';
import { DEFAULT_MODELS, type TaskName } from './registry.js';

setPlatform(nodePlatform);

// Defaults are the models shipped in the package's models/ folder (those that exist).
const SHIPPED: Array<[TaskName[], string]> = [
  [['sentiment', 'sentiment-analysis', 'text-classification'], 'ko-sentiment'],
  [['intent'], 'ko-intent'],
  [['question-answering', 'qa'], 'ko-qa'],
  [['word-spacing', 'spacing'], 'ko-spacing'],
  [['reply', 'text2text-generation', 'seq2seq'], 'ko-reply'],
];
for (const [tasks, name] of SHIPPED) {
  const dir = path.join(modelsDir(), name);
  if (existsSync(path.join(dir, 'config.json'))) for (const t of tasks) DEFAULT_MODELS[t] ??= dir;
}

export * from './index.js';
