/**
 * Training data for the word-spacing model, from raw Korean text (KorQuAD is never read: its dev
 * contexts are the evaluation set). Each line is whitespace-normalized; its characters (code points,
 * spaces removed) become ids of a character vocabulary and each gets label 1 when a space follows it.
 * Lines are packed into one stream with label 1 at each line end (a sentence break is a space).
 *
 * Sources: NSMC's raw review crawl (CC0; reviews whose spacing looks deliberate: ≥ 2 spaces, mostly
 * Hangul, ≤ 6 characters per word), Debian's Korean LibreOffice and GIMP help, the Korean side of
 * the Ko–En parallel sets, and the sentences of KLUE-DP dev. Formal sources are repeated
 * (--formal-repeat) since the target is written prose. 1 line in 100 (by hash) is held out.
 *
 * Writes OUT/tokenizer.json (character WordLevel, HF format: whitespace split, then one token per
 * code point), OUT/{train,val}.ids (uint16) and OUT/{train,val}.labels (uint8), OUT/sources.json.
 * Then, for in-domain fine-tuning under cross-validation, the KorQuAD 1.0 dev contexts of each
 * fold of articles (folds.ts, the MRC recipe's folds) as OUT/korquad-fold-K.{ids,labels}, encoded
 * with the same vocabulary (which is built without them).
 *
 *   tsx scripts/models/encode-spacing.ts --out DIR [--min-count 3] [--formal-repeat 4]
 */
import { createWriteStream, readFileSync, writeFileSync, type WriteStream } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { requireData } from '../../benchmarks/lib/data.js';
import { spaceBoundaries } from '../../src/evaluate/spacing.js';
import { fnv1a } from '../../src/hash.js';
import { readLines } from '../../src/node/index.js';
import { SubwordTokenizer } from '../../src/tokenizers/subword/tokenizer.js';
import { parseSquad } from '../../src/korquad/evaluate.js';
import { DEBIAN_HELP, debianHelpLines } from './corpora.js';
import { articleFolds } from './folds.js';

const { values } = parseArgs({ options: { out: { type: 'string' }, 'min-count': { type: 'string', default: '3' }, 'formal-repeat': { type: 'string', default: '4' } } });
if (!values.out) {
  console.error('usage: encode-spacing.ts --out DIR [--min-count 3] [--formal-repeat 4]');
  process.exit(2);
}
const out = values.out;
const norm = (s: string) => s.replace(/\s+/g, ' ').trim();

// 1. Lines by source (text kept in memory once: ~25 M characters).
const lines: Array<{ source: string; text: string; formal: boolean }> = [];
const counts: Record<string, number> = {};
const add = (source: string, raw: string, formal: boolean) => {
  const text = norm(raw);
  if (!/[가-힣]/.test(text) || text.length < 4) return;
  lines.push({ source, text, formal });
  counts[source] = (counts[source] ?? 0) + 1;
};
const deliberate = (t: string) => {
  const words = t.split(' ');
  const hangul = (t.match(/[가-힣]/g) ?? []).length;
  return words.length >= 3 && hangul >= 0.6 * t.replace(/ /g, '').length && t.replace(/ /g, '').length / words.length <= 6;
};
for await (const l of readLines(requireData('nsmc-reviews-corpus/nsmc_raw_reviews.txt'))) if (deliberate(norm(l))) add('nsmc-raw', l, false);
for (const [source, dir] of DEBIAN_HELP) for (const l of debianHelpLines(source, dir)) add(source, l, true);
for (const f of ['korean-english-park.dev.ko', 'korean-english-park.test.ko', 'jhe-koen-dev.ko', 'jhe-koen-eval.ko']) {
  for (const l of readFileSync(requireData(`ko-en-parallel/${f}`), 'utf8').split('\n')) add('ko-en-parallel', l, true);
}
for (const l of readFileSync(requireData('ko-en-parallel/tatoeba-kor-eng.txt'), 'utf8').split('\n')) add('tatoeba', l.split('\t')[1] ?? '', true);
for (const l of readFileSync(requireData('klue-dp/klue-dp-v1.1_dev_even.tsv'), 'utf8').split('\n')) {
  const m = /^## klue-dp\S*\t(.*)$/.exec(l);
  if (m) add('klue-dp', m[1]!, true);
}
process.stderr.write(`lines: ${JSON.stringify(counts)}\n`);

