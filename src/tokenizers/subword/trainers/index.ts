/**
 * Subword vocabulary trainers in pure TypeScript. Each streams its corpus (any iterable or async
 * iterable of lines, e.g. `readLines(path)` from kornlu/node) into word counts, learns a vocabulary,
 * and returns a ready SubwordTokenizer that `toJSON()` writes as an HF-compatible tokenizer.json.
 *
 * @example
 * const tok = await trainWordPiece(readLines('corpus.txt'), { vocabSize: 8000 });
 * tok.encode('한국어 문장').tokens;
 */
import type { JsonObject } from '../json.js';
import { SubwordTokenizer } from '../tokenizer.js';
import { bpeModelJSON, learnBpe } from './bpe.js';
import { checkOptions, countWords, normalizerJSON, preTokenizerJSON, type TrainerOptions } from './common.js';
import { learnUnigram, type UnigramTrainOptions } from './unigram.js';

export type { TrainerOptions, UnigramTrainOptions };

type Corpus = Iterable<string> | AsyncIterable<string>;

function addedTokens(specials: string[]): JsonObject[] {
  return specials.map((content, id) => ({ id, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true }));
}

/** Byte-level BPE (GPT-2 / RoBERTa style) by default: never an unknown token. */
export async function trainBPE(corpus: Corpus, options: TrainerOptions): Promise<SubwordTokenizer> {
  checkOptions(options);
  const pre = options.preTokenizer ?? 'byte-level';
  const normalizer = normalizerJSON(options.normalizer, 'nfc');
  const preJSON = preTokenizerJSON(pre);
  const counts = await countWords(corpus, normalizer, preJSON, options.onProgress);
  const specials = options.specialTokens ?? ['<unk>'];
  const r = learnBpe(counts, { ...options, specialTokens: specials }, { byteLevel: pre === 'byte-level' });
  const byteLevel = pre === 'byte-level';
  return SubwordTokenizer.fromJSON({
    version: '1.0', truncation: null, padding: null,
    added_tokens: addedTokens(specials),
    normalizer,
    pre_tokenizer: preJSON,
    post_processor: byteLevel ? { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true } : null,
    decoder: byteLevel ? { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true } : pre === 'metaspace' ? { type: 'Metaspace', replacement: '▁', prepend_scheme: 'always', split: true } : null,
    model: bpeModelJSON(r, byteLevel ? null : (specials.find((s) => /unk/i.test(s)) ?? null)),
  });
}

/** BERT-style WordPiece (learned with BPE merges and ## continuations, as HF does). */
export async function trainWordPiece(corpus: Corpus, options: TrainerOptions): Promise<SubwordTokenizer> {
  checkOptions(options);
  const normalizer = normalizerJSON(options.normalizer, 'bert');
  const preJSON = preTokenizerJSON(options.preTokenizer ?? 'bert');
  const counts = await countWords(corpus, normalizer, preJSON, options.onProgress);
  const specials = options.specialTokens ?? ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'];
  if (!specials.includes('[UNK]')) throw new RangeError('trainWordPiece: specialTokens must include [UNK]');
  const r = learnBpe(counts, { ...options, specialTokens: specials }, { prefix: '##' });
  // Every character also exists as a continuation, so any word made of known characters encodes.
  for (const t of [...r.vocab.keys()]) {
    if ([...t].length === 1 && !specials.includes(t) && !r.vocab.has('##' + t) && r.vocab.size < options.vocabSize) r.vocab.set('##' + t, r.vocab.size);
  }
  const vocab: JsonObject = {};
  for (const [t, id] of r.vocab) vocab[t] = id;
  const cls = specials.includes('[CLS]') && specials.includes('[SEP]');
  return SubwordTokenizer.fromJSON({
    version: '1.0', truncation: null, padding: null,
    added_tokens: addedTokens(specials),
    normalizer,
    pre_tokenizer: preJSON,
    post_processor: cls ? { type: 'BertProcessing', sep: ['[SEP]', r.vocab.get('[SEP]')!], cls: ['[CLS]', r.vocab.get('[CLS]')!] } : null,
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: { type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##', max_input_chars_per_word: 100, vocab },
  });
}

/** SentencePiece-style Unigram with Metaspace (▁) pre-tokenization. */
export async function trainUnigram(corpus: Corpus, options: UnigramTrainOptions): Promise<SubwordTokenizer> {
  checkOptions(options);
  const normalizer = normalizerJSON(options.normalizer, 'nfc');
  const preJSON = preTokenizerJSON(options.preTokenizer ?? 'metaspace');
  const counts = await countWords(corpus, normalizer, preJSON, options.onProgress);
  const specials = options.specialTokens ?? ['<pad>', '<unk>', '<s>', '</s>'];
  const unk = specials.findIndex((s) => /unk/i.test(s));
  if (unk < 0) throw new RangeError('trainUnigram: specialTokens must include an unknown token such as <unk>');
  const learned = learnUnigram(counts, options).filter(([p]) => !specials.includes(p));
  const vocab = [...specials.map((s): [string, number] => [s, 0]), ...learned];
  const hasBos = specials.includes('<s>') && specials.includes('</s>');
  return SubwordTokenizer.fromJSON({
    version: '1.0', truncation: null, padding: null,
    added_tokens: addedTokens(specials),
    normalizer,
    pre_tokenizer: preJSON,
    post_processor: hasBos
      ? {
          type: 'TemplateProcessing',
          single: [{ SpecialToken: { id: '<s>', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '</s>', type_id: 0 } }],
          pair: [{ SpecialToken: { id: '<s>', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '</s>', type_id: 0 } }, { Sequence: { id: 'B', type_id: 1 } }, { SpecialToken: { id: '</s>', type_id: 1 } }],
          special_tokens: {
            '<s>': { id: '<s>', ids: [specials.indexOf('<s>')], tokens: ['<s>'] },
            '</s>': { id: '</s>', ids: [specials.indexOf('</s>')], tokens: ['</s>'] },
          },
        }
      : null,
    decoder: { type: 'Metaspace', replacement: '▁', prepend_scheme: 'always', split: true },
    model: { type: 'Unigram', unk_id: unk, vocab: vocab.map(([p, s]) => [p, s]), byte_fallback: false },
  });
}
