/**
 * Process-wide loading settings, the knobs a user with internet access turns: whether remote
 * models may be fetched at all, which host stands for "the hub", and the download cache.
 *
 * @example
 * import { env } from 'kornlu/pipelines';
 * env.allowRemote = false;                 // offline: only local folders and cached files
 * env.remoteHost = 'http://127.0.0.1:8080'; // a mirror (the tests use a loopback server)
 */
export interface HubEnv {
  /** Fetch models named by URL or hub id (default true). Cached files are used either way. */
  allowRemote: boolean;
  /** Base of hub URLs (default https://huggingface.co). */
  remoteHost: string;
  /** Path of a hub file: `{model}`, `{revision}` and `{file}` are filled in. */
  remotePathTemplate: string;
  /** Keep downloads (disk in Node, Cache API in browsers); default true. */
  useCache: boolean;
  /** Node: cache folder (default $KORNLU_CACHE or ~/.cache/kornlu). Browser: Cache API name. */
  cacheDir: string | undefined;
}

export const env: HubEnv = {
  allowRemote: true,
  remoteHost: 'https://huggingface.co',
  remotePathTemplate: '{model}/resolve/{revision}/{file}',
  useCache: true,
  cacheDir: undefined,
};
