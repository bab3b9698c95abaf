/**
 * Loading the analyzer's files in any JavaScript runtime: fetch + DecompressionStream (browsers,
 * Node ≥ 18, Deno). `kornlu/node` adds loading from the file system.
 */
import { KornluError } from '../errors.js';
import { gunzipBytes } from '../gzip.js';
import { fetchChecked, readBody } from '../hub/fetch.js';
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

/**
 * Loads the analyzer from a base URL holding the model files (served as they are in
 * models/ko-morph). The five files are fetched at once; every failure is a `KornluError` naming its
 * URL: `FILE_NOT_FOUND` for a 404, `DOWNLOAD_FAILED` for a network error or another HTTP status,
 * `INVALID_ARGUMENT` for a file that is not gzip. The compiled index is optional. Caching is the
 * HTTP cache's: serve the files with long-lived cache headers.
 *
 * @example
 * const ma = await loadMorphAnalyzerFromURL('/models/ko-morph/');
 * ma.analyze('눈물을 흘렸다').map((m) => `${m.lemma}/${m.tag}`); // ['눈물/NNG', '을/JKO', '흘리/VV', '었/EP', '다/EF']
 */
export async function loadMorphAnalyzerFromURL(baseUrl: string, init?: RequestInit): Promise<MorphAnalyzer> {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  /** A file's gunzipped bytes; `undefined` for a 404 when the file is optional. */
  const get = async (name: string, optional = false): Promise<Uint8Array | undefined> => {
    const url = base + name;
    const res = await fetchChecked(url, { init, optional });
    return res && gunzipBytes(await readBody(res, url), url);
  };
  const decoder = new TextDecoder();
  const [lexicons, weights, index] = await Promise.all([
    Promise.all(MORPH_LEXICON_FILES.map(async (name) => ({ name, text: decoder.decode(await get(name)) }))),
    get(MORPH_WEIGHTS_FILE).then((b) => decoder.decode(b)),
    get(MORPH_INDEX_FILE, true),
  ]);
  return new MorphAnalyzer({ lexicons, weights: parseWeights(weights, base + MORPH_WEIGHTS_FILE), ...(index ? { index } : {}) });
}
