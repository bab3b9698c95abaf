/**
 * SubwordTokenizer: a Hugging Face `tokenizer.json` (WordPiece, BPE, Unigram, WordLevel) in pure
 * TypeScript, running the same pipeline as HF tokenizers — added tokens → normalizer →
 * pre-tokenizer → model → post-processor — with every offset pointing into the original text.
 *
 * @example
 * import { SubwordTokenizer } from 'kornlu/subword';
 * const tok = SubwordTokenizer.fromJSON(await (await fetch('/tokenizer.json')).json());
 * const enc = tok.encode('한국어 ELECTRA를 공유합니다.');
 * enc.ids;      // [2, 11229, 29173, 13352, 25541, 4110, 7824, 17788, 18, 3]
 * enc.offsets;  // [[0,0], [0,3], [4,6], …]
 */
import { assertText, invalidArgument, KornluError } from '../../errors.js';
import { NormalizedString } from '../../text/normalized-string.js';
import type { Token, Tokenizer } from '../types.js';
import { AddedTokenMatcher, addedTokensFromJSON, type AddedToken } from './added-tokens.js';
import { decoderFromJSON, type Decoder } from './decoders/index.js';
import { emptySequence, sliceSequence, windows, type Encoding, type Sequence } from './encoding.js';
import { JsonCursor, type Json, type JsonObject } from './json.js';
import { modelFromJSON, type Model, type ModelToken } from './models/index.js';
import { normalizerFromJSON, type Normalizer } from './normalizers/index.js';
import { pieceSpan, type Piece } from './pieces.js';
import { addedCount, postProcessorFromJSON, type PostProcessor, type TemplatePiece } from './post-processors/index.js';
import { preTokenizerFromJSON, type PreTokenizer } from './pre-tokenizers/index.js';

export interface TruncationOptions {
  /** Most tokens per encoding, special tokens included. */
  maxLength: number;
  /** Tokens shared by consecutive windows; the rest goes to `overflowing` (default 0). */
  stride?: number;
  /** Which sequence of a pair is cut (default `longest_first`; windows need only_first/only_second). */
  strategy?: 'longest_first' | 'only_first' | 'only_second';
  direction?: 'right' | 'left';
}

export interface EncodeOptions {
  /** Add [CLS]/[SEP] and the like (default true). */
  addSpecialTokens?: boolean;
  truncation?: TruncationOptions;
}

export interface PaddingOptions {
  /** Pad to this length, or to the longest in the batch (default). */
  length?: number | 'longest';
  /** Round the padded length up to a multiple (8 helps tensor cores). */
  multipleOf?: number;
  side?: 'right' | 'left';
  /** Padding token (default: the tokenizer.json's padding token, [PAD], <pad> or id 0). */
  padToken?: string;
}

/** A subword token with its id; `text === input.slice(start, end)`. */
export interface SubwordToken extends Token {
  id: number;
  /** The vocabulary entry, e.g. `##를` or `▁한국`. */
  token: string;
}

/** Words per cache generation; two generations are kept, so at most twice this many. */
const CACHE_GENERATION = 50_000;

export class SubwordTokenizer implements Tokenizer<SubwordToken> {
  readonly unit = 'subword' as const;
  readonly model: Model;
  private readonly normalizer: Normalizer | null;
  private readonly preTokenizer: PreTokenizer | null;
  private readonly postProcessor: PostProcessor | null;
  private readonly decoder: Decoder | null;
  private readonly added: AddedToken[];
  private readonly matcher: AddedTokenMatcher;
  private readonly addedById: Map<number, AddedToken>;
  private readonly source: JsonObject;
  // Two-generation word cache: new words go to `young`; when it fills, it becomes `old` and the
  // previous old generation is dropped. A hit in `old` moves the word back to `young`, so frequent
  // words survive while the memory stays bounded (Zipf: a small set of words covers most text).
  private young = new Map<string, ModelToken[]>();
  private old = new Map<string, ModelToken[]>();

