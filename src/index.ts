/**
 * kornlu: Korean natural-language understanding for TypeScript.
 * Browser-safe: nothing here imports Node built-ins (file loading lives in `kornlu/node`).
 */
export * from './text/index.js';
export * from './tokenizers/index.js';
export type { Encoding, EncodeOptions, TruncationOptions, PaddingOptions } from './tokenizers/subword/index.js';
export { BPE, Unigram, WordLevel, WordPiece } from './tokenizers/subword/index.js';
export { trainBPE, trainWordPiece, trainUnigram, type TrainerOptions } from './tokenizers/subword/trainers/index.js';
export { MorphAnalyzer, loadMorphAnalyzerFromURL, parseUserDictionary, TAGS, type AnalyzerData, type Morpheme, type UserEntry, type Tag } from './morph/index.js';
export * from './embeddings/index.js';
export { KornluError, type KornluErrorCode } from './errors.js';
