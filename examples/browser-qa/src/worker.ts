/**
 * The inference worker: every model loads and runs here, so the page stays responsive while a
 * question is answered. Models come by URL through kornlu's browser build (onnxruntime-web; WebGPU
 * when an adapter exists, else WASM with threads on cross-origin isolated pages), and kornlu keeps
 * downloaded model files in the Cache API, so a second visit does not fetch them again.
 */
import { pipeline, type QuestionAnsweringPipeline, type TextClassificationPipeline } from 'kornlu/pipelines';
import { loadMorphAnalyzerFromURL, type MorphAnalyzer } from 'kornlu/morph';
import type { Envelope, Reply, Request, Results } from './protocol';

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

// One request at a time, in arrival order: onnxruntime sessions are not re-entrant.
let queue: Promise<void> = Promise.resolve();
self.onmessage = (ev: MessageEvent<Envelope>) => {
  const { id, ...req } = ev.data;
  queue = queue.then(async () => {
    let reply: Reply;
    try {
      reply = { id, ok: true, result: await handle(req as Request) };
    } catch (e) {
      const err = e as { code?: string; message?: string; path?: string };
      reply = { id, ok: false, error: { code: err.code ?? 'ERROR', message: err.message ?? String(e), ...(err.path ? { path: err.path } : {}) } };
    }
    self.postMessage(reply);
  });
};
