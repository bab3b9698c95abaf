/** Decoders: turn tokens back into text (the inverse direction, for generation and display). */
import type { JsonCursor } from '../json.js';
import { unicodeToBytes } from '../pre-tokenizers/byte-level-alphabet.js';
import { patternFromJSON } from '../pattern.js';

export type Decoder = (tokens: string[]) => string[];

const utf8 = new TextDecoder('utf-8', { fatal: false });

export function wordPieceDecoder(prefix = '##', cleanup = true): Decoder {
  return (tokens) =>
    tokens.map((t, i) => {
      let s = i > 0 ? (t.startsWith(prefix) ? t.slice(prefix.length) : ' ' + t) : t;
      if (cleanup) s = cleanupSpaces(s);
      return s;
    });
}

/** HF's `cleanup`: remove spaces before punctuation and in English contractions. */
function cleanupSpaces(s: string): string {
  return s
    .replace(/ \./g, '.').replace(/ \?/g, '?').replace(/ !/g, '!').replace(/ ,/g, ',')
    .replace(/ ' /g, "'").replace(/ n't/g, "n't").replace(/ 'm/g, "'m").replace(/ do not/g, " don't")
    .replace(/ 's/g, "'s").replace(/ 've/g, "'ve").replace(/ 're/g, "'re");
}

const byteLevelDecoder: Decoder = (tokens) => {
  const map = unicodeToBytes();
  const bytes: number[] = [];
  for (const t of tokens) for (const ch of t) {
    const b = map.get(ch);
    if (b !== undefined) bytes.push(b);
    else bytes.push(...new TextEncoder().encode(ch));
  }
  return [utf8.decode(new Uint8Array(bytes))];
};

function metaspaceDecoder(replacement: string, strip: boolean): Decoder {
  return (tokens) =>
    tokens.map((t, i) => {
      const s = t.split(replacement).join(' ');
      return i === 0 && strip && s.startsWith(' ') ? s.slice(1) : s;
    });
}

const byteFallbackDecoder: Decoder = (tokens) => {
  const out: string[] = [];
  let pending: number[] = [];
  const flush = () => {
    if (pending.length) out.push(utf8.decode(new Uint8Array(pending)));
    pending = [];
  };
  for (const t of tokens) {
    const m = /^<0x([0-9A-Fa-f]{2})>$/.exec(t);
    if (m) pending.push(parseInt(m[1]!, 16));
    else {
      flush();
      out.push(t);
    }
  }
  flush();
  return out;
};

export function decoderFromJSON(j: JsonCursor): Decoder | null {
  if (j.isNull()) return null;
  const type = j.type();
  switch (type) {
    case 'WordPiece':
      return wordPieceDecoder(j.get('prefix').string('##'), j.get('cleanup').bool(true));
    case 'ByteLevel':
      return byteLevelDecoder;
    case 'Metaspace': {
      const scheme = j.get('prepend_scheme').optString();
      const legacy = j.get('add_prefix_space');
      const strip = scheme !== null ? scheme !== 'never' : legacy.isNull() || legacy.bool();
      return metaspaceDecoder(j.get('replacement').string('▁'), strip);
    }
    case 'BPEDecoder': {
      const suffix = j.get('suffix').string('</w>');
      return (tokens) => tokens.map((t, i) => t.split(suffix).join(i === tokens.length - 1 ? '' : ' '));
    }
    case 'ByteFallback':
      return byteFallbackDecoder;
    case 'Fuse':
      return (tokens) => [tokens.join('')];
    case 'Strip': {
      const content = j.get('content').string(' ');
      const start = j.get('start').int(0);
      const stop = j.get('stop').int(0);
      return (tokens) =>
        tokens.map((t) => {
          let s = t;
          for (let k = 0; k < start && s.startsWith(content); k++) s = s.slice(content.length);
          for (let k = 0; k < stop && s.endsWith(content); k++) s = s.slice(0, -content.length);
          return s;
        });
    }
    case 'Replace': {
      const re = patternFromJSON(j.get('pattern'));
      const content = j.get('content').string();
      return (tokens) => tokens.map((t) => t.replace(re, content));
    }
    case 'Sequence': {
      const steps = j.get('decoders').array().map(decoderFromJSON).filter((d): d is Decoder => d !== null);
      return (tokens) => steps.reduce((acc, d) => d(acc), tokens);
    }
    default:
      return j.unsupported(`decoder type "${type}"`);
  }
}
