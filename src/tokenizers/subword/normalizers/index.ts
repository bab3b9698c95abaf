/** Normalizers of a tokenizer.json, each a function over an alignment-preserving NormalizedString. */
import type { NormalizedString } from '../../../text/normalized-string.js';
import { lowercase, unicodeNormalize } from '../../../text/normalize.js';
import type { JsonCursor } from '../json.js';
import { bertNormalizer } from './bert.js';
import { patternFromJSON } from '../pattern.js';

export type Normalizer = (ns: NormalizedString) => NormalizedString;

export { bertNormalizer };

export function normalizerFromJSON(j: JsonCursor): Normalizer | null {
  if (j.isNull()) return null;
  const type = j.type();
  switch (type) {
    case 'BertNormalizer':
      return bertNormalizer({
        cleanText: j.get('clean_text').bool(true),
        handleChineseChars: j.get('handle_chinese_chars').bool(true),
        stripAccents: j.get('strip_accents').isNull() ? null : j.get('strip_accents').bool(),
        lowercase: j.get('lowercase').bool(true),
      });
    case 'NFC':
    case 'NFD':
    case 'NFKC':
    case 'NFKD':
      return (ns) => unicodeNormalize(ns, type);
    case 'Lowercase':
      return lowercase;
    case 'StripAccents':
      return (ns) => ns.replace(/\p{Mn}/gu, '');
    case 'Strip': {
      const left = j.get('left').bool(true);
      const right = j.get('right').bool(true);
      const re = left && right ? /^\p{White_Space}+|\p{White_Space}+$/gu : left ? /^\p{White_Space}+/gu : right ? /\p{White_Space}+$/gu : null;
      return re === null ? (ns) => ns : (ns) => ns.replace(re, '');
    }
    case 'Replace': {
      const re = patternFromJSON(j.get('pattern'));
      const content = j.get('content').string();
      return (ns) => ns.replace(re, content);
    }
    case 'Prepend': {
      const prefix = j.get('prepend').string();
      return (ns) => (ns.length === 0 ? ns : ns.rebuild((emit) => {
        emit(prefix, 0, 0);
        emit(ns.normalized, 0, ns.length);
      }));
    }
    case 'Sequence': {
      const steps = j.get('normalizers').array().map(normalizerFromJSON).filter((n): n is Normalizer => n !== null);
      return (ns) => steps.reduce((acc, f) => f(acc), ns);
    }
    default:
      return j.unsupported(`normalizer type "${type}"`);
  }
}
