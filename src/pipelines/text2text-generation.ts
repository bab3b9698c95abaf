/**
 * Sequence-to-sequence generation (replies, rewriting) with an encoder–decoder in
 * optimum's ONNX layout: onnx/encoder_model.onnx, onnx/decoder_model.onnx (first step) and
 * onnx/decoder_with_past_model.onnx (later steps, fed the key/value cache). Greedy or beam
 * search, a token budget, stop tokens, and streamed text.
 *
 * @example
 * import { pipeline } from 'kornlu/pipelines';
 * const gen = await pipeline('reply');                    // the packaged ko-reply model (Node)
 * (await gen.run('요즘 너무 피곤해')).text;                // a short chit-chat reply
 * for await (const piece of gen.stream('배고파')) process.stdout.write(piece);
 */
import { assertText, KornluError } from '../errors.js';
import { loadModel, type LoadedModel, type ModelOptions } from '../hub/load.js';
import type { OrtTensor, Session } from '../runtime/backend.js';
import { checkSignal, Pipeline, type RunOptions } from './base.js';
import { floatOutput, logSoftmax } from './tensors.js';

export interface GenerateOptions extends RunOptions {
  /** Most tokens generated (default 64; at most the model's max_position_embeddings). */
  maxNewTokens?: number;
  /** 1 = greedy (default); more = beam search. */
  numBeams?: number;
  /** Token ids (or token strings) that end generation, besides config.json's eos_token_id. */
  stopTokens?: ReadonlyArray<number | string>;
  /** Beam scores are divided by length^lengthPenalty (default 1). */
  lengthPenalty?: number;
  /** Input tokens kept (default 512, capped by the model). */
  maxInputLength?: number;
  /** Called with each new piece of text as it is decided (greedy only). */
  onText?: (piece: string) => void;
}

export interface Generated {
  text: string;
  ids: number[];
  /** Sum of token log-probabilities (stop token included) / length^lengthPenalty. */
  score: number;
}

type Cache = Map<string, OrtTensor>; // input name (past_key_values.*) → tensor

interface Beam {
  ids: number[];
  logProb: number;
}

export class Text2TextGenerationPipeline extends Pipeline {
  readonly task = 'text2text-generation';

  private constructor(model: LoadedModel) {
    super(model);
  }

  static async load(model: string, options: ModelOptions = {}): Promise<Text2TextGenerationPipeline> {
    return new Text2TextGenerationPipeline(await loadModel(model, ['encoder_model', 'decoder_model', 'decoder_with_past_model'], options));
  }

  async run(text: string, options: GenerateOptions = {}): Promise<Generated> {
    assertText(text);
    const o = this.settings(options);
    checkSignal(o.signal);
    const enc = await this.encode(text, o.maxInputLength);
    return o.numBeams === 1 ? this.greedy(enc, o, options.onText) : this.beam(enc, o);
  }

  /**
   * Text pieces as they are generated (greedy). Leaving the loop early (`break`) stops the
   * generation at its next step; `signal` aborts it as in `run`.
   */
  async *stream(text: string, options: Omit<GenerateOptions, 'onText' | 'numBeams'> = {}): AsyncGenerator<string, Generated> {
    const pieces: string[] = [];
    let wake: (() => void) | null = null;
    let done = false;
    let failure: unknown = null;
    // Our own controller, so an early exit can stop the run; the caller's signal is forwarded to it.
    const stop = new AbortController();
    const outer = options.signal;
    const forward = () => stop.abort(outer?.reason);
    if (outer?.aborted) forward();
    else outer?.addEventListener('abort', forward, { once: true });
    const result = this.run(text, { ...options, signal: stop.signal, numBeams: 1, onText: (p) => { pieces.push(p); wake?.(); } })
      .catch((e: unknown) => { failure = e; return null; })
      .finally(() => { done = true; wake?.(); });
    try {
      for (;;) {
        while (pieces.length > 0) yield pieces.shift()!;
        if (done) break;
        await new Promise<void>((r) => (wake = r));
        wake = null;
      }
      const r = await result;
      if (failure !== null || r === null) throw failure;
      return r;
    } finally {
      outer?.removeEventListener('abort', forward);
      if (!done) {
        stop.abort();
        await result;
      }
    }
  }

