/**
 * kornlu/node: the Node-only loader. Everything that touches the file system lives here, so the
 * rest of the library stays browser-safe.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { KornluError } from '../errors.js';
import { MorphAnalyzer } from '../morph/analyzer.js';
import type { UserEntry } from '../morph/dict/lexicon.js';
import { MORPH_INDEX_FILE, MORPH_LEXICON_FILES, MORPH_WEIGHTS_FILE, parseWeights } from '../morph/load.js';
import { SubwordTokenizer } from '../tokenizers/subword/tokenizer.js';
import type { KeyedVectors } from '../embeddings/keyed-vectors.js';
import { fromCompact, fromWord2VecBinary, fromWord2VecText, toCompact, toWord2VecBinary, toWord2VecText } from '../embeddings/formats.js';

/**
 * The package's models/ folder: the nearest ancestor of this file that holds package.json and
 * models/ (src/node, dist/node and bundler chunks in dist/ all find the same root).
 */
export function modelsDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'models'))) return path.join(dir, 'models');
    const up = path.dirname(dir);
    if (up === dir) throw new KornluError('FILE_NOT_FOUND', 'cannot find kornlu\'s models/ folder above the installed package', { path: fileURLToPath(import.meta.url) });
    dir = up;
  }
}

/**
 * Loads the morphological analyzer (default: the bundled models/ko-morph). Errors name the file.
 *
 * @example
 * const ma = await loadMorphAnalyzer();
 * ma.analyze('했다').map((m) => `${m.lemma}/${m.tag}`); // ['하/VV', '였/EP', '다/EF']
 */
export async function loadMorphAnalyzer(options: { dir?: string; userEntries?: UserEntry[] } = {}): Promise<MorphAnalyzer> {
  const dir = options.dir ?? path.join(modelsDir(), 'ko-morph');
  const read = async (name: string) => {
    const file = path.join(dir, name);
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch (e) {
      throw new KornluError('FILE_NOT_FOUND', `cannot read analyzer file: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { path: file, cause: e });
    }
    try {
      return gunzipSync(bytes);
    } catch (e) {
      throw new KornluError('INVALID_ARGUMENT', `analyzer file is not valid gzip: ${(e as Error).message}`, { path: file, cause: e });
    }
  };
  const lexicons = await Promise.all(MORPH_LEXICON_FILES.map(async (name) => ({ name, text: (await read(name)).toString('utf8') })));
  const weights = parseWeights((await read(MORPH_WEIGHTS_FILE)).toString('utf8'), path.join(dir, MORPH_WEIGHTS_FILE));
  // The compiled index is optional (a folder without it builds the tries at load) and unused with user entries.
  const index = options.userEntries?.length || !existsSync(path.join(dir, MORPH_INDEX_FILE)) ? undefined : await read(MORPH_INDEX_FILE);
  return new MorphAnalyzer({ lexicons, weights, ...(index ? { index } : {}) }, options.userEntries);
}

/** Reads a tokenizer.json (or a folder holding one). Errors name the file and the reason. */
export async function loadSubwordTokenizer(path: string): Promise<SubwordTokenizer> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EISDIR') return loadSubwordTokenizer(`${path.replace(/\/+$/, '')}/tokenizer.json`);
    throw new KornluError('FILE_NOT_FOUND', `cannot read tokenizer.json: ${code ?? (e as Error).message}`, { path, cause: e });
  }
  return SubwordTokenizer.fromJSON(text, { path });
}

/** Writes a tokenizer (e.g. one a trainer made) as tokenizer.json, atomically. */
export async function saveSubwordTokenizer(tokenizer: SubwordTokenizer, path: string): Promise<void> {
  await writeFileAtomic(path, JSON.stringify(tokenizer.toJSON()));
}

export { readLines } from './lines.js';
export { writeFileAtomic } from './fs.js';
import { writeFileAtomic } from './fs.js';
export { arrayCorpus, fileCorpus, pretokenizedCorpus, Word2Vec, type Corpus, type TrainProgress, type Word2VecOptions } from './word2vec.js';
export { MorphAnalyzerPool, type MorphPoolOptions } from './morph-pool.js';
export type { AnalysisFormat } from './morph-format.js';

/** Saves vectors: `.bin` word2vec binary, `.kv8` compact int8, anything else word2vec text. */
export async function saveVectors(kv: KeyedVectors, path: string): Promise<void> {
  const data = path.endsWith('.bin') ? toWord2VecBinary(kv) : path.endsWith('.kv8') ? toCompact(kv) : toWord2VecText(kv);
  await writeFileAtomic(path, data);
}

/**
 * Loads vectors by extension (`.bin`, `.kv8`, else text); with no path, kornlu's bundled Korean
 * vectors (models/ko-w2v: 30k morpheme lemmas). Errors name the file.
 */
export async function loadVectors(file: string = path.join(modelsDir(), 'ko-w2v', 'vectors.kv8')): Promise<KeyedVectors> {
  return readVectors(file);
}

async function readVectors(path: string): Promise<KeyedVectors> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (e) {
    throw new KornluError('FILE_NOT_FOUND', `cannot read vectors: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { path, cause: e });
  }
  if (path.endsWith('.bin')) return fromWord2VecBinary(bytes, path);
  if (path.endsWith('.kv8')) return fromCompact(bytes, path);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new KornluError('INVALID_ARGUMENT', 'vector file is not valid UTF-8 text (a binary file needs the .bin extension)', { path });
  }
  return fromWord2VecText(text, path);
}
