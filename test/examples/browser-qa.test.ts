/**
 * The browser QA demo, end to end: the production build (Vite) served on localhost with COOP/COEP,
 * driven in Debian's headless Chromium. Answers must equal the Node pipeline's (same model, same
 * inputs: same text, same offsets); the page must stay responsive while the worker answers; the
 * model must come from the Cache API on a second visit; missing and corrupt model files must give a
 * clear message; the JavaScript must stay within its size budget and free of Node built-ins.
 * Skipped only when Chromium is absent and KORNLU_REQUIRE_BROWSER is unset (CI sets it).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, launchChromium } from '../../benchmarks/lib/browser.js';
import { serveStatic, type StaticServer } from '../../examples/browser-qa/serve.js';
import type { DemoWindow } from '../../examples/browser-qa/src/protocol.js';
import { SAMPLES } from '../../examples/browser-qa/src/samples.js';
import { loadMorphAnalyzer } from '../../src/node/index.js';
import { pipeline } from '../../src/pipelines/node.js';

const root = path.resolve(__dirname, '../..');
const MODEL = path.join(root, 'models/ko-qa');
const haveBrowser = existsSync(CHROMIUM);
if (!haveBrowser && process.env.KORNLU_REQUIRE_BROWSER) throw new Error(`KORNLU_REQUIRE_BROWSER is set but there is no Chromium at ${CHROMIUM}`);
const questions = (JSON.parse(readFileSync(path.join(root, 'fixtures/browser-qa/questions.json'), 'utf8')) as Array<{ sample: number; question: string }>).map(
  (q) => ({ question: q.question, context: SAMPLES[q.sample]!.context }),
);
const artifacts = path.join(root, 'test-results');

describe.skipIf(!haveBrowser)('browser QA demo (Vite build, headless Chromium)', () => {
  let dist: string;
  let isolated: StaticServer;
  let browser: Browser;
  const corrupt = Buffer.alloc(4096, 7);

  beforeAll(async () => {
    dist = mkdtempSync(path.join(tmpdir(), 'kornlu-demo-'));
    await build({ configFile: path.join(root, 'examples/browser-qa/vite.config.ts'), logLevel: 'warn', build: { outDir: dist, emptyOutDir: true } });
    // /models/corrupt/ = ko-qa with a broken ONNX file; /models/missing/ does not exist.
    isolated = await serveStatic(dist, {
      override: (p) => {
        if (p === '/models/corrupt/onnx/model_quantized.onnx') return corrupt;
        if (p.startsWith('/models/corrupt/')) return readFileSync(path.join(MODEL, p.slice('/models/corrupt/'.length)));
        return undefined;
      },
    });
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await isolated?.close();
    if (dist) rmSync(dist, { recursive: true, force: true });
  });

  /** The page's own answer() (what the Ask button calls), from the test. */
  const askInPage = (page: Page, q: { question: string; context: string }) =>
    page.evaluate((x) => (window as unknown as DemoWindow).kornluDemo.answer(x.question, x.context), q);

  async function open(url: string, b: Browser = browser): Promise<Page> {
    const page = await b.newPage();
    await page.goto(url);
    await page.waitForSelector('#status[data-state]', { timeout: 60_000 });
    return page;
  }

  it('answers the fixture questions exactly as the Node pipeline does, through the UI', async () => {
    const qa = await pipeline('question-answering', MODEL, { dtype: 'int8' });
    const expected = await qa.run(questions);
    await qa.dispose();
    const page = await open(isolated.url);
    expect(await page.getAttribute('#status', 'data-state')).toBe('ready');
    for (const [i, q] of questions.entries()) {
      await page.fill('#context', q.context);
      await page.fill('#question', q.question);
      await page.click('#ask');
      const box = await page.waitForSelector('#answer[data-start]', { timeout: 30_000 });
      const got = await box.evaluate((el: HTMLElement) => ({ ...el.dataset }));
      const want = expected[i]![0]!;
      expect({ answer: got.answer, start: Number(got.start), end: Number(got.end) }).toEqual({ answer: want.answer, start: want.start, end: want.end });
      // Scores agree to within 0.1 in log space: onnxruntime-web's and -node's int8 kernels round
      // activations differently (the spans and offsets must be identical).
      expect(Math.abs(Math.log(Number(got.score)) - Math.log(want.score))).toBeLessThan(0.1);
      expect(q.context.slice(want.start, want.end)).toBe(want.answer);
      // The highlighted text in the passage is the answer.
      expect(await page.textContent('#highlight mark')).toBe(want.answer);
    }
    mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: path.join(artifacts, 'browser-qa.png'), fullPage: true });
    await page.close();
  }, 120_000);

  it('sentiment tab: the Node pipeline’s label and score (encoder + n-gram head, gzip head file decoded in the browser)', async () => {
    const reviews = ['배우들 연기가 정말 최고였어요', '돈 아깝다 ㅡㅡ 최악', '스토리는 별로인데 배우들 연기는 좋았음'];
    const clf = await pipeline('sentiment');
    expect(clf.ngramHead).toBeDefined();
    const expected = await clf.run(reviews);
    const encoderOnly = await clf.run(reviews, { ngramHead: false });
    await clf.dispose();
    const page = await open(isolated.url);
    await page.click('nav button[data-tab="sentiment"]');
    for (const [i, text] of reviews.entries()) {
      await page.fill('#senti-input', text);
      await page.click('#senti-run');
      const out = await page.waitForFunction(() => /ms$/.test(document.querySelector('#senti-output')?.textContent ?? '') && document.querySelector('#senti-output')!.textContent, undefined, { timeout: 60_000 });
      const m = /\((positive|negative)\) · ([0-9.]+)/.exec(String(await out.jsonValue()));
      expect(m, String(await out.jsonValue())).not.toBeNull();
      expect(m![1]).toBe(expected[i]![0]!.label);
      // Printed with 3 decimals; WASM and native int8 kernels round differently (as for QA scores).
      const score = Number(m![2]);
      expect(Math.abs(score - expected[i]![0]!.score)).toBeLessThan(0.02);
      // Where the head moves the score (the third review: 0.89 → 0.80), the page must have used it.
      if (Math.abs(expected[i]![0]!.score - encoderOnly[i]![0]!.score) > 0.04) {
        expect(Math.abs(score - expected[i]![0]!.score)).toBeLessThan(Math.abs(score - encoderOnly[i]![0]!.score));
      }
    }
    expect(expected.some((e, i) => Math.abs(e[0]!.score - encoderOnly[i]![0]!.score) > 0.04)).toBe(true);
    await page.close();
  }, 120_000);

  it('POS tab: the Node analyzer\u2019s morphemes (dictionary fetched by URL and decoded in the worker)', async () => {
    const texts = ['여름휴가는 시작하기 전이 가장 즐겁다.', '눈물을 흘렸다 ㅋㅋ 2024년 漢字 😀', '아버지가방에들어가신다'];
    const ma = await loadMorphAnalyzer();
    const page = await open(isolated.url);
    await page.click('nav button[data-tab="pos"]');
    for (const text of texts) {
      await page.fill('#pos-input', text);
      await page.evaluate(() => (document.querySelector('#pos-output')!.textContent = ''));
      await page.click('#pos-run');
      const out = await page.waitForFunction(() => /ms\)$/.test(document.querySelector('#pos-output')?.textContent ?? '') && document.querySelector('#pos-output')!.textContent, undefined, { timeout: 60_000 });
      const shown = String(await out.jsonValue()).split('\n')[0];
      expect(shown).toBe(ma.analyze(text).map((m) => `${m.lemma}/${m.tag}`).join(' '));
    }
    await page.close();
  }, 120_000);

  it('shows the backend: WASM with threads when cross-origin isolated, one thread without COOP/COEP', async () => {
    const page = await open(isolated.url);
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    expect(await page.getAttribute('#backend', 'data-device')).toBe('wasm'); // no WebGPU adapter without --enable-unsafe-webgpu
    expect(Number(await page.getAttribute('#backend', 'data-threads'))).toBe(Math.min(cores, 4));
    await page.close();

    const plain = await serveStatic(dist, { isolated: false });
    try {
      const p2 = await open(plain.url);
      expect(await p2.evaluate(() => crossOriginIsolated)).toBe(false);
      expect(await p2.getAttribute('#backend', 'data-threads')).toBe('1');
      expect(await p2.textContent('#backend')).toContain('not cross-origin isolated');
      const r = await askInPage(p2, questions[0]!);
      expect(r.answers[0]!.answer.length).toBeGreaterThan(0);
      await p2.close();
    } finally {
      await plain.close();
    }
  }, 120_000);

  it('uses WebGPU when an adapter exists (Chromium\'s software adapter here) and answers as Node does', async () => {
    const qa = await pipeline('question-answering', MODEL, { dtype: 'int8' });
    const expected = await qa.run(questions);
    await qa.dispose();
    const gpu = await launchChromium(['--enable-unsafe-webgpu']);
    try {
      const page = await open(isolated.url, gpu);
      expect(await page.evaluate(async () => (await (navigator as unknown as { gpu?: { requestAdapter(): Promise<unknown> } }).gpu?.requestAdapter()) != null)).toBe(true);
      expect(await page.getAttribute('#backend', 'data-device')).toBe('webgpu');
      expect(await page.textContent('#backend')).toBe('webgpu');
      for (const [i, q] of questions.entries()) {
        const r = await askInPage(page, q);
        const got = r.answers[0]!;
        const want = expected[i]![0]!;
        expect({ answer: got.answer, start: got.start, end: got.end }).toEqual({ answer: want.answer, start: want.start, end: want.end });
        expect(Math.abs(Math.log(got.score) - Math.log(want.score))).toBeLessThan(0.1);
      }
      await page.close();
    } finally {
      await gpu.close();
    }
  }, 180_000);

  it('keeps the main thread responsive while the worker answers over a long passage', async () => {
    const page = await open(isolated.url);
    const long = Array.from({ length: 60 }, () => SAMPLES[2]!.context).join('\n');
    const r = await page.evaluate(async ({ q, c }) => {
      const beats: number[] = [];
      const timer = setInterval(() => beats.push(performance.now()), 10);
      const t0 = performance.now();
      await (window as unknown as DemoWindow).kornluDemo.answer(q, c);
      const took = performance.now() - t0;
      clearInterval(timer);
      let gap = 0;
      for (let i = 1; i < beats.length; i++) gap = Math.max(gap, beats[i]! - beats[i - 1]!);
      return { took, beats: beats.length, gap };
    }, { q: questions[3]!.question, c: long });
    // The answer took a while (dozens of windows), and the page's timer kept firing all along:
    // work on the main thread would have stalled it for the whole answer.
    expect(r.took).toBeGreaterThan(4 * r.gap);
    expect(r.gap).toBeLessThan(250);
    expect(r.beats).toBeGreaterThan(r.took / 100);
    await page.close();
  }, 120_000);

  it('loads the model from the Cache API on a second visit (no second download)', async () => {
    const context = await browser.newContext();
    const count = () => isolated.requests.filter((r) => r === 'GET /models/ko-qa/onnx/model_quantized.onnx').length;
    const before = count();
    const first = await context.newPage();
    await first.goto(isolated.url);
    await first.waitForSelector('#status[data-state="ready"]', { timeout: 60_000 });
    expect(count()).toBe(before + 1);
    await first.close();
    const second = await context.newPage();
    await second.goto(isolated.url);
    await second.waitForSelector('#status[data-state="ready"]', { timeout: 60_000 });
    expect(count()).toBe(before + 1);
    expect(await second.textContent('#status')).toContain('캐시');
    await context.close();
  }, 120_000);

  it('says clearly when the model file is missing or corrupt', async () => {
    const missing = await open(`${isolated.url}?model=missing/`);
    expect(await missing.getAttribute('#status', 'data-state')).toBe('error');
    expect(await missing.textContent('#status')).toMatch(/model file not found.*missing\/config\.json/);
    await missing.close();
    const broken = await open(`${isolated.url}?model=corrupt/`);
    expect(await broken.getAttribute('#status', 'data-state')).toBe('error');
    expect(await broken.textContent('#status')).toMatch(/model file is corrupt.*corrupt\/onnx\/model_quantized\.onnx/);
    // Asking anyway gives the same clear message, not a hang.
    await broken.click('#ask');
    await broken.waitForSelector('#answer[data-error]', { timeout: 30_000 });
    await broken.close();
  }, 120_000);

  it('ships at most 300 kB of gzipped JavaScript, with no Node built-ins', () => {
    const js = readdirSync(path.join(dist, 'assets')).filter((f) => f.endsWith('.js'));
    let gz = 0;
    for (const f of js) {
      const code = readFileSync(path.join(dist, 'assets', f));
      gz += gzipSync(code).length;
      expect(code.toString()).not.toMatch(/from\s*["']node:|require\(["'](fs|path|os|node:)/);
    }
    expect(js.length).toBeGreaterThan(1); // page + worker + onnxruntime-web
    expect(gz).toBeLessThanOrEqual(300 * 1024);
  });
});
