/**
 * Word spacing (띄어쓰기) restoration: text with missing or wrong spaces in, text spaced as written
 * Korean is spaced out. The model tags each character (whitespace removed) with the probability that
 * a space follows it, so the output holds exactly the input's characters — nothing is rewritten,
 * and every word carries its `[start, end)` span in the input.
 *
 * Lines are kept: line breaks stay where they were, and each line is re-spaced on its own
 * (leading, trailing and repeated whitespace go). Between two ASCII characters the input's own
 * spacing stands, so URLs, numbers and English words stay as typed. Long lines are cut into windows that
 * overlap by the model's receptive field (config.json `kornlu_receptive_field`), which gives the
 * same result as one pass over the whole line.
 *
 * @example
 * import { pipeline } from 'kornlu/pipelines';
 * const spacer = await pipeline('word-spacing');   // the packaged ko-spacing model (Node)
 * (await spacer.run('그는대학에서경제학을공부했다')).text;   // '그는 대학에서 경제학을 공부했다'
 * (await spacer.run('오늘 날씨가좋네요', { keepSpaces: true })).words;
 * // [{ text: '오늘', start: 0, end: 2 }, { text: '날씨가', start: 3, end: 6 }, { text: '좋네요', start: 6, end: 9 }]
 */
import { assertText, KornluError } from '../errors.js';
import { loadModel, type LoadedModel, type ModelOptions } from '../hub/load.js';
import { checkSignal, Pipeline, type RunOptions } from './base.js';
import { checkBatchSize, floatOutput } from './tensors.js';

export interface SpacingOptions extends RunOptions {
  /** Keep the spaces the input already has and only add missing ones (default false: every space is decided anew). */
  keepSpaces?: boolean;
  /** Probability above which a space is put after a character (default: the model's `kornlu_space_threshold`, else 0.5). Higher: fewer spaces. */
  threshold?: number;
  /** Windows per model run (default 16). */
  batchSize?: number;
}

export interface SpacedWord {
  /** The word's characters (the input's, whitespace inside it removed). */
  text: string;
  /** `[start, end)` UTF-16 offsets of the word in the input. */
  start: number;
  end: number;
}

export interface SpacedText {
  text: string;
  words: SpacedWord[];
}

/** Characters a window predicts for (its core), the rest of it is context. */
const CORE = 2048;
const LINE_BREAK = /\r\n|[\n\r\v\f\u0085\u2028\u2029]/g;
const ascii = (s: string) => s.length === 1 && s.charCodeAt(0) > 0x20 && s.charCodeAt(0) < 0x7f;

interface Line {
  /** Offsets of each character (token) in the input. */
  offsets: Array<[number, number]>;
  ids: number[];
  /** Probability of a space after each character. */
  p: Float32Array;
}

interface Window {
  line: Line;
  from: number;
  to: number;
  coreFrom: number;
  coreTo: number;
}

export class WordSpacingPipeline extends Pipeline {
  readonly task = 'word-spacing';
  /** Characters of context each side that can change a decision (the model's receptive field). */
  readonly receptiveField: number;
  /** The default `threshold`: config.json's `kornlu_space_threshold` (chosen by the recipe), else 0.5. */
  readonly threshold: number;

  private constructor(model: LoadedModel) {
    super(model);
    const r = model.config.raw.kornlu_receptive_field;
    if (r !== undefined && (typeof r !== 'number' || !Number.isInteger(r) || r < 0)) {
      throw new KornluError('MODEL_MISMATCH', `kornlu_receptive_field must be a non-negative integer, got ${JSON.stringify(r)}`, { path: model.files.resolve('config.json') });
    }
    this.receptiveField = r ?? 64;
    const t = model.config.raw.kornlu_space_threshold;
    if (t !== undefined && !(typeof t === 'number' && t > 0 && t < 1)) {
      throw new KornluError('MODEL_MISMATCH', `kornlu_space_threshold must be a number in (0, 1), got ${JSON.stringify(t)}`, { path: model.files.resolve('config.json') });
    }
    this.threshold = t ?? 0.5;
  }

  static async load(model: string, options: ModelOptions = {}): Promise<WordSpacingPipeline> {
    return new WordSpacingPipeline(await loadModel(model, ['model'], options));
  }

  run(text: string, options?: SpacingOptions): Promise<SpacedText>;
  run(texts: readonly string[], options?: SpacingOptions): Promise<SpacedText[]>;
  async run(input: string | readonly string[], options: SpacingOptions = {}): Promise<SpacedText | SpacedText[]> {
    if (typeof input === 'string') return (await this.space([input], options))[0]!;
    if (!Array.isArray(input)) throw new KornluError('INVALID_ARGUMENT', 'word-spacing takes a string or an array of strings');
    return this.space(input, options);
  }

