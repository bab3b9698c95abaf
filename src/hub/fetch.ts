/**
 * One fetch with kornlu's errors, for every loader that downloads (model files, the analyzer's
 * dictionary): a network failure or an HTTP error status is `DOWNLOAD_FAILED`, a 404
 * `FILE_NOT_FOUND` (or `undefined` for an optional file); each names the URL.
 */
import { KornluError } from '../errors.js';

export async function fetchChecked(url: string, options: { fetch?: typeof fetch | undefined; init?: RequestInit | undefined; optional?: boolean } = {}): Promise<Response | undefined> {
  let res: Response;
  try {
    res = await (options.fetch ?? globalThis.fetch)(url, options.init);
  } catch (e) {
    throw new KornluError('DOWNLOAD_FAILED', `cannot fetch: ${(e as Error).message}`, { path: url, cause: e });
  }
  if (res.status === 404) {
    if (options.optional) return undefined;
    throw new KornluError('FILE_NOT_FOUND', 'file not found (HTTP 404)', { path: url });
  }
  if (!res.ok) throw new KornluError('DOWNLOAD_FAILED', `HTTP ${res.status} ${res.statusText}`.trimEnd(), { path: url });
  return res;
}

/** A response's body, reporting bytes read so far; a broken connection is `DOWNLOAD_FAILED` naming `url`. */
export async function readBody(res: Response, url: string, onChunk?: (loaded: number) => void): Promise<Uint8Array<ArrayBuffer>> {
  if (!res.body) return new Uint8Array(await res.arrayBuffer());
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  const reader = res.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      loaded += value.length;
      onChunk?.(loaded);
    }
  } catch (e) {
    throw new KornluError('DOWNLOAD_FAILED', `download interrupted: ${(e as Error).message}`, { path: url, cause: e });
  }
  const out = new Uint8Array(loaded);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
