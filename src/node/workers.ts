/**
 * Starting kornlu's worker threads. A worker script is looked for wherever the build put it: beside
 * this module, in `node/` when the bundler moved this code into a shared chunk (`dist/chunk-*.js`,
 * CommonJS too) or into the CLI bundle; from source (tests, tsx) it is the TypeScript file beside
 * this module, started through a small bootstrap that registers tsx's loader in the thread.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import { KornluError } from '../errors.js';

export type WorkerName = 'w2v-worker' | 'morph-worker';

export function startWorker(name: WorkerName, options: Omit<WorkerOptions, 'eval'> = {}): Worker {
  const file = workerFile(name);
  return file.pathname.endsWith('.ts') ? tsWorker(file, options) : new Worker(file, options);
}

function workerFile(name: WorkerName): URL {
  for (const rel of [`./${name}.js`, `./node/${name}.js`, `../node/${name}.js`, `./${name}.ts`]) {
    const url = new URL(rel, import.meta.url);
    if (existsSync(fileURLToPath(url))) return url;
  }
  throw new KornluError('FILE_NOT_FOUND', `kornlu's worker script ${name}.js is missing near ${fileURLToPath(import.meta.url)}; reinstall kornlu, or use one thread`);
}

function tsWorker(file: URL, options: Omit<WorkerOptions, 'eval'>): Worker {
  // tsx's ESM entry, resolved by hand: require.resolve would give its CommonJS twin.
  const pkgPath = createRequire(import.meta.url).resolve('tsx/package.json');
  const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as { exports: Record<string, { import?: string | { default?: string } }> };
  const entry = pkg.exports['./esm/api']!.import!;
  const api = pathToFileURL(path.join(path.dirname(pkgPath), typeof entry === 'string' ? entry : entry.default!)).href;
  const code = `(async () => { const { register } = await import(${JSON.stringify(api)}); register(); await import(${JSON.stringify(file.href)}); })();`;
  return new Worker(code, { ...options, eval: true });
}
