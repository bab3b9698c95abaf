/**
 * The demo page: question answering over a passage, morphemes and sentiment, all computed in a Web
 * Worker by kornlu's browser build. URL parameters: `model` (QA model folder URL, default
 * ./models/ko-qa/), `device` (auto | wasm | webgpu).
 */
import type { QAAnswer } from 'kornlu/pipelines';
import { InferenceClient, WorkerError } from './client';
import type { Backend, DemoApi } from './protocol';
import { SAMPLES } from './samples';

const params = new URLSearchParams(location.search);
const base = new URL('./models/', location.href).href;
const QA_MODEL = new URL(params.get('model') ?? 'ko-qa/', base).href;
const DEVICE = (params.get('device') ?? 'auto') as 'auto' | 'wasm' | 'webgpu';
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

const client = new InferenceClient();
const status = $('status');
const backendBadge = $('backend');

function explain(e: unknown): string {
  if (e instanceof WorkerError) {
    const where = e.path ? ` (${e.path})` : '';
    if (e.code === 'FILE_NOT_FOUND') return `모델 파일을 찾을 수 없습니다 — model file not found${where}: ${e.message}`;
    if (e.code === 'INVALID_MODEL_FILE') return `모델 파일이 손상되었습니다 — model file is corrupt${where}: ${e.message}`;
    if (e.code === 'DOWNLOAD_FAILED') return `모델을 내려받지 못했습니다 — download failed${where}: ${e.message}`;
    return `${e.code}: ${e.message}${where}`;
  }
  return String(e);
}

function backendLabel(b: Backend): string {
  if (b.device === 'webgpu') return 'webgpu';
  const iso = b.crossOriginIsolated ? '' : ' (not cross-origin isolated)';
  return `${b.device} · ${b.threads} thread${b.threads === 1 ? '' : 's'}${iso}`;
}

// ---- question answering
const context = $<HTMLTextAreaElement>('context');
const question = $<HTMLInputElement>('question');
const ask = $<HTMLButtonElement>('ask');
const sample = $<HTMLSelectElement>('sample');
const answerBox = $('answer');
const highlight = $('highlight');

SAMPLES.forEach((s, i) => sample.add(new Option(s.title, String(i))));
const pick = (i: number) => {
  context.value = SAMPLES[i]!.context;
  question.value = SAMPLES[i]!.question;
  highlight.textContent = context.value;
};
sample.onchange = () => pick(Number(sample.value));
pick(0);

function show(a: QAAnswer | undefined, ctx: string, ms: number): void {
  highlight.replaceChildren();
  if (!a) {
    answerBox.textContent = '답을 찾지 못했습니다 (empty passage).';
    answerBox.removeAttribute('data-start');
    highlight.textContent = ctx;
    return;
  }
  const mark = document.createElement('mark');
  mark.textContent = ctx.slice(a.start, a.end);
  highlight.append(ctx.slice(0, a.start), mark, ctx.slice(a.end));
  answerBox.textContent = `${a.answer}  ·  score ${a.score.toFixed(3)}  ·  ${ms.toFixed(1)} ms`;
  Object.assign(answerBox.dataset, { start: String(a.start), end: String(a.end), answer: a.answer, score: String(a.score), ms: String(ms) });
  mark.scrollIntoView({ block: 'nearest' });
}

const ready = (async () => {
  status.textContent = `QA 모델을 불러오는 중… (${QA_MODEL})`;
  try {
    const r = await client.call({ type: 'load-qa', modelUrl: QA_MODEL, device: DEVICE });
    backendBadge.textContent = backendLabel(r.backend);
    Object.assign(backendBadge.dataset, { device: r.backend.device, threads: String(r.backend.threads) });
    status.textContent = `모델 준비 완료: ${r.ms.toFixed(0)} ms${r.downloadedBytes ? `, ${(r.downloadedBytes / 2 ** 20).toFixed(1)} MB 내려받음` : ' (캐시에서)'}`;
    status.dataset.state = 'ready';
    ask.disabled = false;
    return r;
  } catch (e) {
    status.textContent = explain(e);
    status.dataset.state = 'error';
    ask.disabled = false; // asking anyway shows the same message next to the question
    throw e;
  }
})();
ready.catch(() => undefined);

async function answer(q: string, ctx: string): Promise<{ answers: QAAnswer[]; ms: number }> {
  await ready;
  return client.call({ type: 'qa', question: q, context: ctx, topK: 1 });
}

ask.onclick = async () => {
  ask.disabled = true;
  answerBox.textContent = '…';
  answerBox.removeAttribute('data-start');
  const ctx = context.value;
  try {
    const r = await answer(question.value, ctx);
    show(r.answers[0], ctx, r.ms);
  } catch (e) {
    answerBox.textContent = explain(e);
    answerBox.dataset.error = '1';
  } finally {
    ask.disabled = false;
  }
};
context.oninput = () => (highlight.textContent = context.value);

// ---- morphemes and sentiment (models load on first use)
$<HTMLButtonElement>('pos-run').onclick = async () => {
  const out = $('pos-output');
  out.textContent = '…';
  try {
    const r = await client.call({ type: 'pos', text: $<HTMLTextAreaElement>('pos-input').value, morphUrl: new URL('ko-morph/', base).href });
    out.textContent = `${r.morphemes.map((m) => `${m.lemma}/${m.tag}`).join(' ')}\n\n(${r.ms.toFixed(1)} ms)`;
  } catch (e) {
    out.textContent = explain(e);
  }
};
$<HTMLButtonElement>('senti-run').onclick = async () => {
  const out = $('senti-output');
  out.textContent = '…';
  try {
    const r = await client.call({ type: 'sentiment', text: $<HTMLInputElement>('senti-input').value, modelUrl: new URL('ko-sentiment/', base).href });
    out.textContent = `${r.label === 'positive' ? '긍정' : '부정'} (${r.label}) · ${r.score.toFixed(3)} · ${r.ms.toFixed(1)} ms`;
  } catch (e) {
    out.textContent = explain(e);
  }
};

const tabs = Array.from(document.querySelectorAll<HTMLButtonElement>('nav button'));
const panels = Array.from(document.querySelectorAll<HTMLElement>('section'));
for (const tab of tabs) {
  tab.onclick = () => {
    for (const t of tabs) t.classList.toggle('on', t === tab);
    for (const p of panels) p.hidden = p.id !== tab.dataset.tab;
  };
}

// For scripts (tests, benchmarks): the same calls the buttons make.
Object.assign(window, { kornluDemo: { ready, answer } satisfies DemoApi });
