/**
 * Vite config for the browser QA demo. The page is served cross-origin isolated (COOP/COEP) so
 * onnxruntime-web can use WASM threads; the models are served from the repository's models/
 * folder in development and copied into dist/models/ by the build.
 *
 *   npx vite examples/browser-qa                 (dev server)
 *   npx vite build examples/browser-qa           (production build → examples/browser-qa/dist)
 *
 * KORNLU_QA_MODEL=folder builds with another QA model folder (config.json, tokenizer.json, onnx/, reranker.json if named).
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');

/** The files each model folder needs in a browser (int8 ONNX only; the QA reranker and a classifier's n-gram head when config.json names them). */
export function modelFiles(): Map<string, string> {
  const qa = process.env.KORNLU_QA_MODEL ? path.resolve(process.env.KORNLU_QA_MODEL) : path.join(repo, 'models/ko-qa');
  const files = new Map<string, string>();
  for (const [name, dir] of [['ko-qa', qa], ['ko-sentiment', path.join(repo, 'models/ko-sentiment')]] as const) {
    for (const f of ['config.json', 'tokenizer.json', 'onnx/model_quantized.onnx']) files.set(`models/${name}/${f}`, path.join(dir, f));
    const config = JSON.parse(readFileSync(path.join(dir, 'config.json'), 'utf8')) as { kornlu_reranker?: unknown; kornlu_ngram_head?: { file?: unknown } };
    for (const extra of [config.kornlu_reranker, config.kornlu_ngram_head?.file]) {
      if (typeof extra === 'string') files.set(`models/${name}/${extra}`, path.join(dir, extra));
    }
  }
  const morph = path.join(repo, 'models/ko-morph');
  for (const f of readdirSync(morph)) if (f.endsWith('.gz')) files.set(`models/ko-morph/${f}`, path.join(morph, f));
  return files;
}

export const isolationHeaders = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

function models(): Plugin {
  return {
    name: 'kornlu-models',
    configureServer(server) {
      const files = modelFiles();
      server.middlewares.use((req, res, next) => {
        const file = files.get(decodeURIComponent((req.url ?? '').split('?')[0]!.replace(/^\//, '')));
        if (!file) return next();
        try {
          statSync(file);
        } catch {
          return next();
        }
        res.setHeader('content-type', 'application/octet-stream');
        res.end(readFileSync(file));
      });
    },
    generateBundle() {
      for (const [name, file] of modelFiles()) this.emitFile({ type: 'asset', fileName: name, source: readFileSync(file) });
    },
  };
}

export default defineConfig({
  root: here,
  base: './',
  resolve: {
    alias: {
      // Inside the repository the package is its own source; an app outside imports `kornlu/pipelines`
      // from npm and gets the same browser build through the package's "browser" export condition.
      'kornlu/pipelines': path.join(repo, 'src/pipelines/browser.ts'),
      'kornlu/morph': path.join(repo, 'src/morph/index.ts'),
    },
  },
  plugins: [models()],
  worker: { format: 'es' },
  optimizeDeps: { exclude: ['onnxruntime-web'] },
  build: { target: 'es2022', outDir: 'dist', emptyOutDir: true, reportCompressedSize: true },
  server: { headers: isolationHeaders },
  preview: { headers: isolationHeaders },
});
