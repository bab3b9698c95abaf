/**
 * The example chatbot backend over real HTTP on localhost: replies, every bad-input case, many
 * concurrent requests, and a graceful shutdown of the real server process.
 */
import { spawn } from 'node:child_process';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer, loadBot, reply, type Bot } from '../../examples/chatbot-server/app.js';

let bot: Bot;
let app: FastifyInstance;
let base: string;
beforeAll(async () => {
  bot = await loadBot();
  app = buildServer(bot);
  base = await app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await app.close();
  await bot.sentiment.dispose();
});

const post = (body: string, type = 'application/json') => fetch(`${base}/message`, { method: 'POST', headers: { 'content-type': type }, body });

describe('POST /message', () => {
  it('answers with intent, confidence, fallback, FAQ, sentiment and an explanation', async () => {
    const res = await post(JSON.stringify({ text: '환불은 얼마나 걸려요?' }));
    expect(res.status).toBe(200);
    const r = await res.json();
    expect(r.intent).toBe('refund');
    expect(r.confidence).toBeGreaterThan(0);
    expect(r.confidence).toBeLessThanOrEqual(1);
    expect(typeof r.fallback).toBe('boolean');
    expect(r.faq.question).toBe('환불은 얼마나 걸리나요?');
    expect(['positive', 'negative']).toContain(r.sentiment.label);
    const text = '환불은 얼마나 걸려요?';
    for (const a of r.explanation) expect(text.slice(a.start, a.end)).toBe(a.text);
  });

  it('leaves out the FAQ and falls back on an unrelated message', async () => {
    const r = await (await post(JSON.stringify({ text: '고양이 사진 보여줘' }))).json();
    expect(r.faq).toBeUndefined();
    expect(r.intent).toEqual(expect.any(String));
  });

  it.each([
    ['{"text":', 'application/json', 400, 'BAD_JSON'],
    ['', 'application/json', 400, 'BAD_JSON'],
    ['[1,2]', 'application/json', 400, 'BAD_REQUEST'],
    ['"just a string"', 'application/json', 400, 'BAD_REQUEST'],
    ['{}', 'application/json', 400, 'MISSING_TEXT'],
    ['{"text":42}', 'application/json', 400, 'TEXT_NOT_STRING'],
    ['{"text":null}', 'application/json', 400, 'TEXT_NOT_STRING'],
    ['{"text":"   "}', 'application/json', 400, 'EMPTY_TEXT'],
    [JSON.stringify({ text: '가'.repeat(1001) }), 'application/json', 413, 'TEXT_TOO_LONG'],
    [JSON.stringify({ text: 'a'.repeat(20_000) }), 'application/json', 413, 'BODY_TOO_LARGE'],
    ['text=hi', 'application/x-www-form-urlencoded', 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['hi', 'text/plain', 415, 'UNSUPPORTED_MEDIA_TYPE'],
  ])('rejects %j (%s) with %i %s', async (body, type, status, code) => {
    const res = await post(body, type);
    expect(res.status).toBe(status);
    expect((await res.json()).error.code).toBe(code);
  });

  it('survives odd text: emoji, lone surrogates, control characters', async () => {
    for (const text of ['🙂👍', '\uD800 환불', '\u0000\u0007 배송', 'ㅋㅋㅋㅋ']) {
      const res = await post(JSON.stringify({ text }));
      expect(res.status).toBe(200);
      expect(Number.isFinite((await res.json()).confidence)).toBe(true);
    }
  });

  it('gives every one of 60 concurrent requests the same reply as a lone call', async () => {
    const texts = ['배송 언제 와요?', '비밀번호를 잊어버렸어요', '상담원 연결해 주세요', '고마워요', '주말에도 해요?', '주문 취소할게요'];
    const expected = await Promise.all(texts.map((t) => reply(bot, t)));
    const results = await Promise.all(Array.from({ length: 60 }, (_, i) => post(JSON.stringify({ text: texts[i % texts.length] })).then((r) => r.json())));
    results.forEach((r, i) => expect(r).toEqual(JSON.parse(JSON.stringify(expected[i % texts.length]))));
  });
});

describe('other routes', () => {
  it('GET /health reports the models; unknown routes get a JSON 404', async () => {
    const h = await (await fetch(`${base}/health`)).json();
    expect(h).toMatchObject({ status: 'ok', faqEntries: 14 });
    expect(h.intents).toContain('refund');
    const res = await fetch(`${base}/nope`);
    expect(res.status).toBe(404);
    expect((await res.json()).error.code).toBe('NOT_FOUND');
  });
});

/** Runs an example script as its own process on a free port; resolves once it says where it listens. */
async function startProcess(script: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', script], { env: { ...process.env, PORT: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const t = setInterval(() => {
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) (clearInterval(t), resolve(m[1]!));
    }, 50);
    child.on('exit', () => (clearInterval(t), reject(new Error(`server exited: ${out}`))));
  });
  return { child, url, exited, output: () => out };
}

const postTo = (url: string, text: string) => fetch(`${url}/message`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text }) });

describe('server processes', () => {
  it('server.ts answers a request sent just before SIGTERM, and exits 0', async () => {
    const s = await startProcess('examples/chatbot-server/server.ts');
    const inFlight = postTo(s.url, '배송 조회 하고 싶어요');
    await new Promise((r) => setTimeout(r, 5));
    s.child.kill('SIGTERM');
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect((await res.json()).intent).toBe('delivery');
    expect(await s.exited).toBe(0);
    expect(s.output()).toContain('closed');
  });

  it('the 30-line version of the guide (minimal.ts) works too', async () => {
    const s = await startProcess('examples/chatbot-server/minimal.ts');
    const r = await (await postTo(s.url, '환불은 얼마나 걸려요?')).json();
    expect(r).toMatchObject({ intent: 'refund', fallback: false, faq: { question: '환불은 얼마나 걸리나요?' } });
    expect(r.explanation.length).toBeGreaterThan(0);
    expect((await postTo(s.url, '')).status).toBe(400);
    s.child.kill('SIGTERM');
    expect(await s.exited).toBe(0);
  });
});