  private constructor(source: JsonObject, file: string | undefined) {
    const root = new JsonCursor(source, '$', file);
    this.source = source;
    this.model = modelFromJSON(root.get('model'));
    this.normalizer = normalizerFromJSON(root.get('normalizer'));
    this.preTokenizer = preTokenizerFromJSON(root.get('pre_tokenizer'));
    this.postProcessor = postProcessorFromJSON(root.get('post_processor'));
    this.decoder = decoderFromJSON(root.get('decoder'));
    this.added = addedTokensFromJSON(root.get('added_tokens'));
    this.matcher = new AddedTokenMatcher(this.added);
    this.addedById = new Map(this.added.map((t) => [t.id, t]));
  }

  /**
   * Builds a tokenizer from a parsed tokenizer.json object or its text. `path` only names the file
   * in error messages.
   */
  static fromJSON(json: unknown, options: { path?: string } = {}): SubwordTokenizer {
    let value: unknown = json;
    if (typeof json === 'string') {
      try {
        value = JSON.parse(json);
      } catch (e) {
        throw new KornluError('INVALID_TOKENIZER_FILE', `tokenizer.json is not valid JSON: ${(e as Error).message}`, {
          ...(options.path !== undefined ? { path: options.path } : {}),
          cause: e,
        });
      }
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      new JsonCursor(value as Json, '$', options.path).fail('the file must hold a JSON object');
    }
    if (!('model' in (value as object))) new JsonCursor(value as Json, '$', options.path).fail('no "model" entry');
    return new SubwordTokenizer(value as JsonObject, options.path);
  }

  /** Loads a tokenizer.json over HTTP(S) with `fetch` (browser and Node). */
  static async fromURL(url: string, init?: RequestInit): Promise<SubwordTokenizer> {
    const res = await fetch(url, init);
    if (!res.ok) throw new KornluError('FILE_NOT_FOUND', `HTTP ${res.status} fetching tokenizer.json`, { path: url });
    return SubwordTokenizer.fromJSON(await res.text(), { path: url });
  }

  /** The tokenizer.json object this tokenizer was built from. */
  toJSON(): JsonObject {
    return this.source;
  }

  get vocabSize(): number {
    let n = this.model.vocabSize;
    for (const t of this.added) if (this.model.idToToken(t.id) === undefined) n++;
    return n;
  }

  tokenToId(token: string): number | undefined {
    return this.added.find((t) => t.content === token)?.id ?? this.model.tokenToId(token);
  }

  idToToken(id: number): string | undefined {
    return this.addedById.get(id)?.content ?? this.model.idToToken(id);
  }

  /** Content tokens of `text` (no special tokens added), offsets into `text`. */
  tokenize(text: string): SubwordToken[] {
    const s = this.encodeSequence(text);
    return s.ids.map((id, k) => {
      const [start, end] = s.offsets[k]!;
      return { text: text.slice(start, end), start, end, id, token: s.tokens[k]! };
    });
  }

  /**
   * Encodes one text, or a pair (question + context for MRC). Offsets of the pair's tokens point
   * into `pair`; `sequenceIds` says which input each token came from.
   */
  encode(text: string, pair?: string | null, options: EncodeOptions = {}): Encoding {
    assertText(text);
    if (pair !== undefined && pair !== null) assertText(pair, 'pair');
    const a = this.encodeSequence(text);
    const b = pair === undefined || pair === null ? null : this.encodeSequence(pair);
    return this.postProcess(a, b, options);
  }

  /** Encodes many inputs; with `padding`, all encodings get the same length. */
  encodeBatch(
    inputs: Array<string | [string, string]>,
    options: EncodeOptions & { padding?: PaddingOptions | boolean } = {},
  ): Encoding[] {
    const out = inputs.map((x) => (typeof x === 'string' ? this.encode(x, null, options) : this.encode(x[0], x[1], options)));
    if (options.padding) this.pad(out, options.padding === true ? {} : options.padding);
    return out;
  }

