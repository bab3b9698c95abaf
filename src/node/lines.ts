/** Line streaming for files of any size. */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

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
