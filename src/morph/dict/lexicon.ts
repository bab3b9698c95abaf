/**
 * The runtime lexicon: entries parsed from the lexicon files (built by scripts/morph/build-dict.ts)
 * plus user entries, indexed for the lattice:
 *   - `surfaces`: every written form → its entries (longest-prefix and all-prefix search);
 *   - `stems`: stem-class entries by their written form read backwards (to find the stem that ends
 *     in a contracted syllable: 흘렸 → …흘리);
 *   - `variants`: irregular stems' written forms before a contracted syllable (어려 for 어렵);
 *   - `endings`: ending-class entries by lemma (to continue a contracted syllable: ㅂ → ㅂ니다).
 */
import { KornluError } from '../../errors.js';
import { fnv1a } from '../../hash.js';
import { CodeUnitTrie } from '../../tokenizers/subword/models/trie.js';
import { irregularStemForms } from '../rules/fusion.js';
import { isClosedClass, isEndingTag, isPredicate, isStemTag, TAG_ID, TAGS } from '../tags.js';

export interface Morph {
  lemma: string;
  tag: string;
  tagId: number;
  /**
   * Decoder state after this morpheme: its tag, or — for closed-class morphemes, whose identity
   * the transition features see — an id of its own (see `makeMorph`).
   */
  state: number;
}

const closedIds = new Map<string, number>();
/** The closed-class morpheme of each interned state, by `state - TAGS.length - 1`. */
const closedMorphs: Morph[] = [];
/** Tag id of every decoder state (tags map to themselves): `stateTag` on the decoder's hot path. */
let stateTags = Int32Array.from({ length: 1024 }, (_, s) => (s <= TAGS.length ? s : -1));

/** A morpheme with its decoder state interned. */
export function makeMorph(lemma: string, tag: string, tagId: number): Morph {
  let state = tagId;
  if (isClosedClass(tag)) {
    const key = `${lemma}/${tag}`;
    let id = closedIds.get(key);
    if (id === undefined) {
      closedIds.set(key, (id = closedIds.size));
      closedMorphs.push({ lemma, tag, tagId, state: TAGS.length + 1 + id });
      const st = TAGS.length + 1 + id;
      if (st >= stateTags.length) {
        const more = new Int32Array(stateTags.length * 2);
        more.set(stateTags);
        stateTags = more;
      }
      stateTags[st] = tagId;
    }
    state = TAGS.length + 1 + id;
  }
  return { lemma, tag, tagId, state };
}

/** One more than the largest decoder state made so far. */
export function stateCount(): number {
  return TAGS.length + 1 + closedIds.size;
}

/**
 * The morpheme a closed-class decoder state stands for (`state > TAGS.length`): the decoder works
 * on states and turns them back into morphemes only to name their features.
 */
export function closedMorph(state: number): Morph {
  return closedMorphs[state - TAGS.length - 1]!;
}

/** Tag id of a decoder state (states up to TAGS.length are tags; TAGS.length is the boundary). */
export function stateTag(state: number): number {
  return stateTags[state]!;
}

export const FLAG_IRREGULAR = 1;
export const FLAG_AFTER_VOWEL = 2;
export const FLAG_AFTER_CONSONANT = 4;
export const FLAG_USER = 8;
/** A written form of an irregular stem (들 for 듣): its own node, lemma restored. */
export const FLAG_VARIANT = 16;
/** Derived by the dictionary builder from another entry (XR → XR하/VA). */
export const FLAG_DERIVED = 32;

export interface Entry {
  id: number;
  surface: string;
  morphs: Morph[];
  /** −log probability from the source corpus (lower is more likely). */
  prior: number;
  flags: number;
  /** Irregular-variant rule for FLAG_VARIANT entries and `variants` index entries. */
  rule?: string;
  /** Which lexicon file it came from ('user' for user entries): a model feature. */
  source: string;
}

export interface UserEntry {
  surface: string;
  /** Tag for a single morpheme (lemma = surface). */
  tag?: string;
  /** Or a full analysis: `[['하', 'XSV'], ['였', 'EP']]` — a forced analysis of `surface`. */
  analysis?: Array<[string, string]>;
  /** Prior cost (−log p); lower wins more often. Default 2 (a strong preference). */
  cost?: number;
}

