/** The page's side of the worker protocol: one promise per request, matched by id. */
import type { Envelope, Reply, Request, Results } from './protocol';

export class WorkerError extends Error {
  constructor(readonly code: string, message: string, readonly path?: string) {
    super(message);
  }
}

export class InferenceClient {
  private readonly worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
  private next = 1;
  private readonly pending = new Map<number, { resolve: (r: never) => void; reject: (e: Error) => void }>();

  constructor() {
    this.worker.onmessage = (ev: MessageEvent<Reply>) => {
      const p = this.pending.get(ev.data.id);
      if (!p) return;
      this.pending.delete(ev.data.id);
      if (ev.data.ok) p.resolve(ev.data.result as never);
      else p.reject(new WorkerError(ev.data.error.code, ev.data.error.message, ev.data.error.path));
    };
    // A worker that fails to start (script error, blocked) fails every pending request.
    this.worker.onerror = (ev) => {
      for (const p of this.pending.values()) p.reject(new WorkerError('WORKER_FAILED', ev.message || 'the inference worker failed to start'));
      this.pending.clear();
    };
  }

  call<T extends Request['type']>(req: Extract<Request, { type: T }>): Promise<Results[T]> {
    const id = this.next++;
    return new Promise<Results[T]>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (r: never) => void, reject });
      this.worker.postMessage({ id, ...req } satisfies Envelope);
    });
  }
}