  private settings(options: GenerateOptions) {
    const stop = new Set<number>(this.config.eosTokenId);
    for (const t of options.stopTokens ?? []) {
      const id = typeof t === 'number' ? t : this.tokenizer.tokenToId(t);
      if (id === undefined) throw new KornluError('INVALID_ARGUMENT', `stop token ${JSON.stringify(t)} is not in the vocabulary`);
      stop.add(id);
    }
    const o = {
      // The decoder has a position per generated token: never ask for more than it has.
      maxNewTokens: Math.min(options.maxNewTokens ?? 64, this.config.maxPositionEmbeddings ?? Infinity),
      numBeams: options.numBeams ?? 1,
      lengthPenalty: options.lengthPenalty ?? 1,
      maxInputLength: Math.min(options.maxInputLength ?? 512, this.config.maxPositionEmbeddings ?? 512),
      stop,
      signal: options.signal,
    };
    for (const k of ['maxNewTokens', 'numBeams', 'maxInputLength'] as const) {
      if (!Number.isInteger(o[k]) || o[k] < 1) throw new KornluError('INVALID_ARGUMENT', `${k} must be a positive integer, got ${o[k]}`);
    }
    return o;
  }

  private startId(): number {
    const id = this.config.decoderStartTokenId ?? this.tokenizer.tokenToId('[CLS]') ?? this.tokenizer.tokenToId('<s>');
    if (id === undefined) throw new KornluError('MODEL_MISMATCH', 'config.json has no decoder_start_token_id', { path: this.model.files.resolve('config.json') });
    return id;
  }

  private async encode(text: string, maxLength: number) {
    const e = this.tokenizer.encode(text, null, { truncation: { maxLength } });
    const s = this.session('encoder_model');
    const dims = [1, e.ids.length];
    const ids = s.int64(dims, BigInt64Array.from(e.ids, BigInt));
    const mask = s.int64(dims, BigInt64Array.from(e.attentionMask, BigInt));
    const out = await s.run({ input_ids: ids, attention_mask: mask });
    const hidden = out.last_hidden_state ?? out[s.outputNames[0]!];
    if (!hidden) throw new KornluError('MODEL_MISMATCH', 'encoder has no output', { path: s.file });
    return { hidden, mask, length: e.ids.length };
  }

  /** First decoder step (no cache in, full cache out) for one sequence. */
  private async firstStep(enc: { hidden: OrtTensor; mask: OrtTensor }) {
    const s = this.session('decoder_model');
    const out = await s.run({ input_ids: s.int64([1, 1], BigInt64Array.of(BigInt(this.startId()))), encoder_hidden_states: enc.hidden, encoder_attention_mask: enc.mask });
    return { logits: this.logits(s, out, 1), cache: this.cacheFrom(out, this.session('decoder_with_past_model')) };
  }

  private async nextStep(tokens: number[], encMask: OrtTensor, cache: Cache) {
    const s = this.session('decoder_with_past_model');
    const feeds: Record<string, OrtTensor> = {
      input_ids: s.int64([tokens.length, 1], BigInt64Array.from(tokens, BigInt)),
      encoder_attention_mask: encMask,
    };
    for (const [k, v] of cache) feeds[k] = v;
    const out = await s.run(feeds);
    const next: Cache = new Map(cache);
    for (const name of s.inputNames) {
      if (!name.startsWith('past_key_values.') || name.includes('.encoder.')) continue;
      const t = out[name.replace('past_key_values', 'present')];
      if (!t) throw new KornluError('MODEL_MISMATCH', `decoder gives no ${name.replace('past_key_values', 'present')}`, { path: s.file });
      next.set(name, t);
    }
    return { logits: this.logits(s, out, tokens.length), cache: next };
  }

  /** The cache the with-past decoder wants, from a first step's present.* outputs. */
  private cacheFrom(out: Record<string, OrtTensor>, withPast: Session): Cache {
    const cache: Cache = new Map();
    for (const name of withPast.inputNames) {
      if (!name.startsWith('past_key_values.')) continue;
      const t = out[name.replace('past_key_values', 'present')];
      if (!t) throw new KornluError('MODEL_MISMATCH', `first-step decoder gives no ${name.replace('past_key_values', 'present')}`, { path: this.session('decoder_model').file });
      cache.set(name, t);
    }
    return cache;
  }

  private logits(s: Session, out: Record<string, OrtTensor>, batch: number): { data: Float32Array; vocab: number } {
    const t = out.logits;
    if (!t) throw new KornluError('MODEL_MISMATCH', 'decoder has no "logits" output', { path: s.file });
    const data = floatOutput(s, out, 'logits', [batch, null, null]);
    const vocab = t.dims[2]!;
    const steps = t.dims[1]!;
    // Only the last position of each row matters.
    const last = new Float32Array(batch * vocab);
    for (let b = 0; b < batch; b++) last.set(data.subarray((b * steps + steps - 1) * vocab, (b * steps + steps) * vocab), b * vocab);
    return { data: last, vocab };
  }

