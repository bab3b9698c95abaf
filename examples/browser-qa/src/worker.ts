/**
 * The inference worker: every model loads and runs here, so the page stays responsive while a
 * question is answered. Models come by URL through kornlu's browser build (onnxruntime-web; WebGPU
 * when an adapter exists, else WASM with threads on cross-origin isolated pages), and kornlu keeps
 * downloaded model files in the Cache API, so a second visit does not fetch them again.
 */
import { pipeline, type QuestionAnsweringPipeline, type TextClassificationPipeline } from 'kornlu/pipelines';
import { loadMorphAnalyzerFromURL, type MorphAnalyzer } from 'kornlu/morph';
import type { Envelope, Reply, Request, Results } from './protocol';
import { SAMPLES } from './samples';

let qa: QuestionAnsweringPipeline | null = null;
let sentiment: Promise<TextClassificationPipeline> | null = null;
let morph: Promise<MorphAnalyzer> | null = null;

async function handle(req: Request): Promise<Results[Request['type']]> {
  const t0 = performance.now();
  switch (req.type) {
    case 'load-qa': {
      const loaded = new Map<string, number>(); // bytes so far per file (progress reports are cumulative)
      await qa?.dispose();
      qa = null;
      qa = await pipeline('question-answering', req.modelUrl, {
        device: req.device,
        dtype: 'int8',
        onProgress: (p) => loaded.set(p.file, p.loaded),
      });
      const { device, threads } = qa.device;
      const downloadedBytes = [...loaded.values()].reduce((a, b) => a + b, 0);
      return { backend: { device, threads, crossOriginIsolated: self.crossOriginIsolated }, ms: performance.now() - t0, downloadedBytes };
    }
    case 'qa': {
      if (!qa) throw Object.assign(new Error('the QA model is not loaded yet'), { code: 'NOT_READY' });
      const answers = await qa.run({ question: req.question, context: req.context }, { topK: req.topK });
      return { answers, ms: performance.now() - t0 };
    }
    case 'pos': {
      morph ??= loadMorphAnalyzerFromURL(req.morphUrl);
      const ma = await morph.catch((e: unknown) => {
        morph = null;
        throw e;
      });
      const morphemes = ma.analyze(req.text).map(({ text, start, end, tag, lemma }) => ({ text, start, end, tag, lemma }));
      return { morphemes, ms: performance.now() - t0 };
    }
    case 'sentiment': {
      sentiment ??= pipeline('sentiment', req.modelUrl, { device: 'wasm' });
      const clf = await sentiment.catch((e: unknown) => {
        sentiment = null;
        throw e;
      });
      const [best] = await clf.run(req.text);
      return { label: best!.label, score: best!.score, ms: performance.now() - t0 };
    }
  }
}

/**
 * The first answers after a load run while V8 is still optimizing onnxruntime's WebAssembly: here
 * 0.6–1.2 s for a first question that takes about 0.1 s a few questions later. So once the model is
 * loaded and no request has come for WARM_AFTER_MS, the worker spends its idle time answering the
 * sample questions, WARM_RUNS times: any request stops the warm-up between two runs (`signal`) and
 * waits only for the run under way. A question asked at once (a script) does not wait at all.
 */
const WARM_AFTER_MS = 500;
const WARM_RUNS = 6;
let warming: { stop: AbortController; done: Promise<void> } | null = null;

function warmUp(pipe: QuestionAnsweringPipeline): void {
  const stop = new AbortController();
  const done = (async () => {
    await new Promise<void>((r) => {
      const timer = setTimeout(r, WARM_AFTER_MS);
      stop.signal.addEventListener('abort', () => (clearTimeout(timer), r()), { once: true });
    });
    for (let i = 0; i < WARM_RUNS; i++) {
      // A run blocks this thread and resolves through microtasks only: give a waiting request's
      // message (which stops the warm-up) its turn before the next run.
      await new Promise((r) => setTimeout(r, 0));
      const { question, context } = SAMPLES[i % SAMPLES.length]!;
      await pipe.run({ question, context }, { signal: stop.signal });
    }
  })().catch(() => undefined); // stopped, or a failure the next real request will report
  warming = { stop, done };
}

// One request at a time, in arrival order: onnxruntime sessions are not re-entrant.
let queue: Promise<void> = Promise.resolve();
self.onmessage = (ev: MessageEvent<Envelope>) => {
  const { id, ...req } = ev.data;
  const warm = warming;
  warming = null;
  warm?.stop.abort();
  queue = queue.then(async () => {
    await warm?.done;
    let reply: Reply;
    try {
      reply = { id, ok: true, result: await handle(req as Request) };
    } catch (e) {
      const err = e as { code?: string; message?: string; path?: string };
      reply = { id, ok: false, error: { code: err.code ?? 'ERROR', message: err.message ?? String(e), ...(err.path ? { path: err.path } : {}) } };
    }
    self.postMessage(reply);
    if (req.type === 'load-qa' && reply.ok && qa) warmUp(qa);
  });
};
