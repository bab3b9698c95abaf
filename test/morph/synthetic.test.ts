/**
 * The analyzer on a tiny hand-written dictionary and hand-set weights (as kuromoji.js tests do):
 * contraction and irregular rules, unknown words, user dictionary, n-best, offsets.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KornluError, MorphAnalyzer } from '../../src/index.js';
import { Lexicon } from '../../src/morph/dict/lexicon.js';
import { Weights } from '../../src/morph/model.js';
import { Scorer } from '../../src/morph/scorer.js';
import { TAGS } from '../../src/morph/tags.js';
import { decode } from '../../src/morph/viterbi/decode.js';
import { decodeBest } from '../../src/morph/viterbi/best.js';
import { allNodes, buildLattice, forEachMorpheme, latticeNode, type LatticeNode } from '../../src/morph/viterbi/lattice.js';
import { decodeNBest } from '../../src/morph/viterbi/nbest.js';
import { adversarial } from '../helpers/arbitraries.js';
import { expectExactOffsets } from '../helpers/invariants.js';

const LEXICON = [
  '눈물\t눈물/NNG\t8\t',
  '을\t을/JKO\t3\tC',
  '를\t를/JKO\t3\tV',
  '흘리\t흘리/VV\t9\t',
  '었\t었/EP\t4\t',
  '였\t였/EP\t6\t',
  '다\t다/EF\t3\t',
  '하\t하/XSV\t4\t',
  '시작\t시작/NNG\t8\t',
  'ㄴ\tㄴ/ETM\t4\t',
  '어렵\t어렵/VA\t9\tI',
  '어\t어/EC\t4\t',
  '듣\t듣/VV\t9\tI',
  '학교\t학교/NNG\t8\t',
  '이\t이/VCP\t5\t',
  '.\t./SF\t2\t',
].join('\n');

const analyzer = (user: ConstructorParameters<typeof MorphAnalyzer>[1] = []) =>
  new MorphAnalyzer({ lexicons: [{ name: 'lex-test.tsv', text: LEXICON }], weights: { P: 1 } }, user);

const pos = (morphs: Array<{ lemma: string; tag: string }>) => morphs.map((m) => `${m.lemma}/${m.tag}`).join(' ');

describe('MorphAnalyzer on a synthetic dictionary', () => {
  const ma = analyzer();

  it('restores a contracted syllable to stem + ending, both spanning it', () => {
    const morphs = ma.analyze('눈물을 흘렸다.');
    expect(pos(morphs)).toBe('눈물/NNG 을/JKO 흘리/VV 었/EP 다/EF ./SF');
    const [stem, ep] = [morphs[2]!, morphs[3]!];
    expect([stem.start, stem.end, stem.text]).toEqual([4, 6, '흘렸']);
    expect([ep.start, ep.end, ep.text]).toEqual([5, 6, '렸']);
  });

  it('applies 하 + 였 → 했, final-consonant endings and irregular stems', () => {
    expect(pos(ma.analyze('시작했다'))).toBe('시작/NNG 하/XSV 였/EP 다/EF');
    expect(pos(ma.analyze('시작한'))).toBe('시작/NNG 하/XSV ㄴ/ETM');
    expect(pos(ma.analyze('어려워'))).toBe('어렵/VA 어/EC');
    expect(pos(ma.analyze('들어'))).toBe('듣/VV 어/EC');
    // With these hand weights the direct 였/EP reading wins; the copula contraction is still offered.
    expect(ma.nbest('학교였다', 4).map(pos)).toContain('학교/NNG 이/VCP 었/EP 다/EF');
  });

  it('gives unknown words a class-based analysis', () => {
    const morphs = ma.analyze('BTS 2024 漢字 👍🏽');
    expect(morphs.map((m) => m.tag)).toEqual(['SL', 'SN', 'SH', 'SW']);
    expect(morphs.map((m) => m.text)).toEqual(['BTS', '2024', '漢字', '👍🏽']);
  });

  it('honours user entries, including forced analyses', () => {
    const custom = ma.withUserEntries([{ surface: '여름휴가', tag: 'NNG' }, { surface: '했다', analysis: [['하', 'VV'], ['였', 'EP'], ['다', 'EF']] }]);
    expect(pos(custom.analyze('여름휴가'))).toBe('여름휴가/NNG');
    expect(pos(custom.analyze('했다'))).toBe('하/VV 였/EP 다/EF');
    expect(() => ma.withUserEntries([{ surface: '', tag: 'NNG' }])).toThrow(KornluError);
    expect(() => ma.withUserEntries([{ surface: 'x', tag: 'XYZ' }])).toThrow(/unknown tag/);
  });

  it('rejects user entries that could never match or would break the scores, with typed errors', () => {
    const rejects = (u: unknown, msg: RegExp) => {
      let err: unknown;
      try {
        ma.withUserEntries([u as never]);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(KornluError);
      expect((err as KornluError).code).toBe('INVALID_ARGUMENT');
      expect((err as Error).message).toMatch(msg);
    };
    rejects({ surface: '여름 휴가', tag: 'NNG' }, /whitespace/);
    rejects({ surface: '여름\t휴가', tag: 'NNG' }, /whitespace/);
    rejects({ surface: '했다', analysis: [] }, /non-empty list/);
    rejects({ surface: '했다', analysis: [['', 'VV']] }, /non-empty lemma/);
    rejects({ surface: '했다', analysis: [['하']] }, /unknown tag/);
    for (const cost of [NaN, Infinity, -Infinity, 1e308, -1001, '1' as unknown as number]) rejects({ surface: '여름휴가', tag: 'NNG', cost }, /cost/);
    rejects(null, /non-empty surface/);
    // The limits themselves are accepted and still give a sane analysis.
    expect(pos(ma.withUserEntries([{ surface: '여름휴가', tag: 'NNG', cost: -1000 }]).analyze('여름휴가를'))).toBe('여름휴가/NNG 를/JKO');
  });

  it('normalizes user entries to NFC, as the analyzer reads text', () => {
    const nfd = '여름휴가'.normalize('NFD');
    const custom = ma.withUserEntries([{ surface: nfd, analysis: [[nfd, 'NNG']] }]);
    const morphs = custom.analyze('여름휴가');
    expect(pos(morphs)).toBe('여름휴가/NNG');
    expect(morphs[0]!.lemma).toBe('여름휴가'); // NFC, like every other lemma
    expect(pos(custom.analyze(nfd))).toBe('여름휴가/NNG');
  });

  it('returns distinct n-best analyses, best first', () => {
    const paths = ma.nbest('흘렸다', 3);
    expect(paths.length).toBeGreaterThan(1);
    expect(pos(paths[0]!)).toBe(pos(ma.analyze('흘렸다')));
    expect(new Set(paths.map(pos)).size).toBe(paths.length);
    expect(() => ma.nbest('흘렸다', 1001)).toThrow(/at most 1000/);
    expect(() => ma.nbest('흘렸다 '.repeat(30_000), 100)).toThrow(/n × text length/);
    expect(() => ma.nbest('흘렸다', 0)).toThrow(KornluError);
  });

  it('covers every non-space character with exact offsets, on any input (1-best and n-best)', () => {
    fc.assert(
      fc.property(adversarial, (s) => {
        // The best analysis and each of the n best.
        const best = ma.analyze(s);
        const nbest = ma.nbest(s, 3);
        expect(nbest[0]).toEqual(best);
        for (const morphs of nbest) {
          expectExactOffsets(s, morphs);
          const covered = new Array<boolean>(s.length).fill(false);
          for (const m of morphs) for (let i = m.start; i < m.end; i++) covered[i] = true;
          for (let i = 0; i < s.length; i++) if (!/\s/u.test(s[i]!)) expect(covered[i]).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('scores every lattice node as the weighted sum of its features (words, contractions, copulas, unknowns)', () => {
    const lex = Lexicon.fromTSV([{ name: 'lex-test.tsv', text: LEXICON }]);
    const texts = fc.array(fc.constantFrom('눈물을', '흘렸다', '시작했다', '시작한', '어려워', '들어', '학교다', '학교였다', 'ㅋ', 'A1', '😀', '.', ' '), { maxLength: 10 });
    fc.assert(
      fc.property(fc.integer(), texts, (seed, parts) => {
        const text = parts.join('');
        // Every feature any node of this text has, under seeded random weights.
        const keys = new Set<string>();
        for (const n of allNodes(buildLattice(text, lex, new Scorer(new Weights(), true)))) for (const k of n.features!.keys()) keys.add(k);
        let x = seed >>> 0 || 1;
        const next = () => ((x = (Math.imul(x, 1103515245) + 12345) >>> 0) >>> 8) / 2 ** 24 - 0.5;
        const w = new Weights(Object.fromEntries([...keys].map((k) => [k, next()])));
        const lat = buildLattice(text, lex, new Scorer(w, true));
        for (const n of allNodes(lat)) expect(n.score).toBeCloseTo(w.score(n.features!), 9);
        // The inference lattice (fewer contracted readings kept, scores cached) scores its nodes the same.
        const key = (n: LatticeNode) => `${n.start}:${n.end}:${n.fuse}:${pos(n.morphs)}`;
        const trained = new Map<string, number[]>();
        for (const n of allNodes(lat)) trained.set(key(n), [...(trained.get(key(n)) ?? []), n.score]);
        // (A word and an unknown word can share span and analysis: any of the key's scores.)
        for (const n of allNodes(buildLattice(text, lex, new Scorer(w, false)))) expect(trained.get(key(n))!.some((s) => Math.abs(s - n.score) < 1e-9)).toBe(true);
      }),
      { numRuns: 100 },
    );
  });

  it('finds a best path with the fast 1-best decoder, as the general one does, under any weights', () => {
    // Random weights on every transition feature the lattice can meet (tag bigrams, closed-class
    // contexts and pairs), so the fast decoder's grouped and tabled transitions all matter.
    const closed = ['을/JKO', '를/JKO', '었/EP', '였/EP', '다/EF', '하/XSV', 'ㄴ/ETM', '어/EC', '이/VCP'];
    const tags = [...TAGS, 'BOS', 'EOS'];
    const keys = [
      ...tags.flatMap((a) => tags.flatMap((b) => [`B|${a}|${b}|0`, `B|${a}|${b}|1`])),
      ...closed.flatMap((m) => tags.flatMap((t) => [`J|${t}|${m}`, `K|${m}|${t}`])),
      ...closed.flatMap((a) => closed.map((b) => `C|${a}|${b}`)),
    ];
    const syllables = fc.array(fc.constantFrom('눈물', '을', '를', '흘렸', '다', '시작', '했', '한', '어려워', '들어', '학교', '였', '이', '.', ' ', 'ㅋ', 'A1', '😀'), { maxLength: 14 });
    // Sparse weights from a few round values, so exact ties are common.
    const weightsFrom = (seed: number) => {
      let x = seed >>> 0 || 1;
      const next = () => ((x = (Math.imul(x, 1103515245) + 12345) >>> 0) >>> 8) / 2 ** 24;
      return Object.fromEntries(keys.map((k) => [k, next() < 0.3 ? [-1, -0.5, 0.5, 1][Math.floor(next() * 4)]! : 0]));
    };
    fc.assert(
      fc.property(fc.integer(), syllables, (seed, parts) => {
        const weights = new Weights(weightsFrom(seed));
        const sc = new Scorer(weights, false);
        const lat = buildLattice(parts.join(''), Lexicon.fromTSV([{ name: 'lex-test.tsv', text: LEXICON }]), sc);
        // Both must find a best path: equal total scores (paths may differ only between exact ties).
        const total = (p: LatticeNode[]) => {
          let s = 0;
          let prev: LatticeNode | null = null;
          for (const n of p) {
            const space = prev !== null && lat.eojeols.some((e) => e.start === n.start);
            s += sc.transition(prev ? prev.morphs[prev.morphs.length - 1]! : null, n.morphs[0]!, space) + n.score;
            prev = n;
          }
          return s + sc.transition(prev ? prev.morphs[prev.morphs.length - 1]! : null, null, false);
        };
        expect(total(decode(lat, sc)[0]!)).toBeCloseTo(total(decode(lat, sc, { nbest: 1, beam: Infinity })[0]!), 9);
      }),
      { numRuns: 300 },
    );
  });

  it('lists the n best distinct analyses in score order, as an exhaustive search does, under any weights', () => {
    const tags = [...TAGS, 'BOS', 'EOS'];
    const keys = tags.flatMap((a) => tags.flatMap((b) => [`B|${a}|${b}|0`, `B|${a}|${b}|1`]));
    const pieces = fc.array(fc.constantFrom('눈물', '을', '흘렸', '다', '시작', '했', '한', '어려워', '학교', '이', ' ', 'ㅋ', 'A1'), { maxLength: 8 });
    fc.assert(
      fc.property(fc.integer(), pieces, fc.integer({ min: 2, max: 6 }), (seed, parts, n) => {
        let x = seed >>> 0 || 1;
        const next = () => ((x = (Math.imul(x, 1103515245) + 12345) >>> 0) >>> 8) / 2 ** 24;
        const sc = new Scorer(new Weights(Object.fromEntries(keys.map((k) => [k, next() < 0.3 ? next() * 2 - 1 : 0]))), false);
        const lat = buildLattice(parts.join(''), Lexicon.fromTSV([{ name: 'lex-test.tsv', text: LEXICON }]), sc);
        const output = (rows: number[]) => {
          const parts: string[] = [];
          for (const r of rows) forEachMorpheme(lat, r, (m, a) => parts.push(`${a},${m.lemma}/${m.tag}`));
          return parts.join(' ');
        };
        const total = (rows: number[]) => {
          let s = 0;
          let prev: LatticeNode | null = null;
          for (const n of rows.map((r) => latticeNode(lat, r))) {
            const space = prev !== null && lat.eojeols.some((e) => e.start === n.start);
            s += sc.transition(prev ? prev.morphs[prev.morphs.length - 1]! : null, n.morphs[0]!, space) + n.score;
            prev = n;
          }
          return s + sc.transition(prev ? prev.morphs[prev.morphs.length - 1]! : null, null, false);
        };
        // Exhaustive: the K best node paths (exact with an unbounded beam), best score per analysis.
        const K = 400;
        const all = decode(lat, sc, { nbest: K, beam: Infinity }).map((p) => p.map((node) => node.index));
        const floor = all.length === K ? total(all[K - 1]!) : -Infinity; // analyses above it are all known
        const bestOf = new Map<string, number>();
        for (const p of all) bestOf.set(output(p), Math.max(bestOf.get(output(p)) ?? -Infinity, total(p)));
        const known = [...bestOf.values()].filter((v) => v > floor + 1e-9).sort((a, b) => b - a);
        const got = decodeNBest(lat, sc, n);
        expect(output(got[0]!)).toBe(output(decodeBest(lat, sc)));
        expect(new Set(got.map(output)).size).toBe(got.length);
        for (const p of got) expect(total(p)).toBeCloseTo(bestOf.get(output(p)) ?? NaN, 6); // its best spelling
        for (let i = 0; i < Math.min(n, known.length); i++) expect(total(got[i]!)).toBeCloseTo(known[i]!, 6);
        if (floor === -Infinity) expect(got.length).toBe(Math.min(n, bestOf.size));
      }),
      { numRuns: 200 },
    );
  });

  it('rejects bad lexicon files and non-strings with typed errors', () => {
    expect(() => new MorphAnalyzer({ lexicons: [{ name: 'bad.tsv', text: 'x\tx/NOPE\t1\t' }], weights: {} })).toThrow(/bad.tsv:1: bad analysis/);
    expect(() => new MorphAnalyzer({ lexicons: [{ name: 'bad.tsv', text: 'x\tx/NNG\tabc\t' }], weights: {} })).toThrow(/prior is not a number/);
    expect(() => ma.analyze(undefined as never)).toThrow(KornluError);
  });
});

/** The JSON header of a compiled index (bytes 12… after magic, version and length). */
function readHeader(index: Uint8Array): unknown {
  const len = new DataView(index.buffer, index.byteOffset).getUint32(8, true);
  return JSON.parse(new TextDecoder().decode(index.subarray(12, 12 + len)));
}

