/**
 * Model loading and the backend: local folders, a loopback HTTP server standing in for the hub
 * (with cache and allowRemote), clear errors naming the file, and device fallback with one warning.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createSession, env, pipeline, resetFallbackWarnings } from '../../src/pipelines/node.js';
import { nodePlatform } from '../../src/runtime/platform-node.js';
import { setPlatform } from '../../src/runtime/platform.js';
import { webPlatform } from '../../src/runtime/platform-web.js';
import { inputs, maxAbsDiff, MODELS, model } from './models.js';

const [question, context] = inputs.pairs[0]!;

async function tempCopy(name: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'kornlu-model-'));
  await cp(model(name), dir, { recursive: true });
  return dir;
}

describe('errors name the file', () => {
  it('missing folder, missing ONNX file, missing tokenizer', async () => {
    await expect(pipeline('qa', './no/such/model')).rejects.toMatchObject({ code: 'FILE_NOT_FOUND', path: './no/such/model' });
    const dir = await tempCopy('tiny-qa');
    await rm(path.join(dir, 'onnx'), { recursive: true });
    await expect(pipeline('qa', dir)).rejects.toMatchObject({ code: 'FILE_NOT_FOUND', message: expect.stringContaining('onnx/model.onnx') });
    await rm(path.join(dir, 'tokenizer.json'));
    await expect(pipeline('qa', dir)).rejects.toMatchObject({ code: 'FILE_NOT_FOUND', path: path.join(dir, 'tokenizer.json') });
  });

  it('corrupt and truncated ONNX files', async () => {
    const dir = await tempCopy('tiny-cls');
    const file = path.join(dir, 'onnx/model.onnx');
    const bytes = await readFile(file);
    await writeFile(file, bytes.subarray(0, bytes.length >> 1));
    await expect(pipeline('text-classification', dir)).rejects.toMatchObject({ code: 'INVALID_MODEL_FILE', path: file });
    await writeFile(file, 'not an onnx model at all');
    await expect(pipeline('text-classification', dir)).rejects.toMatchObject({ code: 'INVALID_MODEL_FILE', path: file });
  });

  it('label map that does not match the logits; broken config.json', async () => {
    const dir = await tempCopy('tiny-cls');
    const cfgFile = path.join(dir, 'config.json');
    const cfg = JSON.parse(await readFile(cfgFile, 'utf8'));
    cfg.id2label = { 0: 'neg', 1: 'pos' };
    await writeFile(cfgFile, JSON.stringify(cfg));
    const clf = await pipeline('text-classification', dir);
    await expect(clf.run('좋아요')).rejects.toMatchObject({ code: 'MODEL_MISMATCH', message: expect.stringContaining('2 labels') });
    await clf.dispose();
    cfg.id2label = { 0: 'a', 2: 'c' };
    await writeFile(cfgFile, JSON.stringify(cfg));
    await expect(pipeline('text-classification', dir)).rejects.toMatchObject({ code: 'MODEL_MISMATCH', path: cfgFile });
    await writeFile(cfgFile, '{ not json');
    await expect(pipeline('text-classification', dir)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', path: cfgFile });
  });

  it('wrong input names and wrong outputs for the task', async () => {
    // A seq2seq decoder wants encoder_hidden_states: as a classifier, that input is not fed.
    const dir = await tempCopy('tiny-cls');
    await cp(path.join(MODELS, 'tiny-seq2seq/onnx/decoder_model.onnx'), path.join(dir, 'onnx/model.onnx'));
    const clf = await pipeline('text-classification', dir);
    await expect(clf.run('좋아요')).rejects.toMatchObject({ code: 'MODEL_MISMATCH', message: expect.stringContaining('encoder_hidden_states') });
    await clf.dispose();
    // A classifier used for QA has no start_logits.
    const qaDir = await tempCopy('tiny-qa');
    await cp(path.join(MODELS, 'tiny-cls/onnx/model.onnx'), path.join(qaDir, 'onnx/model.onnx'));
    const qa = await pipeline('qa', qaDir);
    await expect(qa.run({ question, context })).rejects.toMatchObject({ code: 'MODEL_MISMATCH', message: expect.stringContaining('start_logits') });
    await qa.dispose();
  });

  it('an output of the wrong shape for the task', async () => {
    // An encoder's last_hidden_state [batch, tokens, hidden] is not a classifier's [batch, labels].
    const dir = await tempCopy('tiny-cls');
    await cp(path.join(MODELS, 'tiny-encoder/onnx/model.onnx'), path.join(dir, 'onnx/model.onnx'));
    const clf = await pipeline('text-classification', dir);
    await expect(clf.run('좋아요')).rejects.toMatchObject({ code: 'MODEL_MISMATCH', message: expect.stringMatching(/float32\[1, \d+, 32\], expected float32\[1, \?\]/) });
    await clf.dispose();
  });

  it('unknown task, no default model, bad options', async () => {
    await expect(pipeline('summarize' as 'qa', model('tiny-qa'))).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(pipeline('feature-extraction')).rejects.toMatchObject({ code: 'NO_DEFAULT_MODEL' });
    await expect(pipeline('qa', model('tiny-qa'), { device: 'tpu' as 'cpu' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(pipeline('qa', model('tiny-qa'), { threads: 0 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('a disposed pipeline says so', async () => {
    const qa = await pipeline('qa', model('tiny-qa'));
    await qa.dispose();
    await expect(qa.run({ question, context })).rejects.toMatchObject({ message: expect.stringContaining('disposed') });
  });
});

describe('device selection', () => {
  afterEach(() => {
    resetFallbackWarnings();
    setPlatform(nodePlatform);
  });

  it('cuda on a machine without CUDA falls back to CPU with one clear warning', async () => {
    const logger = vi.fn();
    const a = await pipeline('qa', model('tiny-qa'), { device: 'cuda', logger });
    const b = await pipeline('qa', model('tiny-qa'), { device: 'cuda', logger });
    expect(a.device.device).toBe('cpu');
    expect(b.device.device).toBe('cpu');
    expect(logger).toHaveBeenCalledTimes(1);
    expect(logger.mock.calls[0]![0]).toMatch(/"cuda".*falling back to "cpu"/);
    expect(await a.run({ question, context })).toEqual(await b.run({ question, context }));
    await Promise.all([a.dispose(), b.dispose()]);
  });

  it('auto never fails for lack of a GPU; threads are honoured', async () => {
    const logger = vi.fn();
    const qa = await pipeline('qa', model('tiny-qa'), { device: 'auto', threads: 1, logger });
    expect(qa.device).toEqual({ device: 'cpu', threads: 1 });
    expect(logger).not.toHaveBeenCalled();
    await qa.dispose();
  });

  it('browser platform: webgpu without an adapter falls back to WASM (onnxruntime-web), same answers', async () => {
    setPlatform(webPlatform);
    const logger = vi.fn();
    const bytes = await readFile(model('tiny-qa/onnx/model.onnx'));
    const s = await createSession(bytes, { device: 'webgpu', logger, file: 'model.onnx' });
    expect(s.device).toBe('wasm');
    expect(logger).toHaveBeenCalledTimes(1);
    expect(logger.mock.calls[0]![0]).toMatch(/"webgpu".*falling back to "wasm"/);
    const ids = inputs.inputs[0]!.input_ids;
    const t = (v: number[]) => s.int64([1, v.length], BigInt64Array.from(v, BigInt));
    const out = await s.run({ input_ids: t(ids), attention_mask: t(ids.map(() => 1)), token_type_ids: t(ids.map(() => 0)) });
    setPlatform(nodePlatform);
    const n = await createSession(bytes, { device: 'cpu', file: 'model.onnx' });
    const ref = await n.run({ input_ids: t(ids), attention_mask: t(ids.map(() => 1)), token_type_ids: t(ids.map(() => 0)) });
    const a = out.start_logits!.data as Float32Array, b = ref.start_logits!.data as Float32Array;
    for (let i = 0; i < a.length; i++) expect(Math.abs(a[i]! - b[i]!)).toBeLessThan(1e-4);
    await Promise.all([s.dispose(), n.dispose()]);
  });

  it('browser platform: the runtime can start before any model is at hand (its built-in warm-up model loads)', async () => {
    // startRuntime creates a session from a 67-byte ONNX model held in platform-web.ts; if those
    // bytes were not a valid model, the warm-up would fail silently and buy nothing.
    const first = webPlatform.startRuntime('wasm', 1);
    expect(webPlatform.startRuntime('wasm', 1)).toBe(first);
    await expect(first).resolves.toBeUndefined();
  });

  it('int8 models give the same logits on the native CPU kernels as on WASM, whatever the CPU', async () => {
    // On x86 CPUs without VNNI, onnxruntime's default int8 GEMM saturates a 16-bit intermediate
    // (1.5 logits off on this fixture on an AVX2 machine); the Node backend turns that off.
    const bytes = await readFile(model('tiny-qa/onnx/model_quantized.onnx'));
    setPlatform(webPlatform);
    const w = await createSession(bytes, { device: 'wasm', file: 'model_quantized.onnx', threads: 1 });
    setPlatform(nodePlatform);
    const n = await createSession(bytes, { device: 'cpu', file: 'model_quantized.onnx', threads: 1 });
    for (const { input_ids: ids, token_type_ids: types } of inputs.inputs) {
      const feeds = (s: typeof n) => {
        const t = (v: number[]) => s.int64([1, v.length], BigInt64Array.from(v, BigInt));
        return { input_ids: t(ids), attention_mask: t(ids.map(() => 1)), token_type_ids: t(types) };
      };
      const [a, b] = await Promise.all([w.run(feeds(w)), n.run(feeds(n))]);
      expect(maxAbsDiff(a.start_logits!.data as Float32Array, b.start_logits!.data as Float32Array)).toBeLessThan(1e-4);
      expect(maxAbsDiff(a.end_logits!.data as Float32Array, b.end_logits!.data as Float32Array)).toBeLessThan(1e-4);
    }
    await Promise.all([w.dispose(), n.dispose()]);
  });
});

describe('hub ids, URLs and the cache (loopback server standing in for the hub)', () => {
  let server: Server;
  let host: string;
  const requests: string[] = [];
  let cacheDir: string;
  const saved = { ...env };

  beforeAll(async () => {
    cacheDir = await mkdtemp(path.join(os.tmpdir(), 'kornlu-cache-'));
    server = createServer(async (req, res) => {
      requests.push(`${req.method} ${req.url}`);
      // /kornlu/<name>/resolve/<rev>/<file> → fixtures/models/<name>/<file>
      const m = /^\/kornlu\/([\w-]+)\/resolve\/(\w+)\/(.+)$/.exec(req.url ?? '');
      try {
        if (!m || m[2] !== 'main') throw new Error('404');
        const body = await readFile(path.join(MODELS, m[1]!, decodeURIComponent(m[3]!)));
        res.writeHead(200, { 'content-length': body.length });
        res.end(req.method === 'HEAD' ? undefined : body);
      } catch {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    host = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    Object.assign(env, { remoteHost: host, cacheDir, allowRemote: true, useCache: true });
  });

  afterAll(async () => {
    Object.assign(env, saved);
    await new Promise((r) => server.close(r));
    await rm(cacheDir, { recursive: true, force: true });
  });

  it('loads by hub id with progress, then from the cache with remote loading switched off', async () => {
    const progress: string[] = [];
    const qa = await pipeline('qa', 'kornlu/tiny-qa', { onProgress: (p) => progress.push(p.file) });
    const remote = await qa.run({ question, context });
    const local = await (await pipeline('qa', model('tiny-qa'))).run({ question, context });
    expect(remote).toEqual(local);
    expect(progress).toEqual(expect.arrayContaining(['config.json', 'tokenizer.json', 'onnx/model.onnx']));
    expect(requests).toContain('GET /kornlu/tiny-qa/resolve/main/onnx/model.onnx');

    requests.length = 0;
    env.allowRemote = false;
    const cached = await pipeline('qa', 'kornlu/tiny-qa');
    expect(await cached.run({ question, context })).toEqual(local);
    expect(requests).toEqual([]);
    await expect(pipeline('qa', 'kornlu/tiny-cls')).rejects.toMatchObject({ code: 'REMOTE_NOT_ALLOWED' });
    env.allowRemote = true;
  });

  it('starts the runtime and every download at once; a cached load reads each file from the cache once', async () => {
    const events: string[] = [];
    const reads = new Map<string, number>();
    const file = (url: string | URL | Request) => String(url).split('/resolve/main/')[1] ?? String(url);
    const ownCache = await mkdtemp(path.join(os.tmpdir(), 'kornlu-cache-'));
    setPlatform({
      ...nodePlatform,
      async startRuntime() {
        events.push('runtime');
      },
      cache() {
        const inner = nodePlatform.cache(ownCache)!;
        return { get: (key) => (reads.set(file(key), (reads.get(file(key)) ?? 0) + 1), inner.get(key)), put: (key, bytes) => inner.put(key, bytes) };
      },
    });
    try {
      // config.json answers last: the other files must already be on their way by then.
      const slowConfig: typeof fetch = async (url, init) => {
        events.push(`start ${init?.method ?? 'GET'} ${file(url)}`);
        if (file(url) === 'config.json') await new Promise((r) => setTimeout(r, 200));
        const res = await fetch(url, init);
        events.push(`end ${init?.method ?? 'GET'} ${file(url)}`);
        return res;
      };
      const qa = await pipeline('qa', 'kornlu/tiny-qa', { fetch: slowConfig });
      await qa.dispose();
      expect(events[0]).toBe('runtime');
      const configDone = events.indexOf('end GET config.json');
      expect(events.indexOf('start GET onnx/model.onnx')).toBeGreaterThan(-1);
      expect(events.indexOf('start GET onnx/model.onnx')).toBeLessThan(configDone);
      expect(events.indexOf('start GET tokenizer.json')).toBeLessThan(configDone);

      reads.clear();
      const cached = await pipeline('qa', 'kornlu/tiny-qa', { allowRemote: false });
      expect(await cached.run({ question, context })).toEqual(await (await pipeline('qa', model('tiny-qa'))).run({ question, context }));
      await cached.dispose();
      expect(Object.fromEntries(reads)).toEqual({ 'config.json': 1, 'tokenizer.json': 1, 'onnx/model.onnx': 1 });
    } finally {
      setPlatform(nodePlatform);
      await rm(ownCache, { recursive: true, force: true });
    }
  });

  it('a cache that cannot be written does not fail the load', async () => {
    const notADir = path.join(cacheDir, 'a-file');
    await writeFile(notADir, 'x');
    env.cacheDir = notADir;
    try {
      const clf = await pipeline('text-classification', 'kornlu/tiny-cls');
      expect((await clf.run('좋아요'))[0]!.label).toMatch(/부정|중립|긍정/);
      await clf.dispose();
    } finally {
      env.cacheDir = cacheDir;
    }
  });

  it('loads from a plain URL; a missing remote file is a 404 naming the URL; revisions are honoured', async () => {
    const clf = await pipeline('text-classification', `${host}/kornlu/tiny-cls/resolve/main/`, { useCache: false });
    expect((await clf.run('좋아요'))[0]!.label).toMatch(/부정|중립|긍정/);
    await expect(pipeline('qa', 'kornlu/no-such-model', { useCache: false })).rejects.toMatchObject({
      code: 'FILE_NOT_FOUND',
      path: `${host}/kornlu/no-such-model/resolve/main/config.json`,
    });
    await expect(pipeline('qa', 'kornlu/tiny-qa', { revision: 'v2', useCache: false })).rejects.toMatchObject({ code: 'FILE_NOT_FOUND' });
  });
});
