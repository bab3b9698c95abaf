/** File helpers shared by the Node loaders. */
import { rename, writeFile } from 'node:fs/promises';

/**
 * Writes bytes or text to `path` through a temporary file and a rename, so an existing file is
 * never left half-written (and a concurrent reader sees the old file or the new one).
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const tmp = `${path}.${process.pid}.${Date.now()}.${Math.random().toString(36).slice(2)}.tmp`;
  await writeFile(tmp, data);
  await rename(tmp, path);
}
