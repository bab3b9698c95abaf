/**
 * The morphological analyzer in headless Chromium: load time (fetch + gunzip + build, from a
 * loopback server), characters/s on the same NSMC lines as benchmarks/morph.bench.ts, and the JS
 * heap after load. Writes benchmarks/results/morph-browser.json.
 *
 *   npm run bench:morph-browser     (needs Debian's chromium; LINES=20000)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import { build } from 'esbuild';
import { launchChromium } from './lib/browser.js';
import { machine } from './lib/report.js';
import { projectRoot, requireData } from './lib/data.js';

const LINES = Number(process.env.LINES ?? 20_000);
const lines = readFileSync(requireData('nsmc-reviews-corpus/nsmc_raw_reviews.txt'), 'utf8').split('\n').slice(0, LINES);
const bundle = await build({
  entryPoints: [path.join(projectRoot, 'src/morph/index.ts')],
  bundle: true,
  format: 'esm',
  platform: 'browser',
  write: false,
  minify: true,
});
const js = bundle.outputFiles[0]!.text;
const page = `<!doctype html><meta charset="utf-8"><script type="module">
import { loadMorphAnalyzerFromURL } from '/kornlu-morph.js';
window.run = async () => {
  const t0 = performance.now();
  const ma = await loadMorphAnalyzerFromURL('/models/ko-morph/');
  const loadMs = performance.now() - t0;
  const heapMB = performance.memory ? performance.memory.usedJSHeapSize / 2 ** 20 : null;
  const lines = (await (await fetch('/lines.txt')).text()).split('\\n');
  const chars = lines.reduce((n, l) => n + l.length, 0);
  for (const l of lines.slice(0, 2000)) ma.analyze(l);
  const rounds = [];
  for (let r = 0; r < 3; r++) { const t = performance.now(); for (const l of lines) ma.analyze(l); rounds.push((performance.now() - t) / 1000); }
  rounds.sort((a, b) => a - b);
  return { loadMs, heapMB, chars, seconds: rounds, charsPerSecond: chars / rounds[1] };
};
</script>`;
const server = createServer((req, res) => {
  const url = req.url ?? '/';
  if (url === '/') return res.writeHead(200, { 'content-type': 'text/html' }).end(page);
  if (url === '/kornlu-morph.js') return res.writeHead(200, { 'content-type': 'text/javascript' }).end(js);
  if (url === '/lines.txt') return res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end(lines.join('\n'));
  if (url.startsWith('/models/ko-morph/')) {
    try {
      return res.writeHead(200).end(readFileSync(path.join(projectRoot, 'models/ko-morph', path.basename(url))));
    } catch {
      return res.writeHead(404).end();
    }
  }
  res.writeHead(404).end();
});
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const port = (server.address() as { port: number }).port;
const browser = await launchChromium(['--enable-precise-memory-info']);
try {
  const tab = await browser.newPage();
  await tab.goto(`http://127.0.0.1:${port}/`);
  await tab.waitForFunction(() => typeof (window as unknown as { run?: unknown }).run === 'function');
  const result = await tab.evaluate(() => (window as unknown as { run: () => Promise<unknown> }).run());
  const out = { date: new Date().toISOString(), machine: machine(), browser: browser.version(), bundleKB: +(js.length / 1024).toFixed(1), lines: lines.length, ...(result as object) };
  writeFileSync(path.join(projectRoot, 'benchmarks/results/morph-browser.json'), JSON.stringify(out, null, 2) + '\n');
  console.log(JSON.stringify(out, null, 2));
} finally {
  await browser.close();
  server.close();
}
