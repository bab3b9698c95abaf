/** Gunzip in any JavaScript runtime (browsers, Node ≥ 18, Deno) through the platform's DecompressionStream. */
import { KornluError } from './errors.js';

export async function gunzipBytes(bytes: Uint8Array<ArrayBuffer>, name: string): Promise<Uint8Array> {
  try {
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  } catch (e) {
    throw new KornluError('INVALID_ARGUMENT', `cannot decompress ${name}: ${(e as Error).message}`, { path: name, cause: e });
  }
}
