/** Line streaming for files and streams of any size. */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { KornluError } from '../errors.js';
import { stripBom } from '../text/chars.js';

/**
 * Streams a UTF-8 text file line by line (never the whole file in memory). A byte-order mark at
 * the start is dropped: editors on Windows write one, and it is not part of the text.
 */
export async function* readLines(path: string, options: { limit?: number } = {}): AsyncGenerator<string> {
  const stream = createReadStream(path, { encoding: 'utf8' });
  try {
    yield* streamLines(stream, options);
  } catch (e) {
    // A file that cannot be opened is the caller's input error, typed as every loader types it.
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EISDIR' || code === 'EACCES') throw new KornluError('FILE_NOT_FOUND', `cannot read text file: ${code}`, { path, cause: e });
    throw e;
  } finally {
    stream.destroy();
  }
}

/** The lines of a UTF-8 text stream (stdin, say), as `readLines` reads a file's. */
export async function* streamLines(input: NodeJS.ReadableStream, options: { limit?: number } = {}): AsyncGenerator<string> {
  const rl = createInterface({ input, crlfDelay: Infinity });
  let n = 0;
  try {
    for await (const line of rl) {
      if (options.limit !== undefined && n >= options.limit) break;
      yield n++ === 0 ? stripBom(line) : line;
    }
  } finally {
    rl.close();
  }
}