  /** Pads encodings in place to a common length. */
  pad(encodings: Encoding[], options: PaddingOptions = {}): void {
    const all = encodings.flatMap((e) => [e, ...e.overflowing]);
    let len = options.length === undefined || options.length === 'longest' ? Math.max(0, ...all.map((e) => e.ids.length)) : options.length;
    if (options.multipleOf) len = Math.ceil(len / options.multipleOf) * options.multipleOf;
    const padToken = options.padToken ?? this.defaultPadToken();
    const padId = this.tokenToId(padToken) ?? 0;
    for (const e of all) {
      const n = len - e.ids.length;
      if (n <= 0) continue;
      const fill = <T>(arr: T[], v: T) => {
        const extra = new Array<T>(n).fill(v);
        if (options.side === 'left') arr.unshift(...extra);
        else arr.push(...extra);
      };
      fill(e.ids, padId);
      fill(e.tokens, padToken);
      fill(e.offsets, [0, 0] as [number, number]);
      fill(e.typeIds, 0);
      fill(e.attentionMask, 0);
      fill(e.specialTokensMask, 1);
      fill(e.sequenceIds, null);
      fill(e.wordIds, null);
    }
  }

  private defaultPadToken(): string {
    const p = new JsonCursor(this.source, '$', undefined).get('padding').get('pad_token');
    if (typeof p.value === 'string') return p.value;
    for (const t of ['[PAD]', '<pad>']) if (this.tokenToId(t) !== undefined) return t;
    return this.idToToken(0) ?? '[PAD]';
  }

  /** Text of ids (special tokens skipped unless asked). */
  decode(ids: number[], options: { skipSpecialTokens?: boolean } = {}): string {
    const skip = options.skipSpecialTokens !== false;
    const tokens: string[] = [];
    for (const id of ids) {
      const t = this.idToToken(id);
      if (t === undefined) throw invalidArgument(`id ${id} is not in the vocabulary`);
      if (skip && this.addedById.get(id)?.special) continue;
      tokens.push(t);
    }
    return this.decoder ? this.decoder(tokens).join('') : tokens.join(' ');
  }

  /** Runs everything up to the model on one text; offsets into that text. */
  private encodeSequence(text: string): Sequence {
    const seq = emptySequence();
    let word = 0;
    for (const seg of this.matcher.split(text)) {
      if (seg.added) {
        seq.ids.push(seg.added.id);
        seq.tokens.push(seg.added.content);
        seq.offsets.push([seg.start, seg.end]);
        seq.wordIds.push(word++);
        continue;
      }
      if (seg.end === seg.start) continue;
      let ns = NormalizedString.from(seg.start === 0 && seg.end === text.length ? text : text.slice(seg.start, seg.end));
      if (this.normalizer) ns = this.normalizer(ns);
      const whole: Piece = { text: ns.normalized, start: 0, end: ns.length };
      const pieces = this.preTokenizer ? this.preTokenizer(ns.length ? [whole] : [], seg.start === 0) : ns.length ? [whole] : [];
      const base = seg.start;
      for (const piece of pieces) {
        const toks = this.modelTokens(piece.text);
        if (ns.isIdentity && piece.align === undefined) {
          // Common case (nothing rewritten): offsets are plain sums, no span lookups.
          const at = base + piece.start;
          for (const t of toks) {
            seq.ids.push(t.id);
            seq.tokens.push(t.value);
            seq.offsets.push([at + t.start, at + t.end]);
            seq.wordIds.push(word);
          }
        } else {
          for (const t of toks) {
            const [na, nb] = pieceSpan(piece, t.start, t.end);
            const [oa, ob] = ns.toOriginal(na, nb);
            seq.ids.push(t.id);
            seq.tokens.push(t.value);
            seq.offsets.push([base + oa, base + ob]);
            seq.wordIds.push(word);
          }
        }
        word++;
      }
    }
    if (this.postProcessor?.trimOffsets) trimOffsets(text, seq.offsets);
    return seq;
  }

  /** Forgets the per-word cache (it refills as text is encoded; at most 100,000 words are kept). */
  clearCache(): void {
    this.young = new Map();
    this.old = new Map();
  }

  private modelTokens(piece: string): ModelToken[] {
    if (!this.model.cacheable) return this.model.tokenize(piece);
    const hit = this.young.get(piece);
    if (hit !== undefined) return hit;
    let toks = this.old.get(piece);
    if (toks === undefined) {
      toks = this.model.tokenize(piece);
      if (piece.length > 256) return toks;
    }
    if (this.young.size >= CACHE_GENERATION) {
      this.old = this.young;
      this.young = new Map();
    }
    this.young.set(piece, toks);
    return toks;
  }

