/**
 * Loading the analyzer's files in any JavaScript runtime: fetch + DecompressionStream (browsers,
 * Node ≥ 18, Deno). `kornlu/node` adds loading from the file system.
 */
import { KornluError } from '../errors.js';
import { gunzipBytes, gunzipText } from '../gzip.js';
import { MorphAnalyzer, type AnalyzerData } from './analyzer.js';

/** The files of the bundled model, in the order they are merged. */
export const MORPH_LEXICON_FILES = ['lex-kiwi.tsv.gz', 'lex-mecab.tsv.gz', 'lex-klue.tsv.gz'] as const;
export const MORPH_WEIGHTS_FILE = 'weights.json.gz';
/** Optional: the lexicon's compiled index (gzip); without it the analyzer builds its tries at load. */
export const MORPH_INDEX_FILE = 'index.bin.gz';

/** Parses the weights file, checking its shape. */
export function parseWeights(text: string, name: string): Record<string, number> {
  let w: unknown;
  try {
    w = JSON.parse(text);
  } catch (e) {
    throw new KornluError('INVALID_ARGUMENT', `weights file is not valid JSON: ${(e as Error).message}`, { path: name, cause: e });
  }
  if (w === null || typeof w !== 'object' || Array.isArray(w) || Object.values(w).some((v) => typeof v !== 'number')) {
    throw new KornluError('INVALID_ARGUMENT', 'weights file must map feature names to numbers', { path: name });
  }
  return w as Record<string, number>;
}

/** Loads the analyzer from a base URL holding the model files (served as they are in models/ko-morph). */
export async function loadMorphAnalyzerFromURL(baseUrl: string, init?: RequestInit): Promise<MorphAnalyzer> {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  const get = async (name: string) => {
    const url = base + name;
    const res = await fetch(url, init);
    if (!res.ok) throw new KornluError('FILE_NOT_FOUND', `HTTP ${res.status} fetching ${name}`, { path: url });
    return gunzipText(new Uint8Array(await res.arrayBuffer()), url);
  };
  // The index is optional: a folder without it still loads (the tries are then built here).
  const indexRes = await fetch(base + MORPH_INDEX_FILE, init);
  const index = indexRes.ok ? await gunzipBytes(new Uint8Array(await indexRes.arrayBuffer()), base + MORPH_INDEX_FILE) : undefined;
  const data: AnalyzerData = {
    lexicons: await Promise.all(MORPH_LEXICON_FILES.map(async (name) => ({ name, text: await get(name) }))),
    weights: parseWeights(await get(MORPH_WEIGHTS_FILE), base + MORPH_WEIGHTS_FILE),
    ...(index ? { index } : {}),
  };
  return new MorphAnalyzer(data);
}
