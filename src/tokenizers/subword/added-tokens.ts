/**
 * Added tokens ([CLS], [MASK], <s>, user additions) are found in the raw text before any
 * normalization, longest first, honouring HF's single_word / lstrip / rstrip flags.
 */
import type { JsonCursor } from './json.js';
import { escapeRegex } from './pattern.js';

export interface AddedToken {
  id: number;
  content: string;
  singleWord: boolean;
  lstrip: boolean;
  rstrip: boolean;
  normalized: boolean;
  special: boolean;
}

export interface Segment {
  start: number;
  end: number;
  /** Set when the segment is an added token. */
  added?: AddedToken;
}

export function addedTokensFromJSON(j: JsonCursor): AddedToken[] {
  if (j.isNull()) return [];
  return j.array().map((t) => ({
    id: t.get('id').int(),
    content: t.get('content').string(),
    singleWord: t.get('single_word').bool(false),
    lstrip: t.get('lstrip').bool(false),
    rstrip: t.get('rstrip').bool(false),
    normalized: t.get('normalized').bool(false),
    special: t.get('special').bool(false),
  }));
}

export class AddedTokenMatcher {
  private readonly re: RegExp | null;
  private readonly byContent: Map<string, AddedToken>;

  constructor(tokens: AddedToken[]) {
    this.byContent = new Map(tokens.filter((t) => t.content.length > 0).map((t) => [t.content, t]));
    const sorted = [...this.byContent.values()].sort((a, b) => b.content.length - a.content.length);
    if (sorted.length === 0) {
      this.re = null;
      return;
    }
    const alts = sorted.map((t) => {
      let p = `(${escapeRegex(t.content)})`;
      if (t.singleWord) p = `(?<![\\p{L}\\p{N}_])${p}(?![\\p{L}\\p{N}_])`;
      if (t.lstrip) p = `\\s*${p}`;
      if (t.rstrip) p = `${p}\\s*`;
      return `(?:${p})`;
    });
    this.re = new RegExp(alts.join('|'), 'gu');
  }

  get size(): number {
    return this.byContent.size;
  }

  /** Cuts `text` into plain segments and added-token segments, covering it completely. */
  split(text: string): Segment[] {
    if (this.re === null || text.length === 0) return [{ start: 0, end: text.length }];
    const out: Segment[] = [];
    let at = 0;
    this.re.lastIndex = 0;
    for (let m = this.re.exec(text); m !== null; m = this.re.exec(text)) {
      if (m[0].length === 0) {
        this.re.lastIndex++;
        continue;
      }
      const content = m.slice(1).find((g) => g !== undefined)!;
      if (m.index > at) out.push({ start: at, end: m.index });
      out.push({ start: m.index, end: m.index + m[0].length, added: this.byContent.get(content)! });
      at = m.index + m[0].length;
    }
    if (at < text.length || out.length === 0) out.push({ start: at, end: text.length });
    return out;
  }
}