  private async greedy(enc: { hidden: OrtTensor; mask: OrtTensor }, o: ReturnType<Text2TextGenerationPipeline['settings']>, onText?: (p: string) => void): Promise<Generated> {
    checkSignal(o.signal);
    let { logits, cache } = await this.firstStep(enc);
    const ids: number[] = [];
    let score = 0;
    let shown = '';
    for (let step = 0; step < o.maxNewTokens; step++) {
      const lp = logSoftmax(logits.data, 0, logits.vocab);
      let best = 0;
      for (let i = 1; i < lp.length; i++) if (lp[i]! > lp[best]!) best = i;
      score += lp[best]!;
      if (o.stop.has(best)) break;
      ids.push(best);
      if (onText) {
        const text = this.tokenizer.decode(ids);
        if (text.startsWith(shown) && text.length > shown.length) onText(text.slice(shown.length));
        shown = text;
      }
      if (step + 1 === o.maxNewTokens) break;
      checkSignal(o.signal);
      ({ logits, cache } = await this.nextStep([best], enc.mask, cache));
    }
    return { text: this.tokenizer.decode(ids), ids, score: score / Math.pow(Math.max(1, ids.length), o.lengthPenalty) };
  }

  private async beam(enc: { hidden: OrtTensor; mask: OrtTensor; length: number }, o: ReturnType<Text2TextGenerationPipeline['settings']>): Promise<Generated> {
    const B = o.numBeams;
    const norm = (b: Beam) => b.logProb / Math.pow(Math.max(1, b.ids.length), o.lengthPenalty);
    const finished: Beam[] = [];
    checkSignal(o.signal);
    let { logits, cache } = await this.firstStep(enc);
    let beams: Beam[] = [{ ids: [], logProb: 0 }];
    for (let step = 0; step < o.maxNewTokens && beams.length > 0; step++) {
      const cands: Array<{ from: number; token: number; logProb: number }> = [];
      beams.forEach((beam, r) => {
        const lp = logSoftmax(logits.data, r * logits.vocab, (r + 1) * logits.vocab);
        // The 2B best tokens of this row are enough to fill B live beams even if B of them stop.
        const top: number[] = [];
        for (let i = 0; i < lp.length; i++) {
          if (top.length < 2 * B || lp[i]! > lp[top[top.length - 1]!]!) {
            let k = top.length;
            while (k > 0 && lp[top[k - 1]!]! < lp[i]!) k--;
            top.splice(k, 0, i);
            if (top.length > 2 * B) top.pop();
          }
        }
        for (const t of top) cands.push({ from: r, token: t, logProb: beam.logProb + lp[t]! });
      });
      cands.sort((a, b) => b.logProb - a.logProb);
      const next: Array<{ from: number; beam: Beam }> = [];
      for (const c of cands) {
        const beam = { ids: [...beams[c.from]!.ids, c.token], logProb: c.logProb };
        if (o.stop.has(c.token)) finished.push({ ids: beam.ids.slice(0, -1), logProb: c.logProb });
        else next.push({ from: c.from, beam });
        if (next.length === B) break;
      }
      // Done when B hypotheses finished and none of the live beams can still beat the worst of them.
      finished.sort((a, b) => norm(b) - norm(a));
      if (finished.length >= B && next.every((n) => norm(n.beam) <= norm(finished[B - 1]!))) break;
      beams = next.map((n) => n.beam);
      if (step + 1 === o.maxNewTokens || beams.length === 0) break;
      const reordered = this.reorder(cache, next.map((n) => n.from));
      const mask = this.repeat(enc.mask, beams.length);
      checkSignal(o.signal);
      ({ logits, cache } = await this.nextStep(beams.map((b) => b.ids[b.ids.length - 1]!), mask, reordered));
    }
    const pool = [...finished, ...beams].sort((a, b) => norm(b) - norm(a));
    const best = pool[0] ?? { ids: [], logProb: 0 };
    return { text: this.tokenizer.decode(best.ids), ids: best.ids, score: norm(best) };
  }

  /** Cache rows picked by beam origin (gather along the batch axis). */
  private reorder(cache: Cache, from: number[]): Cache {
    const s = this.session('decoder_with_past_model');
    const out: Cache = new Map();
    for (const [name, t] of cache) {
      const src = t.data as Float32Array;
      const rows = t.dims[0]!;
      const row = src.length / rows;
      const data = new Float32Array(from.length * row);
      from.forEach((f, i) => data.set(src.subarray(f * row, (f + 1) * row), i * row));
      out.set(name, s.float32([from.length, ...t.dims.slice(1)], data));
    }
    return out;
  }

  private repeat(mask: OrtTensor, n: number): OrtTensor {
    const src = mask.data as BigInt64Array;
    const data = new BigInt64Array(src.length * n);
    for (let i = 0; i < n; i++) data.set(src, i * src.length);
    return this.session('decoder_with_past_model').int64([n, mask.dims[1]!], data);
  }
}