  private async space(texts: readonly string[], options: SpacingOptions): Promise<SpacedText[]> {
    texts.forEach((t, i) => assertText(t, `texts[${i}]`));
    checkSignal(options.signal);
    const threshold = options.threshold ?? this.threshold;
    if (!(threshold > 0 && threshold < 1)) throw new KornluError('INVALID_ARGUMENT', `threshold must be in (0, 1), got ${threshold}`);
    const batchSize = checkBatchSize(options.batchSize, 16);
    // Lines of every text, with the breaks between them.
    const parts = texts.map((text) => {
      const lines: Line[] = [];
      const breaks: string[] = [];
      let at = 0;
      for (const m of [...text.matchAll(LINE_BREAK), null]) {
        const end = m ? m.index : text.length;
        lines.push(this.encodeLine(text, at, end));
        if (m) breaks.push(m[0]);
        at = end + (m ? m[0].length : 0);
      }
      return { text, lines, breaks };
    });
    await this.predict(parts.flatMap((p) => p.lines), batchSize, options.signal);
    return parts.map(({ text, lines, breaks }) => {
      const words: SpacedWord[] = [];
      const out: string[] = [];
      lines.forEach((line, li) => {
        const lineWords: string[] = [];
        let start = 0;
        for (let i = 0; i < line.ids.length; i++) {
          const last = i === line.ids.length - 1;
          if (!last && !this.boundary(text, line, i, threshold, options.keepSpaces ?? false)) continue;
          const [s] = line.offsets[start]!;
          const e = line.offsets[i]![1];
          const w = line.offsets.slice(start, i + 1).map(([a, b]) => text.slice(a, b)).join('');
          words.push({ text: w, start: s, end: e });
          lineWords.push(w);
          start = i + 1;
        }
        out.push(lineWords.join(' '));
        if (li < breaks.length) out.push(breaks[li]!);
      });
      return { text: out.join(''), words };
    });
  }

  private boundary(text: string, line: Line, i: number, threshold: number, keepSpaces: boolean): boolean {
    const [, end] = line.offsets[i]!;
    const [next] = line.offsets[i + 1]!;
    if (keepSpaces && next > end) return true;
    // Between two ASCII characters the input's own spacing stands (URLs, numbers, English).
    if (ascii(text.slice(line.offsets[i]![0], end)) && ascii(text.slice(next, line.offsets[i + 1]![1]))) return next > end;
    return line.p[i]! > threshold;
  }

  private encodeLine(text: string, from: number, to: number): Line {
    const e = this.tokenizer.encode(text.slice(from, to));
    return { ids: e.ids, offsets: e.offsets.map(([a, b]) => [a + from, b + from]), p: new Float32Array(e.ids.length) };
  }

  /** Fills each line's probabilities, window by window, batched by similar length. */
  private async predict(lines: Line[], batchSize: number, signal: AbortSignal | undefined): Promise<void> {
    const R = this.receptiveField;
    const windows: Window[] = [];
    for (const line of lines) {
      const n = line.ids.length;
      for (let s = 0; s < n; s += CORE) {
        const e = Math.min(n, s + CORE);
        windows.push({ line, from: Math.max(0, s - R), to: Math.min(n, e + R), coreFrom: s, coreTo: e });
      }
    }
    windows.sort((a, b) => a.to - a.from - (b.to - b.from));
    const session = this.session();
    for (let b = 0; b < windows.length; b += batchSize) {
      const batch = windows.slice(b, b + batchSize);
      const L = Math.max(...batch.map((w) => w.to - w.from));
      const ids = new BigInt64Array(batch.length * L);
      const mask = new BigInt64Array(batch.length * L);
      batch.forEach((w, r) => {
        for (let i = w.from; i < w.to; i++) {
          ids[r * L + i - w.from] = BigInt(w.line.ids[i]!);
          mask[r * L + i - w.from] = 1n;
        }
      });
      checkSignal(signal);
      const out = await session.run({ input_ids: session.int64([batch.length, L], ids), attention_mask: session.int64([batch.length, L], mask) });
      const logits = floatOutput(session, out, 'logits', [batch.length, L]);
      batch.forEach((w, r) => {
        for (let i = w.coreFrom; i < w.coreTo; i++) w.line.p[i] = 1 / (1 + Math.exp(-logits[r * L + i - w.from]!));
      });
    }
  }
}
