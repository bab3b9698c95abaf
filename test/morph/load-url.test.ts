/**
 * `loadMorphAnalyzerFromURL` against a loopback HTTP server standing in for a web host: the same
 * analyses as from the file system, the files requested at once, the index optional, and typed
 * errors naming the URL for a missing file, a server error, a corrupt file and a refused connection.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMorphAnalyzerFromURL, MORPH_INDEX_FILE, MORPH_LEXICON_FILES, MORPH_WEIGHTS_FILE, type MorphAnalyzer } from '../../src/morph/index.js';
import { loadMorphAnalyzer, modelsDir } from '../../src/node/index.js';

const dir = path.join(modelsDir(), 'ko-morph');
const FILES = [...MORPH_LEXICON_FILES, MORPH_WEIGHTS_FILE, MORPH_INDEX_FILE];

/** How the server answers each file: 'ok', a status code, or 'garbage' (200 with bytes that are not gzip). */
let plan: Record<string, 'ok' | number | 'garbage'> = {};
let server: Server;
let base: string;
let local: MorphAnalyzer;

beforeAll(async () => {
  local = await loadMorphAnalyzer();
  server = createServer((req, res) => {
    const name = path.basename(req.url ?? '');
    const answer = async () => {
      const how = plan[name] ?? 'ok';
      if (typeof how === 'number') return void res.writeHead(how).end();
      res.writeHead(200, { 'content-type': 'application/gzip' });
      res.end(how === 'garbage' ? Buffer.from('this is not gzip') : await readFile(path.join(dir, name)));
    };
    void answer();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/models/ko-morph/`;
});

afterAll(() => new Promise<void>((r) => server.close(() => r())));

const pos = (ma: MorphAnalyzer, s: string) => ma.analyze(s).map((m) => `${m.lemma}/${m.tag}@${m.start}`).join(' ');
const SENTENCES = ['여름휴가는 시작하기 전이 가장 즐겁다', '눈물을 흘렸다.', '2024년 3월에 漢字를 배웠다 😀'];

describe('loadMorphAnalyzerFromURL', () => {
  it('gives the same analyses as the files on disk, fetching all files at once', async () => {
    plan = {};
    // Requests are held (no time involved) until the loader has had a turn: a loader that waits
    // for one file before asking for the next has asked for one by then, not all five.
    const realFetch = globalThis.fetch;
    const held: Array<() => void> = [];
    globalThis.fetch = ((input: RequestInfo | URL, init?: RequestInit) =>
      new Promise<Response>((resolve, reject) => held.push(() => void realFetch(input, init).then(resolve, reject)))) as typeof fetch;
    let asked: number;
    let loading: Promise<MorphAnalyzer>;
    try {
      loading = loadMorphAnalyzerFromURL(base.slice(0, -1)); // without the trailing slash too
      await new Promise((r) => setImmediate(r));
      asked = held.length;
    } finally {
      globalThis.fetch = realFetch; // later requests (if any) go straight out
      for (const go of held.splice(0)) go();
    }
    const ma = await loading;
    expect(asked).toBe(FILES.length);
    for (const s of SENTENCES) expect(pos(ma, s)).toBe(pos(local, s));
  });

  it('loads without the optional index (tries built at load)', async () => {
    plan = { [MORPH_INDEX_FILE]: 404 };
    const ma = await loadMorphAnalyzerFromURL(base);
    for (const s of SENTENCES) expect(pos(ma, s)).toBe(pos(local, s));
  });

  it('names the URL of a missing, failing or corrupt file', async () => {
    plan = { [MORPH_LEXICON_FILES[1]]: 404 };
    await expect(loadMorphAnalyzerFromURL(base)).rejects.toMatchObject({ code: 'FILE_NOT_FOUND', path: base + MORPH_LEXICON_FILES[1] });
    plan = { [MORPH_WEIGHTS_FILE]: 503 };
    await expect(loadMorphAnalyzerFromURL(base)).rejects.toMatchObject({ code: 'DOWNLOAD_FAILED', path: base + MORPH_WEIGHTS_FILE, message: expect.stringContaining('503') });
    plan = { [MORPH_INDEX_FILE]: 500 }; // optional, but a server error is still an error
    await expect(loadMorphAnalyzerFromURL(base)).rejects.toMatchObject({ code: 'DOWNLOAD_FAILED', path: base + MORPH_INDEX_FILE });
    plan = { [MORPH_LEXICON_FILES[0]]: 'garbage' };
    await expect(loadMorphAnalyzerFromURL(base)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', path: base + MORPH_LEXICON_FILES[0] });
    plan = {};
  });

  it('reports a refused connection as DOWNLOAD_FAILED', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    await expect(loadMorphAnalyzerFromURL(`http://127.0.0.1:${port}/m/`)).rejects.toMatchObject({ code: 'DOWNLOAD_FAILED', path: expect.stringContaining(`127.0.0.1:${port}/m/`) });
  });
});
