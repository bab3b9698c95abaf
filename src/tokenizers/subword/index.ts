/** kornlu/subword: HF tokenizer.json tokenizers and trainers in pure TypeScript (browser-safe). */
export { SubwordTokenizer } from './tokenizer.js';
export type { SubwordToken, EncodeOptions, TruncationOptions, PaddingOptions } from './tokenizer.js';
export type { Encoding } from './encoding.js';
export { BPE, Unigram, WordLevel, WordPiece, type Model, type ModelToken } from './models/index.js';