  private postProcess(a: Sequence, b: Sequence | null, options: EncodeOptions): Encoding {
    const special = options.addSpecialTokens !== false && this.postProcessor !== null;
    const template: TemplatePiece[] = special
      ? b === null ? this.postProcessor!.single : this.postProcessor!.pair
      : b === null ? [{ sequence: 'A', typeId: 0 }] : [{ sequence: 'A', typeId: 0 }, { sequence: 'B', typeId: 1 }];
    const t = options.truncation;
    if (t === undefined) return assemble(template, a, b);
    if (!Number.isInteger(t.maxLength) || t.maxLength < 1) throw invalidArgument('truncation.maxLength must be a positive integer');
    const stride = t.stride ?? 0;
    const direction = t.direction ?? 'right';
    const budget = t.maxLength - addedCount(template);
    if (budget < 1) throw invalidArgument(`truncation.maxLength ${t.maxLength} leaves no room beside the special tokens`);
    const strategy = t.strategy ?? 'longest_first';
    let target: 'A' | 'B';
    let room: number;
    if (b === null || strategy === 'only_first') {
      target = 'A';
      room = budget - (b?.ids.length ?? 0);
    } else if (strategy === 'only_second') {
      target = 'B';
      room = budget - a.ids.length;
    } else {
      // longest_first on a pair: cut the longer one token by token, no overflow windows.
      let la = a.ids.length;
      let lb = b.ids.length;
      while (la + lb > budget) if (la >= lb) la--; else lb--;
      const cut = (s: Sequence, n: number) => (direction === 'right' ? sliceSequence(s, 0, n) : sliceSequence(s, s.ids.length - n, s.ids.length));
      return assemble(template, cut(a, la), cut(b, lb));
    }
    if (room < 1) throw invalidArgument(`truncation: the other sequence already uses the whole maxLength ${t.maxLength}`);
    if (stride >= room) throw invalidArgument(`truncation.stride ${stride} must be smaller than the room for the text (${room} tokens)`);
    const seq = target === 'A' ? a : b!;
    const parts = windows(seq.ids.length, room, stride, direction).map(([s, e]) => {
      const part = sliceSequence(seq, s, e);
      return target === 'A' ? assemble(template, part, b) : assemble(template, a, part);
    });
    const first = parts[0]!;
    first.overflowing = parts.slice(1);
    return first;
  }
}

/** Lays out a template around one or two sequences. */
function assemble(template: TemplatePiece[], a: Sequence, b: Sequence | null): Encoding {
  const e: Encoding = {
    ids: [], tokens: [], offsets: [], typeIds: [], attentionMask: [], specialTokensMask: [], sequenceIds: [], wordIds: [], overflowing: [],
  };
  for (const p of template) {
    if ('special' in p) {
      for (const id of p.ids) {
        e.ids.push(id);
        e.tokens.push(p.special);
        e.offsets.push([0, 0]);
        e.typeIds.push(p.typeId);
        e.attentionMask.push(1);
        e.specialTokensMask.push(1);
        e.sequenceIds.push(null);
        e.wordIds.push(null);
      }
      continue;
    }
    const s = p.sequence === 'A' ? a : b;
    if (s === null) continue;
    const seqId = p.sequence === 'A' ? 0 : 1;
    for (let k = 0; k < s.ids.length; k++) {
      e.ids.push(s.ids[k]!);
      e.tokens.push(s.tokens[k]!);
      e.offsets.push(s.offsets[k]!);
      e.typeIds.push(p.typeId);
      e.attentionMask.push(1);
      e.specialTokensMask.push(0);
      e.sequenceIds.push(seqId);
      e.wordIds.push(s.wordIds[k]!);
    }
  }
  return e;
}

const WHITE = /^\p{White_Space}$/u;

/** Shrinks offsets so they do not start or end on whitespace (unless the token is only that). */
function trimOffsets(text: string, offsets: Array<[number, number]>): void {
  for (const o of offsets) {
    let [a, b] = o;
    while (a < b && WHITE.test(text[a]!)) a++;
    while (b > a && WHITE.test(text[b - 1]!)) b--;
    if (a < b) {
      o[0] = a;
      o[1] = b;
    }
  }
}
