/**
 * A static server for the built demo, with the cross-origin isolation headers WASM threads need
 * (COOP/COEP; `isolated: false` serves without them, to see the one-thread fallback) and the
 * content types onnxruntime-web expects. Used by the e2e test and the benchmark; also runnable:
 *
 *   npx tsx examples/browser-qa/serve.ts [DIST_DIR] [PORT]
 */
import { createReadStream, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm',
  '.json': 'application/json', '.css': 'text/css', '.onnx': 'application/octet-stream', '.gz': 'application/octet-stream',
};

export interface StaticServer {
  url: string;
  server: Server;
  /** Requests so far as `METHOD /path` (for tests counting downloads). */
  requests: string[];
  close(): Promise<void>;
}

export async function serveStatic(root: string, options: { isolated?: boolean; port?: number; override?: (urlPath: string) => Buffer | number | undefined } = {}): Promise<StaticServer> {
  const requests: string[] = [];
  const base = path.resolve(root);
  const server = createServer((req, res) => {
    const urlPath = decodeURIComponent((req.url ?? '/').split('?')[0]!);
    requests.push(`${req.method} ${urlPath}`);
    if (options.isolated !== false) {
      res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
      res.setHeader('Cross-Origin-Embedder-Policy', 'require-corp');
    }
    const special = options.override?.(urlPath);
    if (typeof special === 'number') return res.writeHead(special).end();
    if (special) return res.writeHead(200, { 'content-type': TYPES[path.extname(urlPath)] ?? 'application/octet-stream' }).end(special);
    const file = path.join(base, urlPath.endsWith('/') ? `${urlPath}index.html` : urlPath);
    if (!file.startsWith(base)) return res.writeHead(403).end();
    let size: number;
    try {
      const st = statSync(file);
      if (!st.isFile()) throw new Error('not a file');
      size = st.size;
    } catch {
      return res.writeHead(404).end();
    }
    // Vite's assets/ carry a content hash in their names: cacheable for good, as a production host
    // serves them (the browser then also keeps onnxruntime's compiled .wasm code between visits).
    if (urlPath.startsWith('/assets/')) res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'content-length': size });
    if (req.method === 'HEAD') return res.end();
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((r) => server.listen(options.port ?? 0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return { url: `http://127.0.0.1:${port}/`, server, requests, close: () => new Promise((r) => server.close(() => r())) };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2] ?? path.join(path.dirname(fileURLToPath(import.meta.url)), 'dist');
  const s = await serveStatic(dir, { port: Number(process.argv[3] ?? 5180) });
  console.log(`serving ${dir} at ${s.url} (cross-origin isolated)`);
}
