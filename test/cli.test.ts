/** The CLI contract: kornlu tokenize over stdin, --json, --help, tour, train, clear errors. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

function kornlu(args: string[], input = '') {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli/main.ts'), ...args], {
    input,
    encoding: 'utf8',
    cwd: root,
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('kornlu CLI', () => {
  it('prints help for the tool and each command', () => {
    expect(kornlu(['--help']).out).toMatch(/tokenize/);
    const h = kornlu(['tokenize', '--help']);
    for (const opt of ['--unit', '--tokenizer', '--json', '--normalize', '--punctuation', '--jamo-form', '--split-complex']) expect(h.out).toContain(opt);
    expect(kornlu(['subword', 'train', '--help']).out).toMatch(/--vocab-size/);
  });

  it.each(['eojeol', 'syllable', 'jamo', 'subword', 'morpheme'])('tokenize --unit %s --json gives one array per line with exact offsets', (unit) => {
    const lines = ['여름휴가는 시작하기 전이 가장 즐겁다!', '', 'BTS 👍🏽 2024년'];
    const r = kornlu(['tokenize', '--unit', unit, '--json'], lines.join('\n') + '\n');
    expect(r.code).toBe(0);
    const out = r.out.trimEnd().split('\n').map((l) => JSON.parse(l) as Array<{ text: string; start: number; end: number; id?: number }>);
    expect(out).toHaveLength(3);
    out.forEach((tokens, k) => {
      for (const t of tokens) expect(lines[k]!.slice(t.start, t.end)).toBe(t.text);
      if (unit === 'subword') for (const t of tokens) expect(typeof t.id).toBe('number');
    });
    expect(out[1]).toEqual([]);
  });

  it('prints a readable form without --json', () => {
    expect(kornlu(['tokenize', '--unit', 'eojeol', '--punctuation', 'split'], '좋아요! 진짜\n').out).toBe('좋아요 ! 진짜\n');
  });

  it('analyzes morphemes: --unit morpheme --json and the pos alias', () => {
    const line = '눈물을 흘렸다.';
    const r = kornlu(['tokenize', '--unit', 'morpheme', '--json'], line + '\n');
    expect(r.code).toBe(0);
    const tokens = JSON.parse(r.out) as Array<{ text: string; start: number; end: number; tag: string; lemma: string }>;
    expect(tokens.map((t) => `${t.lemma}/${t.tag}`)).toEqual(['눈물/NNG', '을/JKO', '흘리/VV', '었/EP', '다/EF', './SF']);
    for (const t of tokens) expect(line.slice(t.start, t.end)).toBe(t.text);
    expect(kornlu(['pos'], line + '\n').out).toBe('눈물/NNG 을/JKO | 흘리/VV 었/EP 다/EF ./SF\n');
    expect(kornlu(['pos', '--help']).out).toMatch(/lemma\/TAG/);
  });

  it('ignores a byte-order mark at the start of the input (Windows editors write one)', () => {
    const line = '눈물을 흘렸다.';
    expect(kornlu(['pos'], '\uFEFF' + line + '\n').out).toBe(kornlu(['pos'], line + '\n').out);
    const tokens = JSON.parse(kornlu(['tokenize', '--unit', 'morpheme', '--json'], '\uFEFF' + line + '\n').out) as Array<{ text: string; start: number }>;
    expect(tokens[0]).toMatchObject({ text: '눈물', start: 0 });
    // Only the first: a U+FEFF inside the text stays what it was.
    expect(kornlu(['tokenize', '--unit', 'syllable', '--json'], '\uFEFF가 나\n\uFEFF다\n').out).toBe(kornlu(['tokenize', '--unit', 'syllable', '--json'], '가 나\n\uFEFF다\n').out);
  });

  it('takes a user dictionary file for morpheme analysis, and reports a bad one by line', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kornlu-userdict-'));
    const dict = path.join(dir, 'user.tsv');
    writeFileSync(dict, '# extra words\n여름휴가철\tNNG\n');
    const line = '여름휴가철이 좋다\n';
    expect(kornlu(['pos'], line).out).not.toMatch(/^여름휴가철\/NNG/);
    const r = kornlu(['pos', '--user-dict', dict], line);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^여름휴가철\/NNG 이\/JKS \|/);
    expect(JSON.parse(kornlu(['tokenize', '--unit', 'morpheme', '--json', '--user-dict', dict], line).out)[0]).toMatchObject({ text: '여름휴가철', tag: 'NNG', start: 0, end: 5 });
    writeFileSync(dict, '여름휴가철\tNNG\n챗봇\tNNG\tcheap\n');
    const bad = kornlu(['pos', '--user-dict', dict], line);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/line 2: cost "cheap" is not a number.*INVALID_ARGUMENT/);
    expect(bad.err).not.toMatch(/ at /);
    const missing = kornlu(['pos', '--user-dict', path.join(dir, 'none.tsv')], line);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/cannot read the user dictionary.*FILE_NOT_FOUND/);
    expect(kornlu(['tokenize', '--unit', 'eojeol', '--user-dict', dict], line).code).toBe(2);
  });

  it('analyzes on worker threads with --threads: the same output in the same order', () => {
    const lines = Array.from({ length: 700 }, (_, i) => ['여름휴가는 시작하기 전이 가장 즐겁다', '', '눈물을 흘렸다 😀', `${i}번째 줄입니다`][i % 4]!);
    const input = lines.join('\n') + '\n';
    const one = kornlu(['pos'], input);
    expect(one.code).toBe(0);
    expect(one.out.split('\n')).toHaveLength(701);
    expect(kornlu(['pos', '--threads', '2'], input)).toEqual(one);
    expect(kornlu(['tokenize', '--unit', 'morpheme', '--json', '--threads', '2'], input).out).toBe(kornlu(['tokenize', '--unit', 'morpheme', '--json'], input).out);
    const bad = kornlu(['pos', '--threads', '0'], input);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--threads must be a positive integer/);
    expect(kornlu(['tokenize', '--unit', 'syllable', '--threads', '2'], input).code).toBe(2);
  });

  it('rejects bad options and bad tokenizer files with a message, not a stack', () => {
    const bad = kornlu(['tokenize', '--unit', 'words'], '');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--unit must be one of/);
    const file = kornlu(['tokenize', '--unit', 'subword', '--tokenizer', path.join(root, 'package.json')], 'x\n');
    expect(file.code).toBe(2);
    expect(file.err).toMatch(/malformed tokenizer.json.*package.json/);
    expect(file.err).not.toMatch(/at .*\.ts:\d+/);
  });

  it('runs the tour', () => {
    const r = kornlu(['tour']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/round trip on the whole input: exact/);
    expect(r.out).toMatch(/5\. morpheme/);
    // The default QA model's answer is printed with its span in the passage.
    expect(r.out).toMatch(/question answering \(KorQuAD-style\): 훈민정음이 반포된 해는\? → \S.* \[\d+,\d+\) 0\.\d\d/);
    expect(r.out).toMatch(/chatbot intent head, trained here on 20 utterances in \d+ ms: 택배가 아직 안 와요 → delivery .*, 환불 받고 싶어요 → refund/);
  });

  it('trains, queries, evaluates and plots word vectors (kornlu w2v)', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kornlu-w2v-cli-'));
    const vec = path.join(dir, 'v.txt');
    const fixture = path.join(root, 'fixtures/corpus-ko.txt');
    const t = kornlu(['w2v', 'train', '--input', fixture, '--output', vec, '--dim', '16', '--min-count', '1', '--epochs', '2', '--model', 'skipgram']);
    expect(t.code).toBe(0);
    expect(readFileSync(vec, 'utf8').split('\n')[0]).toMatch(/^\d+ 16$/);
    const sim = kornlu(['w2v', 'similar', '--vectors', vec, '영화', '-k', '3']);
    expect(sim.out.trim().split('\n')).toHaveLength(3);
    const ws = path.join(dir, 'ws.csv');
    writeFileSync(ws, 'word 1,word 2,score\n영화,드라마,7\n커피,영화,2\n영화,없는말,5\n');
    const ev = JSON.parse(kornlu(['w2v', 'eval', '--vectors', vec, '--ws353', ws, '--json']).out) as { oov: { ws353_pairs: number } };
    expect(ev.oov.ws353_pairs).toBe(2);
    const svg = path.join(dir, 'map.svg');
    expect(kornlu(['w2v', 'plot', '--vectors', vec, '--words', '영화,커피,서울은', '--out', svg]).code).toBe(0);
    expect(readFileSync(svg, 'utf8')).toMatch(/<svg[\s\S]*영화/);
    expect(kornlu(['w2v', 'similar', '--vectors', path.join(dir, 'nope.txt'), '영화']).code).toBe(2);
    // Tokenized units are tokenized once (a temporary file, removed afterwards); jamo streams.
    for (const unit of ['morpheme', 'jamo']) {
      const out = path.join(dir, `${unit}.txt`);
      const r = kornlu(['w2v', 'train', '--input', fixture, '--output', out, '--unit', unit, '--dim', '8', '--min-count', '1', '--epochs', '2', '--model', 'cbow']);
      expect(r.code).toBe(0);
      expect(r.err.includes(`tokenized (${unit})`)).toBe(unit !== 'jamo');
      expect(readFileSync(out, 'utf8').split('\n')[0]).toMatch(/^\d+ 8$/);
    }
  });

  it('trains a tokenizer from a file', () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'kornlu-cli-')), 'tok.json');
    const r = kornlu(['subword', 'train', '--model', 'wordpiece', '--input', path.join(root, 'fixtures/corpus-ko.txt'), '--output', out, '--vocab-size', '900']);
    expect(r.code).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8')).model.type).toBe('WordPiece');
  });
});
