/**
 * `signal` cancels a pipeline call between model runs: an aborted call rejects with the signal's
 * reason (as fetch does) and runs no further batch, window batch or generation step; leaving a
 * generation stream early stops the generation.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { pipeline, Session } from '../../src/pipelines/node.js';
import { inputs, model } from './models.js';

/** Counts Session.run calls; `abortAfter` aborts `controller` once that many have finished. */
function countRuns(controller?: AbortController, abortAfter = Infinity) {
  const original = Session.prototype.run;
  const calls = { n: 0 };
  vi.spyOn(Session.prototype, 'run').mockImplementation(async function (this: Session, ...args: Parameters<Session['run']>) {
    const out = await original.apply(this, args);
    if (++calls.n >= abortAfter) controller?.abort();
    return out;
  });
  return calls;
}

afterEach(() => vi.restoreAllMocks());

const texts = [...inputs.singles, ...inputs.singles];

describe('signal', () => {
  it('an already aborted signal rejects with its reason before any model run', async () => {
    const clf = await pipeline('text-classification', model('tiny-cls'));
    const fe = await pipeline('feature-extraction', model('tiny-encoder'));
    const qa = await pipeline('question-answering', model('tiny-qa'));
    const gen = await pipeline('text2text-generation', model('tiny-seq2seq'));
    const reason = new Error('user left');
    const signal = AbortSignal.abort(reason);
    const calls = countRuns();
    await expect(clf.run(texts, { signal })).rejects.toBe(reason);
    await expect(fe.run(texts, { signal })).rejects.toBe(reason);
    await expect(qa.run({ question: inputs.pairs[0]![0], context: inputs.pairs[0]![1] }, { signal })).rejects.toBe(reason);
    await expect(gen.run(inputs.singles[0]!, { signal })).rejects.toBe(reason);
    expect(calls.n).toBe(0);
    // Without a signal, or with one never aborted, nothing changes.
    expect(await clf.run(texts, { signal: new AbortController().signal })).toEqual(await clf.run(texts));
    await Promise.all([clf.dispose(), fe.dispose(), qa.dispose(), gen.dispose()]);
  });

  it('aborting mid-call stops before the next batch (classification, QA windows, spacing)', async () => {
    const clf = await pipeline('text-classification', model('tiny-cls'));
    let c = new AbortController();
    let calls = countRuns(c, 1);
    await expect(clf.run(texts, { batchSize: 1, signal: c.signal })).rejects.toMatchObject({ name: 'AbortError' });
    expect(calls.n).toBe(1);
    vi.restoreAllMocks();

    const qa = await pipeline('question-answering', model('tiny-qa'));
    const [q0, c0] = inputs.pairs[0]!;
    const questions = [{ question: q0, context: c0 }, ...inputs.singles.map((context) => ({ question: q0, context }))];
    c = new AbortController();
    expect(questions.length).toBeGreaterThan(1);
    calls = countRuns(c, 1);
    await expect(qa.run(questions, { batchSize: 1, signal: c.signal })).rejects.toMatchObject({ name: 'AbortError' });
    expect(calls.n).toBe(1);
    vi.restoreAllMocks();

    const spacer = await pipeline('spacing');
    c = new AbortController();
    calls = countRuns(c, 1);
    await expect(spacer.run(['그는대학에서공부했다', '오늘날씨가좋네요', '아버지가방에들어가신다'], { batchSize: 1, signal: c.signal })).rejects.toMatchObject({ name: 'AbortError' });
    expect(calls.n).toBe(1);
    await Promise.all([clf.dispose(), qa.dispose(), spacer.dispose()]);
  });

  it('stops generation between steps; leaving a stream early stops the generation', async () => {
    const gen = await pipeline('text2text-generation', model('tiny-seq2seq'));
    const limit = gen.config.maxPositionEmbeddings!;
    const full = await gen.run(inputs.singles[0]!, { maxNewTokens: limit, stopTokens: [] });
    expect(full.ids.length).toBeGreaterThan(5); // enough steps for the checks below to mean something

    const c = new AbortController();
    let calls = countRuns(c, 3); // encoder, first step, one cached step
    await expect(gen.run(inputs.singles[0]!, { maxNewTokens: limit, stopTokens: [], signal: c.signal })).rejects.toMatchObject({ name: 'AbortError' });
    expect(calls.n).toBe(3);
    vi.restoreAllMocks();

    calls = countRuns();
    let pieces = 0;
    for await (const piece of gen.stream(inputs.singles[0]!, { maxNewTokens: limit, stopTokens: [] })) {
      expect(piece.length).toBeGreaterThan(0);
      if (++pieces === 1) break;
    }
    // The break comes after the first piece; at most the step under way then still runs.
    expect(calls.n).toBeLessThan(full.ids.length);
    const settled = calls.n;
    await new Promise((r) => setTimeout(r, 50));
    expect(calls.n).toBe(settled); // nothing keeps generating in the background
    await gen.dispose();
  });
});
