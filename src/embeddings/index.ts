/** kornlu/embeddings: word vectors (browser-safe). Training is in kornlu/node (`Word2Vec`). */
export { KeyedVectors, type Neighbour, type SimilarOptions } from './keyed-vectors.js';
export { fromCompact, fromWord2VecBinary, fromWord2VecText, toCompact, toWord2VecBinary, toWord2VecText } from './formats.js';
export { evaluate, parseAnalogies, parseSimilarityCsv, spearman, type EvalResult } from './evaluate.js';
export { embeddingMapSvg, pca2 } from './plot.js';
export { Vocab, type VocabOptions } from './vocab.js';