/** Largest |cost| a user entry may give: far beyond any lexicon prior, small enough that path sums stay exact. */
export const USER_COST_LIMIT = 1000;

/**
 * A user entry checked and put in the analyzer's form, or a typed error: an entry that could never
 * match (a space in its surface, a surface only in NFD form) or that would break the path scores
 * (a cost that is not a finite number) must fail loudly rather than be silently dead.
 */
export function checkUserEntry(u: UserEntry): { surface: string; morphs: Morph[]; cost: number } {
  const bad = (why: string) => new KornluError('INVALID_ARGUMENT', `user entry ${JSON.stringify(u?.surface)}: ${why}`);
  if (typeof u?.surface !== 'string' || u.surface.length === 0) throw new KornluError('INVALID_ARGUMENT', 'user entry needs a non-empty surface');
  // The analyzer reads NFC text and splits it at White_Space (src/text/chars.ts): match what it will see.
  const surface = u.surface.normalize('NFC');
  if (/\p{White_Space}/u.test(surface)) throw bad('the surface contains whitespace; eojeols are split there, so it could never match');
  if (u.cost !== undefined && (typeof u.cost !== 'number' || !Number.isFinite(u.cost) || Math.abs(u.cost) > USER_COST_LIMIT)) {
    throw bad(`cost must be a finite number within ±${USER_COST_LIMIT}`);
  }
  if (u.analysis !== undefined && (!Array.isArray(u.analysis) || u.analysis.length === 0)) throw bad('analysis must be a non-empty list of [lemma, tag]');
  const analysis = u.analysis ?? [[surface, u.tag ?? 'NNP']];
  const morphs = analysis.map((pair) => {
    const [lemma, tag] = Array.isArray(pair) ? pair : [];
    if (typeof lemma !== 'string' || lemma.length === 0) throw bad('every morpheme needs a non-empty lemma');
    const tagId = typeof tag === 'string' ? TAG_ID.get(tag) : undefined;
    if (tagId === undefined) throw bad(`unknown tag ${tag}`);
    return makeMorph(lemma.normalize('NFC'), tag!, tagId);
  });
  return { surface, morphs, cost: u.cost ?? 2 };
}

const reverse = (s: string) => s.split('').reverse().join('');

/** Entry ids grouped per trie value, flattened: list k is `ids[start[k] … start[k + 1])`. */
export interface IdLists {
  start: Int32Array;
  ids: Int32Array;
}

function toIdLists(lists: number[][]): IdLists {
  const start = new Int32Array(lists.length + 1);
  let n = 0;
  lists.forEach((l, k) => {
    start[k] = n;
    n += l.length;
  });
  start[lists.length] = n;
  const ids = new Int32Array(n);
  lists.forEach((l, k) => ids.set(l, start[k]!));
  return { start, ids };
}

const INDEX_MAGIC = 0x58454c4b; // "KLEX"
const INDEX_VERSION = 1;
const TRIES = ['surfaces', 'stems', 'variants', 'endings'] as const;

interface IndexHeader {
  version: number;
  /** Per lexicon file: name, length in UTF-16 units, FNV-1a hash, number of entries. */
  files: Array<{ name: string; chars: number; hash: number; entries: number }>;
  /** Entries the index step adds (irregular written forms): base entry, written form, rule. */
  variants: Array<[number, string, string]>;
  /** Typed-array sections in order: name, element type, length. */
  sections: Array<[string, 'i32' | 'u16' | 'u8', number]>;
}

export class Lexicon {
  /** Materialized entries; with a compiled index, filled on first use (`entry(id)`). */
  private entries: Array<Entry | undefined> = [];
  private count = 0;
  private bySurface = new Map<string, number[]>();
  surfaces!: CodeUnitTrie;
  stems!: CodeUnitTrie;
  variants!: CodeUnitTrie;
  endings!: CodeUnitTrie;
  surfaceLists!: IdLists;
  stemLists!: IdLists;
  variantLists!: IdLists;
  endingLists!: IdLists;
  /** Entries read from the files; those after them are irregular written forms (`variantEntries`). */
  private fileEntries = 0;
  /** The index step's extra entries: base entry, written form, rule (what a compiled index stores). */
  private variantEntries: IndexHeader['variants'] = [];
  /** Lazy mode: where each file entry's line starts, and the file texts. */
  private lazy: { texts: string[]; names: string[]; fileOf: Uint8Array; lineStart: Int32Array } | null = null;

