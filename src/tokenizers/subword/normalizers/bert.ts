/**
 * HF's BertNormalizer, exactly: drop NUL, U+FFFD and "other" characters (Cc Cf Cs Co, keeping
 * \t \n \r), turn whitespace into ' ', pad CJK ideographs with spaces, optionally strip accents
 * and lowercase. Lone surrogates count as Cs and are dropped (the native library sees them as
 * U+FFFD, which it drops too).
 */
import type { NormalizedString } from '../../../text/normalized-string.js';
import { lowercase, unicodeNormalize } from '../../../text/normalize.js';

export interface BertNormalizerOptions {
  cleanText?: boolean;
  handleChineseChars?: boolean;
  /** null: follow `lowercase` (as HF does). */
  stripAccents?: boolean | null;
  lowercase?: boolean;
}

import { bertClass } from './bert-classes.js';

export function bertNormalizer(options: BertNormalizerOptions = {}): (ns: NormalizedString) => NormalizedString {
  const clean = options.cleanText !== false;
  const cjk = options.handleChineseChars !== false;
  const lower = options.lowercase !== false;
  const strip = options.stripAccents ?? lower;
  return (ns) => {
    let out = ns;
    if ((clean || cjk) && needsCleaning(out.normalized)) {
      out = out.mapChars((ch, cp) => {
        const c = bertClass(cp);
        if (c === 'keep' || c === 'punct') return undefined;
        if (c === 'drop') return clean ? '' : undefined;
        if (c === 'space') return clean && ch !== ' ' ? ' ' : undefined;
        return cjk ? ` ${ch} ` : undefined;
      });
    }
    if (strip) out = unicodeNormalize(out, 'NFD').replace(/\p{Mn}/gu, '');
    if (lower) out = lowercase(out);
    return out;
  };
}

/** Fast scan: does any character need BertNormalizer's cleaning or CJK padding? */
function needsCleaning(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 32 || (c > 32 && c < 127)) continue;
    if (c >= 0xd800 && c <= 0xdfff) return true;
    const k = bertClass(c);
    if (k === 'drop' || k === 'space' || k === 'cjk') return true;
  }
  return false;
}
