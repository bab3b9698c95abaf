/**
 * Task pipelines on ONNX models, shared by the Node and browser builds (`node.ts` / `browser.ts`
 * register their platform and re-export this).
 */
export { pipeline, resolveTask, TASKS, TASK_ALIASES, DEFAULT_MODELS, type Task, type TaskName, type TaskPipelines } from './registry.js';
export { Pipeline, type RunOptions } from './base.js';
export { TextClassificationPipeline, type ClassifyOptions, type Label, type NgramHeadEntry } from './text-classification.js';
export { NgramHead, ngramCounts, type NgramHeadHeader } from './classify/ngram-head.js';
export { QuestionAnsweringPipeline, type QAInput, type QAAnswer, type QAOptions } from './question-answering.js';
export { FeatureExtractionPipeline, type EmbedOptions } from './feature-extraction.js';
export { Text2TextGenerationPipeline, type GenerateOptions, type Generated } from './text2text-generation.js';
export { WordSpacingPipeline, type SpacingOptions, type SpacedText, type SpacedWord } from './word-spacing.js';
export * from '../evaluate/index.js';
export { RetrievalPipeline, type RetrievalDocument, type RetrievalHit, type RetrievalMode, type RetrievalOptions, type SearchOptions, type RetrievalIndexJSON } from './retrieval.js';
export { BM25Index, type BM25Params } from '../retrieval/bm25.js';
export { DenseIndex, sifEmbedder, firstComponent, type Embedder, type SifOptions } from '../retrieval/dense.js';
export { reciprocalRankFusion } from '../retrieval/fusion.js';
export { termFunction, TERM_UNITS, type TermUnit } from '../retrieval/terms.js';
export { bestSpans, type Span } from './qa/spans.js';
export { trimTrailingJosa } from './qa/josa.js';
export { AnswerReranker, rerankFeatures, RERANK_FEATURES, TRIMMABLE, withTrimmedSpans, type RerankCandidate, type RerankerFile, type RerankFeature } from './qa/rerank.js';
export { env, type HubEnv } from '../hub/env.js';
export { ModelFiles, type HubOptions, type LoadProgress } from '../hub/files.js';
export { loadModel, type Dtype, type ModelOptions, type LoadedModel } from '../hub/load.js';
export type { ModelConfig } from '../hub/config.js';
export { createSession, Session, resetFallbackWarnings, type BackendOptions, type GraphOptimization } from '../runtime/backend.js';
export type { Device, ExecutionDevice, Platform } from '../runtime/platform.js';