  get size(): number {
    return this.count;
  }

  /** Entry `id` (parsed on first use when the lexicon came from a compiled index). */
  entry(id: number): Entry {
    const e = this.entries[id];
    if (e) return e;
    if (!this.lazy || !(id >= 0 && id < this.count)) throw new KornluError('INVALID_ARGUMENT', `no lexicon entry ${id}`);
    return (this.entries[id] = this.materialize(id));
  }

  /** Parses lexicon files (TSV text); `name` only labels error messages. */
  static fromTSV(files: Array<{ name: string; text: string }>, user: UserEntry[] = []): Lexicon {
    const lex = new Lexicon();
    for (const { name, text } of files) lex.parse(name, text);
    for (const u of user) lex.addUser(u);
    lex.index();
    return lex;
  }

  private parse(name: string, text: string): void {
    const source = sourceName(name);
    let lineNo = 0;
    // indexOf-based scanning: about twice as fast as split() on 100k-line files.
    for (let at = 0; at < text.length; ) {
      let nl = text.indexOf('\n', at);
      if (nl < 0) nl = text.length;
      lineNo++;
      if (nl > at && text.charCodeAt(at) !== 35 /* # */) {
        const { surface, morphs, prior, flags } = parseLine(text, at, nl, name, lineNo);
        this.push(surface, morphs, prior, flags, source);
      }
      at = nl + 1;
    }
  }

  private push(surface: string, morphs: Morph[], prior: number, flags: number, source: string, rule?: string): Entry {
    const e: Entry = { id: this.count++, surface, morphs, prior, flags, source, ...(rule ? { rule } : {}) };
    this.entries.push(e);
    let list = this.bySurface.get(surface);
    if (!list) this.bySurface.set(surface, (list = []));
    list.push(e.id);
    return e;
  }

  /** Adds a user word (before `index()`, or through `withUserEntries`). */
  private addUser(u: UserEntry): void {
    const { surface, morphs, cost } = checkUserEntry(u);
    this.push(surface, morphs, cost, FLAG_USER, 'user');
  }

  private index(): void {
    this.fileEntries = this.count;
    // Written forms of ㄷ/ㅅ-irregular stems are entries of their own (들 → 듣/VV).
    const variantIndex: Array<[string, number]> = [];
    for (const e of this.entries.slice()) {
      if (!e || e.morphs.length !== 1 || !isPredicate(e.morphs[0]!.tag)) continue;
      for (const { written, rule } of irregularStemForms(e.surface, (e.flags & FLAG_IRREGULAR) !== 0)) {
        if (rule === 'd-irr' || rule === 's-irr' || rule === 'l-drop') {
          this.push(written, e.morphs, e.prior, FLAG_VARIANT, e.source, rule);
          this.variantEntries.push([e.id, written, rule]);
        } else variantIndex.push([written, e.id]);
      }
    }
    const lists: number[][] = [];
    const surfaceKeys: Array<[string, number]> = [];
    for (const [s, ids] of this.bySurface) {
      surfaceKeys.push([s, lists.length]);
      lists.push(ids);
    }
    this.surfaces = new CodeUnitTrie(surfaceKeys);
    this.surfaceLists = toIdLists(lists);
    const all = this.entries as Entry[];
    [this.stems, this.stemLists] = buildIndex(all.filter((e) => e.morphs.length === 1 && isStemTag(e.morphs[0]!.tag) && !(e.flags & FLAG_VARIANT)).map((e) => [reverse(e.surface), e.id]));
    [this.variants, this.variantLists] = buildIndex(variantIndex.map(([w, id]) => [reverse(w), id]));
    [this.endings, this.endingLists] = buildIndex(all.filter((e) => e.morphs.length === 1 && isEndingTag(e.morphs[0]!.tag)).map((e) => [e.morphs[0]!.lemma, e.id]));
    this.bySurface = new Map();
  }