// 2. Character vocabulary: [PAD] 0, [UNK] 1, then characters seen ≥ min-count times, most frequent first.
const freq = new Map<string, number>();
for (const { text } of lines) for (const c of text) if (c !== ' ') freq.set(c, (freq.get(c) ?? 0) + 1);
const chars = [...freq].filter(([, n]) => n >= Number(values['min-count'])).sort((a, b) => b[1] - a[1]).map(([c]) => c);
const vocab: Record<string, number> = { '[PAD]': 0, '[UNK]': 1 };
for (const c of chars) vocab[c] = Object.keys(vocab).length;
const tokenizerJson = {
  version: '1.0',
  truncation: null,
  padding: null,
  added_tokens: [
    { id: 0, content: '[PAD]', single_word: false, lstrip: false, rstrip: false, normalized: false, special: true },
    { id: 1, content: '[UNK]', single_word: false, lstrip: false, rstrip: false, normalized: false, special: true },
  ],
  normalizer: null,
  pre_tokenizer: { type: 'Sequence', pretokenizers: [{ type: 'WhitespaceSplit' }, { type: 'Split', pattern: { Regex: '.' }, behavior: 'Isolated', invert: false }] },
  post_processor: null,
  decoder: null,
  model: { type: 'WordLevel', vocab, unk_token: '[UNK]' },
};
writeFileSync(path.join(out, 'tokenizer.json'), JSON.stringify(tokenizerJson));
process.stderr.write(`vocabulary: ${chars.length} characters (+2 specials)\n`);

// 3. Ids and labels; the served tokenizer must agree with this direct mapping (checked on a sample).
const tok = SubwordTokenizer.fromJSON(JSON.stringify(tokenizerJson));
// Labels are the evaluation's own boundaries (src/evaluate/spacing.ts), plus one at the line end.
const encode = (text: string) => {
  const { chars, boundaries } = spaceBoundaries(text);
  const labels = boundaries.map(Number);
  labels[labels.length - 1] = 1;
  return { ids: chars.map((c) => vocab[c] ?? 1), labels };
};
const streams = (name: string) => ({ ids: createWriteStream(path.join(out, `${name}.ids`)), labels: createWriteStream(path.join(out, `${name}.labels`)), n: 0 });
const train = streams('train');
const val = streams('val');
const write = (s: { ids: WriteStream; labels: WriteStream; n: number }, e: { ids: number[]; labels: number[] }) => {
  s.ids.write(Buffer.from(Uint16Array.from(e.ids).buffer));
  s.labels.write(Buffer.from(Uint8Array.from(e.labels)));
  s.n += e.ids.length;
};
let checked = 0;
for (const [i, l] of lines.entries()) {
  const e = encode(l.text);
  if (i % 997 === 0) {
    const served = tok.encode(l.text).ids;
    if (served.join() !== e.ids.join()) throw new Error(`tokenizer disagrees with the training encoding on: ${l.text}`);
    checked++;
  }
  if (fnv1a(l.text) % 100 === 0) write(val, e);
  else for (let r = 0; r < (l.formal ? Number(values['formal-repeat']) : 1); r++) write(train, e);
}
const squadFile = requireData('korquad-v1/KorQuAD_v1.0_dev.json');
const squad = parseSquad(JSON.parse(readFileSync(squadFile, 'utf8')), squadFile);
const foldOf = articleFolds(squad.data.length, 5, 1);
const folds = Array.from({ length: 5 }, (_, k) => streams(`korquad-fold-${k}`));
squad.data.forEach((a, i) => {
  for (const p of a.paragraphs) write(folds[foldOf[i]!]!, encode(norm(p.context)));
});
await Promise.all([train, val, ...folds].flatMap((s) => [s.ids, s.labels]).map((s) => new Promise((r) => s.end(r))));
writeFileSync(path.join(out, 'sources.json'), JSON.stringify({ lines: counts, vocabulary: chars.length + 2, trainChars: train.n, valChars: val.n, tokenizerChecks: checked, korquadFoldChars: folds.map((f) => f.n) }, null, 2));
process.stderr.write(`train ${train.n} characters, val ${val.n}; tokenizer agreed on ${checked} sampled lines\n`);
