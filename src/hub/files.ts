/**
 * ModelFiles: the files of one model, wherever they live — a local Hugging Face layout folder,
 * a base URL, or a hub id resolved through `env.remoteHost` + `env.remotePathTemplate` — with
 * downloads cached and every error naming the file or URL it is about.
 *
 * @example
 * const files = await ModelFiles.open('kornlu/ko-qa-small');   // or './models/qa', or 'https://…/qa/'
 * const config = await files.json('config.json');
 */
import { KornluError } from '../errors.js';
import { getPlatform, type FileCache } from '../runtime/platform.js';
import { env } from './env.js';
import { fetchChecked, readBody } from './fetch.js';

export interface LoadProgress {
  file: string;
  loaded: number;
  /** Bytes expected (0 when the server does not say). */
  total: number;
}

export interface HubOptions {
  /** Hub revision (branch, tag or commit), default `main`. */
  revision?: string;
  /** Overrides `env.allowRemote` for this load. */
  allowRemote?: boolean;
  /** Overrides `env.useCache` for this load. */
  useCache?: boolean;
  /** Download progress, per file. */
  onProgress?: (p: LoadProgress) => void;
  /** A fetch implementation (default: the global one). */
  fetch?: typeof fetch;
}

type Location = { kind: 'local'; dir: string } | { kind: 'url'; base: string; id: string };

const HUB_ID = /^[A-Za-z0-9][\w.-]*(\/[\w.-]+)?$/;

function joinPath(dir: string, file: string): string {
  return `${dir.replace(/[\\/]+$/, '')}/${file}`;
}

export class ModelFiles {
  /** Cache writes under way: downloads return before their copy is stored (see `settled`). */
  private readonly writes = new Set<Promise<void>>();
  /** Bytes `has` already read from the cache, handed to the next `bytes` call so a file is read once. */
  private readonly fromCache = new Map<string, Uint8Array>();

  private constructor(
    private readonly where: Location,
    private readonly options: HubOptions,
    private readonly cache: FileCache | null,
  ) {}

  /** Where the files come from: the local folder or the remote base URL. */
  get location(): string {
    return this.where.kind === 'local' ? this.where.dir : this.where.base;
  }

  get isRemote(): boolean {
    return this.where.kind === 'url';
  }

  static async open(model: string, options: HubOptions = {}): Promise<ModelFiles> {
    if (typeof model !== 'string' || model.trim() === '') throw new KornluError('INVALID_ARGUMENT', 'model must be a non-empty string (folder, URL or hub id)');
    const platform = getPlatform();
    const useCache = options.useCache ?? env.useCache;
    const cache = useCache ? platform.cache(env.cacheDir) : null;
    if (await platform.isLocal(model)) return new ModelFiles({ kind: 'local', dir: model }, options, null);
    if (/^[a-z][a-z0-9+.-]*:/i.test(model) || (platform.name === 'browser' && /^\.{0,2}\//.test(model))) {
      const base = platform.name === 'browser' && !/^[a-z][a-z0-9+.-]*:/i.test(model) ? new URL(model, globalThis.location?.href).href : model;
      return new ModelFiles({ kind: 'url', base: base.endsWith('/') ? base : `${base}/`, id: model }, options, cache);
    }
    if (platform.name === 'node' && /^(\.{0,2}\/|[A-Za-z]:\\)/.test(model)) {
      throw new KornluError('FILE_NOT_FOUND', 'model folder not found', { path: model });
    }
    if (!HUB_ID.test(model)) {
      throw platform.name === 'node'
        ? new KornluError('FILE_NOT_FOUND', 'model folder not found (and not a hub id like "owner/name")', { path: model })
        : new KornluError('INVALID_ARGUMENT', `not a URL or hub id: ${JSON.stringify(model)}`);
    }
    const revision = options.revision ?? 'main';
    const template = env.remotePathTemplate.replaceAll('{model}', model).replaceAll('{revision}', encodeURIComponent(revision));
    const base = `${env.remoteHost.replace(/\/+$/, '')}/${template.replace('{file}', '')}`;
    return new ModelFiles({ kind: 'url', base, id: model }, options, cache);
  }

  /** Full path or URL of a file of this model. */
  resolve(file: string): string {
    return this.where.kind === 'local' ? joinPath(this.where.dir, file) : new URL(file, this.where.base).href;
  }

  /** Whether a file exists: a stat for local folders, the cache or a HEAD request for remote ones. */
  async has(file: string): Promise<boolean> {
    if (this.where.kind === 'local') return getPlatform().isLocal(this.resolve(file));
    const url = this.resolve(file);
    const cached = await this.cache?.get(url);
    if (cached) {
      this.fromCache.set(url, cached);
      return true;
    }
    if (!(this.options.allowRemote ?? env.allowRemote)) return false;
    try {
      const res = await (this.options.fetch ?? globalThis.fetch)(url, { method: 'HEAD' });
      return res.ok;
    } catch {
      return false;
    }
  }

  /** A file's bytes (remote files go through the cache). */
  bytes(file: string): Promise<Uint8Array> {
    return this.where.kind === 'local' ? getPlatform().readLocal(this.resolve(file)) : this.download(file);
  }

  async text(file: string): Promise<string> {
    const bytes = await this.bytes(file);
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch (e) {
      throw new KornluError('INVALID_ARGUMENT', 'file is not valid UTF-8', { path: this.resolve(file), cause: e });
    }
  }

  async json(file: string): Promise<unknown> {
    const text = await this.text(file);
    try {
      return JSON.parse(text) as unknown;
    } catch (e) {
      throw new KornluError('INVALID_ARGUMENT', `file is not valid JSON: ${(e as Error).message}`, { path: this.resolve(file), cause: e });
    }
  }

  private async download(file: string): Promise<Uint8Array> {
    const url = this.resolve(file);
    const seen = this.fromCache.get(url);
    if (seen) {
      this.fromCache.delete(url);
      return seen;
    }
    const cached = await this.cache?.get(url);
    if (cached) return cached;
    if (!(this.options.allowRemote ?? env.allowRemote)) {
      throw new KornluError('REMOTE_NOT_ALLOWED', `remote loading is switched off (env.allowRemote = false) and the file is not cached`, { path: url });
    }
    const res = (await fetchChecked(url, { fetch: this.options.fetch }))!;
    const total = Number(res.headers.get('content-length') ?? 0);
    const bytes = await readBody(res, url, (loaded) => this.options.onProgress?.({ file, loaded, total }));
    if (total > 0 && bytes.length !== total) {
      throw new KornluError('DOWNLOAD_FAILED', `truncated download: ${bytes.length} of ${total} bytes`, { path: url });
    }
    if (this.cache) {
      // Stored in the background (a 10 MB model takes ~0.2 s in a browser's Cache API), so the
      // session can be created meanwhile; a failed write only means a download next time.
      const write = this.cache.put(url, bytes).catch(() => undefined);
      this.writes.add(write);
      void write.then(() => this.writes.delete(write));
    }
    return bytes;
  }

  /** Resolves when every downloaded file is in the cache (or failed to get there). */
  async settled(): Promise<void> {
    this.fromCache.clear();
    while (this.writes.size > 0) await Promise.all([...this.writes]);
  }
}