  /**
   * The lookup structures as bytes (tries and entry-id lists), so a runtime can skip building
   * them: `fromCompiled` with the same files gives the same analyses, entry ids included. Stored
   * compactly: per trie node its child count and whether a key ends there, lists renumbered in
   * node order (so the k-th key-ending node owns list k) and kept as lengths. Not for lexicons
   * with user entries.
   */
  compile(files: Array<{ name: string; text: string }>): Uint8Array {
    if (this.entries.some((e) => e?.source === 'user')) throw new KornluError('INVALID_ARGUMENT', 'a lexicon with user entries cannot be compiled');
    const header: IndexHeader = { version: INDEX_VERSION, files: [], variants: this.variantEntries, sections: [] };
    let total = 0;
    for (const { name, text } of files) {
      const n = lineStarts(text).length;
      total += n;
      header.files.push({ name, chars: text.length, hash: fnv1a(text), entries: n });
    }
    if (total !== this.fileEntries) throw new KornluError('INVALID_ARGUMENT', 'compile: the files are not the ones this lexicon was built from');
    const arrays: Array<[string, Uint8Array | Uint16Array | Int32Array]> = [];
    for (const t of TRIES) {
      const { first, chars, values } = this[t].toArrays();
      const lists = this[listsOf(t)];
      const nodes = first.length;
      const counts = new Uint16Array(nodes);
      const ends = new Uint8Array((nodes + 7) >> 3);
      const lengths: number[] = [];
      const ids: number[] = [];
      for (let q = 0; q < nodes; q++) {
        const c = (q + 1 < nodes ? first[q + 1]! : nodes - 1) - first[q]!;
        if (c > 0xffff) throw new KornluError('INVALID_ARGUMENT', 'compile: a trie node has more than 65,535 children');
        counts[q] = c;
        const v = values[q]!;
        if (v < 0) continue;
        ends[q >> 3]! |= 1 << (q & 7);
        const from = lists.start[v]!, to = lists.start[v + 1]!;
        lengths.push(to - from);
        for (let k = from; k < to; k++) ids.push(lists.ids[k]!);
      }
      if (lengths.some((n) => n > 0xffff)) throw new KornluError('INVALID_ARGUMENT', 'compile: an id list is longer than 65,535');
      arrays.push([`${t}.counts`, counts], [`${t}.chars`, chars], [`${t}.ends`, ends], [`${t}.lengths`, Uint16Array.from(lengths)], [`${t}.ids`, Int32Array.from(ids)]);
    }
    header.sections = arrays.map(([name, a]) => [name, a instanceof Uint8Array ? 'u8' : a instanceof Uint16Array ? 'u16' : 'i32', a.length]);
    const json = new TextEncoder().encode(JSON.stringify(header));
    let size = align4(12 + json.length);
    for (const [, a] of arrays) size += align4(a.byteLength);
    const out = new Uint8Array(size);
    const view = new DataView(out.buffer);
    view.setUint32(0, INDEX_MAGIC, true);
    view.setUint32(4, INDEX_VERSION, true);
    view.setUint32(8, json.length, true);
    out.set(json, 12);
    let at = align4(12 + json.length);
    for (const [, a] of arrays) {
      out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), at);
      at += align4(a.byteLength);
    }
    return out;
  }

  /**
   * A lexicon from its files and their compiled index: no parsing or trie building at load;
   * entries are parsed when first looked up. The index must have been compiled from exactly these
   * files (checked by length and hash).
   */
  static fromCompiled(files: Array<{ name: string; text: string }>, bytes: Uint8Array): Lexicon {
    const bad = (why: string) => new KornluError('INVALID_MODEL_FILE', `analyzer index: ${why}`);
    if (bytes.length < 12) throw bad('too short');
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (view.getUint32(0, true) !== INDEX_MAGIC) throw bad('not a kornlu analyzer index');
    if (view.getUint32(4, true) !== INDEX_VERSION) throw bad(`version ${view.getUint32(4, true)}, expected ${INDEX_VERSION}`);
    const jsonLen = view.getUint32(8, true);
    if (12 + jsonLen > bytes.length) throw bad('truncated header');
    let header: IndexHeader;
    try {
      header = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + jsonLen))) as IndexHeader;
    } catch {
      throw bad('corrupt header');
    }
    if (!Array.isArray(header.files) || !Array.isArray(header.sections) || !Array.isArray(header.variants)) throw bad('corrupt header');
    if (header.files.length !== files.length) throw bad(`built for ${header.files.length} lexicon files, given ${files.length}`);
    const fileTotal = header.files.reduce((n, f) => n + f.entries, 0);
    // Variants point at file entries only, so materializing one never recurses.
    for (const v of header.variants) {
      if (!Array.isArray(v) || !Number.isInteger(v[0]) || v[0] < 0 || v[0] >= fileTotal || typeof v[1] !== 'string' || typeof v[2] !== 'string') throw bad('corrupt variant entry');
    }
    header.files.forEach((f, i) => {
      const { name, text } = files[i]!;
      if (f.name !== name || f.chars !== text.length || f.hash !== fnv1a(text)) {
        throw new KornluError('MODEL_MISMATCH', `analyzer index was compiled from another ${name}; rebuild it (npm run build:morph-index)`);
      }
    });
    // Sections: 4-byte aligned typed arrays, copied out so they do not pin the file's buffer.
    let at = align4(12 + jsonLen);
    const sec = new Map<string, Uint8Array | Uint16Array | Int32Array>();
    for (const [name, type, length] of header.sections) {
      const width = type === 'u8' ? 1 : type === 'u16' ? 2 : 4;
      if (!Number.isInteger(length) || length < 0 || at + length * width > bytes.length) throw bad(`section ${name} is truncated`);
      // A copy through the constructor (Buffer#slice would be a view into a shared pool).
      const copy = new Uint8Array(bytes.subarray(at, at + length * width));
      sec.set(name, type === 'u8' ? copy : type === 'u16' ? new Uint16Array(copy.buffer) : new Int32Array(copy.buffer));
      at += align4(length * width);
    }
    const get = <T extends Uint8Array | Uint16Array | Int32Array>(name: string, type: new (n: number) => T): T => {
      const a = sec.get(name);
      if (!(a instanceof type)) throw bad(`missing section ${name}`);
      return a as T;
    };
    const lex = new Lexicon();
    // Entry lines are found again by scanning for newlines (cheaper than storing their offsets).
    const starts = files.map((f) => lineStarts(f.text));
    starts.forEach((s2, i) => {
      if (s2.length !== header.files[i]!.entries) throw bad('entry counts do not match the files');
    });
    const fileEntries = starts.reduce((n, s2) => n + s2.length, 0);
    const lineStart = new Int32Array(fileEntries);
    const fileOf = new Uint8Array(fileEntries);
    let e = 0;
    starts.forEach((s2, i) => {
      lineStart.set(s2, e);
      fileOf.fill(i, e, e + s2.length);
      e += s2.length;
    });
    lex.count = fileEntries + header.variants.length;
    // Dense from the start: filling a sparse array at random ids would turn it into a slow dictionary.
    lex.entries = new Array<Entry | undefined>(lex.count).fill(undefined);
    lex.fileEntries = fileEntries;
    lex.variantEntries = header.variants;
    lex.lazy = { texts: files.map((f) => f.text), names: files.map((f) => f.name), fileOf, lineStart };
    for (const t of TRIES) {
      const counts = get(`${t}.counts`, Uint16Array);
      const ends = get(`${t}.ends`, Uint8Array);
      const lengths = get(`${t}.lengths`, Uint16Array);
      const ids = get(`${t}.ids`, Int32Array);
      const nodes = counts.length;
      const first = new Int32Array(nodes);
      const values = new Int32Array(nodes);
      let slot = 0, list = 0;
      for (let q = 0; q < nodes; q++) {
        first[q] = slot;
        slot += counts[q]!;
        values[q] = (ends[q >> 3]! >> (q & 7)) & 1 ? list++ : -1;
      }
      if (list !== lengths.length || slot !== nodes - 1 || ends.length !== (nodes + 7) >> 3) throw bad(`${t}: trie and lists do not fit together`);
      const start = new Int32Array(list + 1);
      for (let k = 0; k < list; k++) start[k + 1] = start[k]! + lengths[k]!;
      if (start[list] !== ids.length) throw bad(`${t}: id lists do not add up`);
      for (const id of ids) if (!(id >= 0 && id < lex.count)) throw bad(`${t}: entry id out of range`);
      try {
        lex[t] = new CodeUnitTrie({ first, chars: get(`${t}.chars`, Uint16Array), values });
      } catch (err) {
        throw bad(`${t}: ${(err as Error).message}`);
      }
      lex[listsOf(t)] = { start, ids };
    }
    return lex;
  }

  private materialize(id: number): Entry {
    const z = this.lazy!;
    if (id >= this.fileEntries) {
      const [base, written, rule] = this.variantEntries[id - this.fileEntries]!;
      const b = this.entry(base);
      return { id, surface: written, morphs: b.morphs, prior: b.prior, flags: FLAG_VARIANT, source: b.source, rule };
    }
    const f = z.fileOf[id]!;
    const text = z.texts[f]!;
    const at = z.lineStart[id]!;
    let nl = text.indexOf('\n', at);
    if (nl < 0) nl = text.length;
    const { surface, morphs, prior, flags } = parseLine(text, at, nl, z.names[f]!, id);
    return { id, surface, morphs, prior, flags, source: sourceName(z.names[f]!) };
  }
}

