/** Worker thread of `MorphAnalyzerPool`: one analyzer, loaded at start, answering chunks of texts. */
import { parentPort, workerData } from 'node:worker_threads';
import type { Morpheme, MorphAnalyzer } from '../morph/analyzer.js';
import { loadMorphAnalyzer } from './index.js';
import { formatAnalysis } from './morph-format.js';
import type { MorphWorkerData, MorphWorkerReply, MorphWorkerRequest } from './morph-pool.js';

const init = workerData as MorphWorkerData;
const port = parentPort!;

function errorOf(e: unknown): NonNullable<MorphWorkerReply['error']> {
  const x = e as { code?: string; message?: string; path?: string };
  return { code: x.code ?? 'WORKER_FAILED', message: x.message ?? String(e), ...(x.path === undefined ? {} : { path: x.path }) };
}

/** Results up to the first text that fails, and that failure: the caller keeps what came before it. */
function answer(ma: MorphAnalyzer, req: MorphWorkerRequest): MorphWorkerReply {
  const done: Array<Morpheme[] | string> = [];
  try {
    for (const text of req.texts) done.push(req.format ? formatAnalysis(ma, text, req.format) : ma.analyze(text));
    return { id: req.id, results: done };
  } catch (e) {
    return { id: req.id, results: done, error: errorOf(e) };
  }
}

// A promise chain, not top-level await: the package also builds CommonJS.
loadMorphAnalyzer({ userEntries: init.userEntries, ...(init.dir === undefined ? {} : { dir: init.dir }) }).then(
  (ma) => {
    port.on('message', (req: MorphWorkerRequest) => port.postMessage(answer(ma, req)));
    port.postMessage({ id: -1, results: [] } satisfies MorphWorkerReply);
  },
  (e: unknown) => port.postMessage({ id: -1, results: [], error: errorOf(e) } satisfies MorphWorkerReply),
);
