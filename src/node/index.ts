/**
 * kornlu/node: the Node-only loader. Everything that touches the file system lives here, so the
 * rest of the library stays browser-safe.
 */
import { createReadStream } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { KornluError } from '../errors.js';
import { SubwordTokenizer } from '../tokenizers/subword/tokenizer.js';

/** Reads a tokenizer.json (or a folder holding one). Errors name the file and the reason. */
export async function loadSubwordTokenizer(path: string): Promise<SubwordTokenizer> {
  let file = path;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EISDIR') return loadSubwordTokenizer(`${path.replace(/\/+$/, '')}/tokenizer.json`);
    throw new KornluError('FILE_NOT_FOUND', `cannot read tokenizer.json: ${code ?? (e as Error).message}`, { path: file, cause: e });
  }
  file = path;
  return SubwordTokenizer.fromJSON(text, { path: file });
}

/** Writes a tokenizer (e.g. one a trainer made) as tokenizer.json. */
export async function saveSubwordTokenizer(tokenizer: SubwordTokenizer, path: string): Promise<void> {
  await writeFile(path, JSON.stringify(tokenizer.toJSON()), 'utf8');
}

/** Streams a UTF-8 text file line by line (never the whole file in memory). */
export async function* readLines(path: string, options: { limit?: number } = {}): AsyncGenerator<string> {
  const stream = createReadStream(path, { encoding: 'utf8' });
  const rl = createInterface({ input: stream, crlfDelay: Infinity });
  let n = 0;
  try {
    for await (const line of rl) {
      if (options.limit !== undefined && n >= options.limit) break;
      n++;
      yield line;
    }
  } finally {
    rl.close();
    stream.destroy();
  }
}