function buildIndex(pairs: Array<[string, number]>): [CodeUnitTrie, IdLists] {
  const byKey = new Map<string, number[]>();
  for (const [k, id] of pairs) {
    let l = byKey.get(k);
    if (!l) byKey.set(k, (l = []));
    l.push(id);
  }
  const keys: Array<[string, number]> = [];
  const lists: number[][] = [];
  for (const [k, ids] of byKey) {
    keys.push([k, lists.length]);
    lists.push(ids);
  }
  return [new CodeUnitTrie(keys), toIdLists(lists)];
}

const align4 = (n: number) => (n + 3) & ~3;
const listsOf = (t: (typeof TRIES)[number]) => `${t.slice(0, -1)}Lists` as 'surfaceLists' | 'stemLists' | 'variantLists' | 'endingLists';

/** Where each entry line (not empty, not a # comment) of a lexicon file starts. */
function lineStarts(text: string): Int32Array {
  const out: number[] = [];
  for (let at = 0; at < text.length; ) {
    let nl = text.indexOf('\n', at);
    if (nl < 0) nl = text.length;
    if (nl > at && text.charCodeAt(at) !== 35 /* # */) out.push(at);
    at = nl + 1;
  }
  return Int32Array.from(out);
}

const sourceName = (file: string) => file.replace(/^lex-|\.tsv(\.gz)?$/g, '');

