/** What every trainer shares: options, word counting through the target pipeline, progress. */
import type { JsonObject } from '../json.js';
import { JsonCursor } from '../json.js';
import { normalizerFromJSON } from '../normalizers/index.js';
import { preTokenizerFromJSON } from '../pre-tokenizers/index.js';
import { NormalizedString } from '../../../text/normalized-string.js';

export type TrainingPreTokenizer = 'bert' | 'metaspace' | 'byte-level' | 'whitespace';

export interface TrainerOptions {
  /** Target vocabulary size, special tokens included. */
  vocabSize: number;
  /** Pairs (BPE/WordPiece) or seed pieces (Unigram) seen fewer times are not kept (default 2). */
  minFrequency?: number;
  /** Added first, in order, with ids 0..n-1. */
  specialTokens?: string[];
  /** Keep at most this many distinct characters in the alphabet (most frequent first). */
  limitAlphabet?: number;
  /** How text is cut into words before training; the trained tokenizer uses the same. */
  preTokenizer?: TrainingPreTokenizer;
  /** Normalization applied before pre-tokenization (default NFC; `bert` uses BertNormalizer). */
  normalizer?: 'nfc' | 'nfkc' | 'bert' | 'none';
  /** Called now and then with what is done. */
  onProgress?: (p: { stage: string; done: number; total: number }) => void;
}

export function normalizerJSON(kind: TrainerOptions['normalizer'], fallback: 'nfc' | 'bert'): JsonObject | null {
  switch (kind ?? fallback) {
    case 'bert':
      return { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: false };
    case 'nfkc':
      return { type: 'NFKC' };
    case 'none':
      return null;
    default:
      return { type: 'NFC' };
  }
}

export function preTokenizerJSON(kind: TrainingPreTokenizer): JsonObject {
  switch (kind) {
    case 'bert':
      return { type: 'BertPreTokenizer' };
    case 'metaspace':
      return { type: 'Metaspace', replacement: '▁', prepend_scheme: 'always', split: true };
    case 'byte-level':
      return { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true };
    case 'whitespace':
      return { type: 'Whitespace' };
  }
}

/** Counts the words the pipeline (normalizer + pre-tokenizer) makes of a corpus, streamed. */
export async function countWords(
  corpus: Iterable<string> | AsyncIterable<string>,
  normalizer: JsonObject | null,
  preTokenizer: JsonObject,
  onProgress?: TrainerOptions['onProgress'],
): Promise<Map<string, number>> {
  const norm = normalizerFromJSON(new JsonCursor(normalizer, '$.normalizer', undefined));
  const pre = preTokenizerFromJSON(new JsonCursor(preTokenizer, '$.pre_tokenizer', undefined))!;
  const counts = new Map<string, number>();
  let lines = 0;
  for await (const line of corpus as AsyncIterable<string>) {
    let ns = NormalizedString.from(line);
    if (norm) ns = norm(ns);
    if (ns.length === 0) continue;
    for (const p of pre([{ text: ns.normalized, start: 0, end: ns.length }], true)) {
      counts.set(p.text, (counts.get(p.text) ?? 0) + 1);
    }
    if (++lines % 10000 === 0) onProgress?.({ stage: 'count', done: lines, total: 0 });
  }
  return counts;
}

export function checkOptions(o: TrainerOptions): void {
  if (!Number.isInteger(o.vocabSize) || o.vocabSize < 1) throw new RangeError('vocabSize must be a positive integer');
}
