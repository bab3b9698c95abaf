/**
 * Messages between the page and the inference worker. Every request carries an id; the worker
 * answers each with the same id, either a result or an error (never silence).
 */
import type { QAAnswer } from 'kornlu/pipelines';

export interface Backend {
  device: 'cpu' | 'cuda' | 'wasm' | 'webgpu';
  threads: number;
  crossOriginIsolated: boolean;
}

export type Request =
  | { type: 'load-qa'; modelUrl: string; device: 'auto' | 'wasm' | 'webgpu' }
  | { type: 'qa'; question: string; context: string; topK: number }
  | { type: 'pos'; text: string; morphUrl: string }
  | { type: 'sentiment'; text: string; modelUrl: string };

export interface Results {
  'load-qa': { backend: Backend; ms: number; downloadedBytes: number };
  qa: { answers: QAAnswer[]; ms: number };
  pos: { morphemes: Array<{ text: string; start: number; end: number; tag: string; lemma: string }>; ms: number };
  sentiment: { label: string; score: number; ms: number };
}

export type Envelope = { id: number } & Request;
export type Reply =
  | { id: number; ok: true; result: Results[Request['type']] }
  | { id: number; ok: false; error: { code: string; message: string; path?: string } };

/** What the page exposes as `window.kornluDemo` for scripts (the e2e test, the benchmark). */
export interface DemoApi {
  /** Settles when the QA model has loaded (rejects with the load error). */
  ready: Promise<Results['load-qa']>;
  answer(question: string, context: string): Promise<Results['qa']>;
}
export type DemoWindow = { kornluDemo: DemoApi };