/** One lexicon line `surface \t analysis \t prior [\t flags]` in text[at, nl). */
function parseLine(text: string, at: number, nl: number, name: string, lineNo: number): { surface: string; morphs: Morph[]; prior: number; flags: number } {
  const t1 = text.indexOf('\t', at);
  const t2 = t1 < 0 || t1 > nl ? -1 : text.indexOf('\t', t1 + 1);
  if (t2 < 0 || t2 > nl) throw new KornluError('INVALID_ARGUMENT', `lexicon ${name}:${lineNo}: expected surface, analysis, prior`);
  let t3 = text.indexOf('\t', t2 + 1);
  if (t3 < 0 || t3 > nl) t3 = nl;
  const morphs = parseAnalysis(text.slice(t1 + 1, t2), name, lineNo);
  const prior = +text.slice(t2 + 1, t3);
  if (!Number.isFinite(prior) || t3 === t2 + 1) throw new KornluError('INVALID_ARGUMENT', `lexicon ${name}:${lineNo}: prior is not a number`);
  let flags = 0;
  for (let k = t3 + 1; k < nl; k++) {
    const c = text[k];
    flags |= c === 'I' ? FLAG_IRREGULAR : c === 'V' ? FLAG_AFTER_VOWEL : c === 'C' ? FLAG_AFTER_CONSONANT : c === 'D' ? FLAG_DERIVED : 0;
  }
  return { surface: text.slice(at, t1), morphs, prior, flags };
}


export function parseAnalysis(analysis: string, file: string, line: number): Morph[] {
  // Split on '+' only after a tag, so a lemma may itself be '+' (+/SW); one morpheme is the common case.
  const parts = analysis.indexOf('+', 1) < 0 ? [analysis] : analysis.split(/(?<=\/[A-Z]{2,3})\+/);
  return parts.map((part) => {
    const slash = part.lastIndexOf('/');
    const lemma = part.slice(0, slash);
    const tag = part.slice(slash + 1);
    const tagId = TAG_ID.get(tag);
    if (slash <= 0 || tagId === undefined) throw new KornluError('INVALID_ARGUMENT', `lexicon ${file}:${line}: bad analysis "${analysis}"`);
    return makeMorph(lemma, tag, tagId);
  });
}
