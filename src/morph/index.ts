/** kornlu/morph: the morphological analyzer (browser-safe). */
export { MorphAnalyzer, type AnalyzerData, type Morpheme } from './analyzer.js';
export type { UserEntry } from './dict/lexicon.js';
export { parseUserDictionary } from './dict/user-dict.js';
export { loadMorphAnalyzerFromURL, MORPH_INDEX_FILE, MORPH_LEXICON_FILES, MORPH_WEIGHTS_FILE } from './load.js';
export { TAGS, type Tag } from './tags.js';
