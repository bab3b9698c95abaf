/** kornlu/tokenizers: every token unit behind one interface. Browser-safe. */
export type { Token, Tokenizer, TokenUnit } from './types.js';
export { EojeolTokenizer, type EojeolOptions, type EojeolToken } from './eojeol.js';
export { SyllableTokenizer, type SyllableOptions, type SyllableToken, type SyllableKind } from './syllable.js';
export { JamoTokenizer, type JamoToken } from './jamo.js';
export { MorphemeTokenizer, type MorphemeToken } from './morpheme.js';
export { SubwordTokenizer, type SubwordToken } from './subword/index.js';
export { createTokenizer, TOKEN_UNITS, type UnitOptions, type UnitToken } from './registry.js';
