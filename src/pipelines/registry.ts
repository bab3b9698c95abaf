/**
 * The one registry of tasks: names, aliases and default models. `pipeline(task, model?)` loads
 * the pipeline class registered for the task.
 *
 * @example
 * import { pipeline } from 'kornlu/pipelines';
 * const qa = await pipeline('question-answering', 'kornlu/ko-qa-small', { device: 'auto', dtype: 'int8' });
 */
import { KornluError } from '../errors.js';
import type { ModelOptions } from '../hub/load.js';
import { FeatureExtractionPipeline } from './feature-extraction.js';
import { QuestionAnsweringPipeline } from './question-answering.js';
import { RetrievalPipeline, type RetrievalOptions } from './retrieval.js';
import { Text2TextGenerationPipeline } from './text2text-generation.js';
import { TextClassificationPipeline } from './text-classification.js';
import { WordSpacingPipeline } from './word-spacing.js';

export interface TaskPipelines {
  'text-classification': TextClassificationPipeline;
  'question-answering': QuestionAnsweringPipeline;
  'feature-extraction': FeatureExtractionPipeline;
  'text2text-generation': Text2TextGenerationPipeline;
  'word-spacing': WordSpacingPipeline;
  retrieval: RetrievalPipeline;
}
export type Task = keyof TaskPipelines;

/** Other names users reach for; `sentiment`, `intent` and `reply` also pick their own default model. */
export const TASK_ALIASES = {
  'sentiment-analysis': 'text-classification',
  sentiment: 'text-classification',
  intent: 'text-classification',
  qa: 'question-answering',
  embeddings: 'feature-extraction',
  seq2seq: 'text2text-generation',
  reply: 'text2text-generation',
  spacing: 'word-spacing',
  faq: 'retrieval',
} as const satisfies Record<string, Task>;
export type TaskAlias = keyof typeof TASK_ALIASES;
export type TaskName = Task | TaskAlias;
type Resolve<T extends TaskName> = T extends Task ? T : T extends TaskAlias ? (typeof TASK_ALIASES)[T] : never;

const LOADERS: { [T in Task]: (model: string, options: ModelOptions & RetrievalOptions) => Promise<TaskPipelines[T]> } = {
  'text-classification': (m, o) => TextClassificationPipeline.load(m, o),
  'question-answering': (m, o) => QuestionAnsweringPipeline.load(m, o),
  'feature-extraction': (m, o) => FeatureExtractionPipeline.load(m, o),
  'text2text-generation': (m, o) => Text2TextGenerationPipeline.load(m, o),
  'word-spacing': (m, o) => WordSpacingPipeline.load(m, o),
  retrieval: (m, o) => RetrievalPipeline.load(m, o),
};

/**
 * Default model per task name, filled in by the entry point (Node: the packaged models/ folder;
 * browser: none, pass a URL). A name with no default needs an explicit model.
 */
export const DEFAULT_MODELS: Partial<Record<TaskName, string>> = {};

export const TASKS = Object.keys(LOADERS) as Task[];

export function resolveTask(name: string): Task {
  if ((TASKS as string[]).includes(name)) return name as Task;
  const alias = (TASK_ALIASES as Record<string, Task>)[name];
  if (alias) return alias;
  throw new KornluError('INVALID_ARGUMENT', `unknown task ${JSON.stringify(name)}; tasks: ${[...TASKS, ...Object.keys(TASK_ALIASES)].join(', ')}`);
}

/**
 * Loads a pipeline. `retrieval` needs no model (BM25 alone); given one, it is the dense encoder,
 * and its documents and term unit come in `options`.
 */
export async function pipeline<T extends TaskName>(task: T, model?: string, options: ModelOptions & (Resolve<T> extends 'retrieval' ? RetrievalOptions : object) = {}): Promise<TaskPipelines[Resolve<T>]> {
  const resolved = resolveTask(task) as Resolve<T>;
  if (resolved === 'retrieval') return RetrievalPipeline.load(model ?? DEFAULT_MODELS[task], options) as Promise<TaskPipelines[Resolve<T>]>;
  const chosen = model ?? DEFAULT_MODELS[task];
  if (chosen === undefined) {
    throw new KornluError('NO_DEFAULT_MODEL', `task "${task}" has no default model yet; pass a model folder, URL or hub id`);
  }
  return LOADERS[resolved](chosen, options) as Promise<TaskPipelines[Resolve<T>]>;
}