/** The same index with another header (sections re-aligned after it). */
function withHeader(index: Uint8Array, header: unknown): Uint8Array {
  const oldLen = new DataView(index.buffer, index.byteOffset).getUint32(8, true);
  const json = new TextEncoder().encode(JSON.stringify(header));
  const sections = index.subarray((12 + oldLen + 3) & ~3);
  const at = (12 + json.length + 3) & ~3;
  const out = new Uint8Array(at + sections.length);
  out.set(index.subarray(0, 12));
  new DataView(out.buffer).setUint32(8, json.length, true);
  out.set(json, 12);
  out.set(sections, at);
  return out;
}

describe('compiled lexicon index', () => {
  const files = [{ name: 'lex-test.tsv', text: LEXICON }];
  const index = Lexicon.fromTSV(files).compile(files);
  const compiled = new MorphAnalyzer({ lexicons: files, weights: { P: 1 }, index });
  const plain = analyzer();

  it('gives exactly the analyses of the lexicon it was compiled from, on any input', () => {
    for (const s of ['눈물을 흘렸다.', '시작했다', '어려워', '들어', '학교다', '학교였다']) expect(compiled.nbest(s, 3)).toEqual(plain.nbest(s, 3));
    fc.assert(
      fc.property(adversarial, (s) => {
        expect(compiled.analyze(s)).toEqual(plain.analyze(s));
      }),
      { numRuns: 200 },
    );
  });

  it('refuses other lexicon files, corrupt bytes and user lexicons with typed errors', () => {
    const other = [{ name: 'lex-test.tsv', text: LEXICON.replace('눈물\t눈물/NNG\t8', '눈물\t눈물/NNG\t9') }];
    expect(() => Lexicon.fromCompiled(other, index)).toThrow(expect.objectContaining({ code: 'MODEL_MISMATCH' }));
    expect(() => Lexicon.fromCompiled(files, index.subarray(0, 8))).toThrow(expect.objectContaining({ code: 'INVALID_MODEL_FILE' }));
    expect(() => Lexicon.fromCompiled(files, index.subarray(0, index.length - 40))).toThrow(/truncated|do not/);
    const flipped = index.slice();
    flipped[0] = 0;
    expect(() => Lexicon.fromCompiled(files, flipped)).toThrow(/not a kornlu analyzer index/);
    // Corrupt a trie's child counts: caught by the structural checks, not a crash later.
    const garbled = index.slice();
    for (let i = garbled.length - 200; i < garbled.length; i++) garbled[i] = 0xff;
    expect(() => Lexicon.fromCompiled(files, garbled)).toThrow(KornluError);
    // A variant pointing past the file entries (or at itself) would recurse: refused at load.
    const header = readHeader(index) as { variants: Array<[number, string, string]> };
    expect(header.variants.length).toBeGreaterThan(0);
    expect(() => Lexicon.fromCompiled(files, withHeader(index, header))).not.toThrow();
    header.variants[0] = [999_999, header.variants[0]![1], header.variants[0]![2]];
    expect(() => Lexicon.fromCompiled(files, withHeader(index, header))).toThrow(/corrupt variant entry/);
    const withUser = Lexicon.fromTSV(files, [{ surface: '뷁', tag: 'NNG' }]);
    expect(() => withUser.compile(files)).toThrow(/user entries/);
  });

  it('is bypassed by user entries (the dictionary is rebuilt with them)', () => {
    const ma = compiled.withUserEntries([{ surface: '여름휴가', tag: 'NNG' }]);
    expect(pos(ma.analyze('여름휴가'))).toBe('여름휴가/NNG');
  });
});
