/**
 * The word-spacing pipeline on the packaged ko-spacing model: the output keeps exactly the input's
 * characters, words carry exact offsets, windows and batches give what one pass gives, and bad input
 * gets a safe result. (Quality is measured by the recipe: models/ko-spacing/metrics.json.)
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KornluError } from '../../src/errors.js';
import { DEFAULT_MODELS, pipeline, type WordSpacingPipeline } from '../../src/pipelines/node.js';
import { nodePlatform } from '../../src/runtime/platform-node.js';
import { setPlatform } from '../../src/runtime/platform.js';
import { webPlatform } from '../../src/runtime/platform-web.js';

let spacer: WordSpacingPipeline;
beforeAll(async () => {
  spacer = await pipeline('spacing');
});
afterAll(async () => {
  await spacer.dispose();
});

const squeeze = (s: string) => s.replace(/\s+/gu, '');
const lineBreaks = (s: string) => s.match(/\r\n|[\n\r\v\f\u0085\u2028\u2029]/g) ?? [];

function checkInvariants(input: string, r: { text: string; words: Array<{ text: string; start: number; end: number }> }) {
  // Same characters, same line breaks; every word is the input's slice minus whitespace, in order.
  expect(squeeze(r.text)).toBe(squeeze(input));
  expect(lineBreaks(r.text)).toEqual(lineBreaks(input));
  expect(r.words.map((w) => w.text).join('')).toBe(squeeze(input));
  let prev = 0;
  for (const w of r.words) {
    expect(w.start).toBeGreaterThanOrEqual(prev);
    expect(squeeze(input.slice(w.start, w.end))).toBe(w.text);
    expect(w.text.length).toBeGreaterThan(0);
    prev = w.end;
  }
}

describe('word-spacing pipeline', () => {
  it('is the default for "spacing" and "word-spacing" and reads its receptive field and threshold from config.json', async () => {
    expect(spacer.task).toBe('word-spacing');
    expect(spacer.receptiveField).toBe(spacer.config.raw.kornlu_receptive_field);
    expect(spacer.threshold).toBe(spacer.config.raw.kornlu_space_threshold);
    // A config.json with nonsense in those fields is refused with the file named.
    for (const bad of [{ kornlu_space_threshold: 2 }, { kornlu_receptive_field: -1 }]) {
      const dir = mkdtempSync(path.join(tmpdir(), 'kornlu-spacing-'));
      cpSync(DEFAULT_MODELS.spacing!, dir, { recursive: true });
      const config = JSON.parse(readFileSync(path.join(dir, 'config.json'), 'utf8')) as Record<string, unknown>;
      writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ ...config, ...bad }));
      await expect(pipeline('spacing', dir)).rejects.toMatchObject({ code: 'MODEL_MISMATCH', path: path.join(dir, 'config.json') });
    }
  });

  it('keeps characters, line breaks and offsets exact on any text (property)', async () => {
    const korean = fc.constantFrom(...'가나다라마바사아자차카타파하는을를이가에서도로의와과고한국어사람학교 \n\t😀A1.\uD800\r\n');
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string({ maxLength: 60 }), fc.array(korean, { maxLength: 80 }).map((a) => a.join(''))), async (text) => {
        checkInvariants(text, await spacer.run(text));
      }),
      { numRuns: 60 },
    );
  });

  it('keepSpaces keeps every space the input has', async () => {
    const input = '오늘 날씨가좋아서 공원에 산책하러갔다';
    const r = await spacer.run(input, { keepSpaces: true });
    checkInvariants(input, r);
    const ends = new Set(r.words.map((w) => w.end));
    for (let i = 0; i < input.length; i++) if (input[i] === ' ') expect(ends.has(i)).toBe(true);
  });

  it('leaves the spacing between ASCII characters as typed (URLs, numbers, English)', async () => {
    const r = await spacer.run('자세한내용은https://example.com/a-b?x=1 에서 hello world 3.14');
    expect(r.text).toContain('https://example.com/a-b?x=1');
    expect(r.text).toContain('hello world');
    expect(r.text).toContain('3.14');
  });

  it('a long line (windows) gives what a short slice around a region gives (finite receptive field)', async () => {
    const sentences = ['대한민국은동아시아의한반도남부에위치한민주공화국이다', '수도는서울특별시이고인구는약오천만명이다', '그는어제서울에서부산까지기차를타고내려갔다',
      '회의는오후세시에시작되었지만발표자가늦게도착했다', '이책은도서관에서빌려온것으로다음주까지돌려줘야한다', '한글은조선의세종이창제하여반포한문자이다'];
    let long = '';
    for (let i = 0; long.length < 7000; i++) long += sentences[(i * 7) % sentences.length]! + sentences[(i * 5 + 1) % sentences.length]!;
    const R = spacer.receptiveField;
    // Decisions at several thresholds compare the probabilities, not just one cut.
    for (const threshold of [0.1, 0.3, 0.5, 0.7, 0.9]) {
      const full = await spacer.run(long, { threshold });
      checkInvariants(long, full);
      for (const at of [2048, 4096, 6144, 3000]) {
        const from = at - 100 - R;
        const part = await spacer.run(long.slice(from, at + 100 + R), { threshold });
        const ends = (ws: Array<{ end: number }>, shift: number) => ws.map((w) => w.end + shift).filter((e) => e > at - 100 && e < at + 100);
        expect(ends(part.words, from)).toEqual(ends(full.words, 0));
      }
    }
  });

  it('a batch gives what each text gives alone (padding never leaks)', async () => {
    const texts = ['아버지가방에들어가신다', '나는오늘학교에갔다가친구를만났다그리고함께밥을먹었다', '', '짧다', '그는어제서울에서부산까지기차를타고내려갔다'.repeat(12)];
    for (const threshold of [0.1, 0.3, 0.5, 0.7, 0.9]) {
      const batch = await spacer.run(texts, { batchSize: 8, threshold });
      const alone = await Promise.all(texts.map((t) => spacer.run(t, { threshold })));
      expect(batch).toEqual(alone);
    }
  });

  it('threshold trades spaces: a higher one never adds boundaries', async () => {
    const input = '그는어제서울에서부산까지기차를타고내려갔다';
    const low = await spacer.run(input, { threshold: 0.2 });
    const high = await spacer.run(input, { threshold: 0.8 });
    expect(high.words.length).toBeLessThanOrEqual(low.words.length);
    const lowEnds = new Set(low.words.map((w) => w.end));
    for (const w of high.words) expect(lowEnds.has(w.end)).toBe(true);
  });

  it('safe results for empty, blank, emoji, lone surrogates and control characters; 100k characters without spaces', async () => {
    expect(await spacer.run('')).toEqual({ text: '', words: [] });
    expect(await spacer.run(' \t ')).toEqual({ text: '', words: [] });
    for (const t of ['😀😀한국어😀', '\uD800가\uDC00나', '가\u0000나\u0007다', 'ㄱㄴㄷㅏㅑ']) checkInvariants(t, await spacer.run(t));
    const big = '가나다라마바사아자차'.repeat(10_000);
    const r = await spacer.run(big);
    checkInvariants(big, r);
  });

  it('runs the same on the browser platform (onnxruntime-web WASM, model fetched by URL)', async () => {
    const dir = DEFAULT_MODELS.spacing!;
    const server = createServer((req, res) => {
      try {
        const body = readFileSync(path.join(dir, decodeURIComponent((req.url ?? '').replace(/^\/ko-spacing\//, ''))));
        res.writeHead(200, { 'content-length': body.length }).end(body);
      } catch {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    setPlatform(webPlatform);
    try {
      const web = await pipeline('spacing', `http://127.0.0.1:${(server.address() as AddressInfo).port}/ko-spacing/`, { useCache: false });
      expect(web.device.device).toBe('wasm');
      const texts = ['그는어제서울에서부산까지기차를타고내려갔다', '오늘 날씨가좋네요 😀', ''];
      const got = await web.run(texts);
      await web.dispose();
      setPlatform(nodePlatform);
      expect(got).toEqual(await spacer.run(texts));
    } finally {
      setPlatform(nodePlatform);
      await new Promise((r) => server.close(r));
    }
  });

  it('typed errors for bad arguments', async () => {
    await expect(spacer.run(42 as unknown as string)).rejects.toBeInstanceOf(KornluError);
    await expect(spacer.run('가나', { threshold: 1.5 })).rejects.toThrow(/threshold/);
    await expect(spacer.run(['가', null as unknown as string])).rejects.toThrow(/texts\[1\]/);
  });
});
