/** Models of a tokenizer.json. */
import type { JsonCursor } from '../json.js';
import { BPE } from './bpe.js';
import type { Model } from './model.js';
import { Unigram } from './unigram.js';
import { WordLevel } from './word-level.js';
import { WordPiece } from './wordpiece.js';

export type { Model, ModelToken } from './model.js';
export { BPE, Unigram, WordLevel, WordPiece };

function vocabMap(j: JsonCursor): Map<string, number> {
  const obj = j.object();
  const m = new Map<string, number>();
  for (const k of Object.keys(obj)) {
    const id = j.get(k).int();
    if (id < 0) j.get(k).fail('token ids must be >= 0');
    m.set(k, id);
  }
  return m;
}

export function modelFromJSON(j: JsonCursor): Model {
  const type = j.get('type').isNull() ? inferType(j) : j.type();
  try {
    switch (type) {
      case 'WordPiece':
        return new WordPiece(vocabMap(j.get('vocab')), {
          unkToken: j.get('unk_token').string('[UNK]'),
          continuingSubwordPrefix: j.get('continuing_subword_prefix').string('##'),
          maxInputCharsPerWord: j.get('max_input_chars_per_word').int(100),
        });
      case 'BPE': {
        if (!j.get('dropout').isNull() && j.get('dropout').number() > 0) j.unsupported('BPE dropout at inference');
        const merges = j.get('merges').array().map((m): [string, string] => {
          if (typeof m.value === 'string') {
            const sp = m.value.indexOf(' ', 1);
            if (sp < 0) m.fail('a merge must be "left right"');
            return [m.value.slice(0, sp), m.value.slice(sp + 1)];
          }
          const pair = m.array();
          if (pair.length !== 2) m.fail('a merge must be a pair');
          return [pair[0]!.string(), pair[1]!.string()];
        });
        return new BPE(vocabMap(j.get('vocab')), merges, {
          unkToken: j.get('unk_token').optString(),
          continuingSubwordPrefix: j.get('continuing_subword_prefix').optString(),
          endOfWordSuffix: j.get('end_of_word_suffix').optString(),
          fuseUnk: j.get('fuse_unk').bool(false),
          byteFallback: j.get('byte_fallback').bool(false),
          ignoreMerges: j.get('ignore_merges').bool(false),
        });
      }
      case 'Unigram': {
        const pieces = j.get('vocab').array().map((e): [string, number] => {
          const pair = e.array();
          if (pair.length !== 2) e.fail('a Unigram entry must be [piece, score]');
          return [pair[0]!.string(), pair[1]!.number()];
        });
        const unk = j.get('unk_id');
        return new Unigram(pieces, unk.isNull() ? null : unk.int(), j.get('byte_fallback').bool(false));
      }
      case 'WordLevel':
        return new WordLevel(vocabMap(j.get('vocab')), j.get('unk_token').string('[UNK]'));
      default:
        return j.unsupported(`model type "${type}"`);
    }
  } catch (e) {
    if (e instanceof Error && e.name !== 'KornluError') j.fail(e.message);
    throw e;
  }
}

function inferType(j: JsonCursor): string {
  if (!j.get('merges').isNull()) return 'BPE';
  if (Array.isArray(j.get('vocab').value)) return 'Unigram';
  if (!j.get('continuing_subword_prefix').isNull()) return 'WordPiece';
  return j.fail('model has no "type" and its kind cannot be inferred');
}
