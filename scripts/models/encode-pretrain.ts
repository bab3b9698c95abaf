/**
 * Raw Korean text → one stream of WordPiece ids for encoder pretraining (pretrain_electra.py):
 * each line's ids (no special tokens) followed by [SEP], as little-endian uint16. The trainer packs
 * the stream into fixed windows that start with [CLS]. Ids are exactly the runtime tokenizer's.
 *
 * Sources (all unlabeled text): NSMC's 640k raw reviews (CC0; they include the test reviews' texts,
 * never labels), KorQuAD 1.0 dev contexts (CC BY-ND; used as raw text, nothing shipped), Debian's
 * Korean help (MPL-2.0 / GFDL), the Korean side of the Ko–En parallel sets. 1% of lines (by a hash
 * of the line) go to a held-out stream for the validation loss.
 *
 *   tsx scripts/models/encode-pretrain.ts --tokenizer T.json --out DIR
 */
import { createWriteStream, readFileSync, writeFileSync, type WriteStream } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fnv1a } from '../../src/hash.js';
import { loadSubwordTokenizer, readLines } from '../../src/node/index.js';
import { requireData } from '../../benchmarks/lib/data.js';
import { parseSquad } from '../../src/korquad/evaluate.js';
import { DEBIAN_HELP, debianHelpLines } from './corpora.js';

const { values } = parseArgs({ options: { tokenizer: { type: 'string' }, out: { type: 'string' } } });
if (!values.tokenizer || !values.out) {
  console.error('usage: encode-pretrain.ts --tokenizer T.json --out DIR');
  process.exit(2);
}
const tok = await loadSubwordTokenizer(values.tokenizer);
const SEP = tok.tokenToId('[SEP]');
if (SEP === undefined || tok.vocabSize > 0xffff) throw new Error('tokenizer needs [SEP] and at most 65,536 ids');

class IdStream {
  tokens = 0;
  lines = 0;
  private buf = new Uint16Array(1 << 16);
  private n = 0;
  private readonly out: WriteStream;
  constructor(file: string) {
    this.out = createWriteStream(file);
  }
  add(ids: number[]): void {
    if (this.n + ids.length + 1 > this.buf.length) this.flush();
    for (const id of ids) this.buf[this.n++] = id;
    this.buf[this.n++] = SEP!;
    this.tokens += ids.length + 1;
    this.lines++;
  }
  flush(): void {
    this.out.write(Buffer.from(this.buf.slice(0, this.n).buffer));
    this.n = 0;
  }
  async close(): Promise<void> {
    this.flush();
    await new Promise<void>((resolve) => this.out.end(resolve));
  }
}

const train = new IdStream(path.join(values.out, 'train.u16'));
const held = new IdStream(path.join(values.out, 'valid.u16'));
const perSource: Record<string, { lines: number; tokens: number }> = {};
const add = (source: string, raw: string) => {
  const text = raw.replace(/\s+/g, ' ').trim();
  if (!/[가-힣]/.test(text)) return;
  const ids = tok.encode(text, null, { addSpecialTokens: false }).ids;
  if (ids.length === 0) return;
  (fnv1a(text) % 100 === 0 ? held : train).add(ids);
  const s = (perSource[source] ??= { lines: 0, tokens: 0 });
  s.lines++;
  s.tokens += ids.length + 1;
};

let seen = 0;
const progress = () => {
  if (++seen % 50_000 === 0) process.stderr.write(`${seen} lines, ${train.tokens} training tokens\n`);
};
for await (const l of readLines(requireData('nsmc-reviews-corpus/nsmc_raw_reviews.txt'))) {
  add('nsmc-raw', l);
  progress();
}
for (const a of parseSquad(JSON.parse(readFileSync(requireData('korquad-v1/KorQuAD_v1.0_dev.json'), 'utf8'))).data) {
  for (const p of a.paragraphs) for (const sentence of p.context.split(/(?<=[.?!])\s+/)) add('korquad-dev-contexts', sentence);
}
for (const [source, dir] of DEBIAN_HELP) for (const l of debianHelpLines(source, dir)) add(source, l);
for (const f of ['korean-english-park.dev.ko', 'korean-english-park.test.ko', 'jhe-koen-dev.ko', 'jhe-koen-eval.ko']) {
  for (const l of readFileSync(requireData(`ko-en-parallel/${f}`), 'utf8').split('\n')) add('ko-en-parallel', l);
}
await train.close();
await held.close();
const meta = { tokenizer: path.basename(values.tokenizer), vocabSize: tok.vocabSize, sep: SEP, cls: tok.tokenToId('[CLS]'), mask: tok.tokenToId('[MASK]'), pad: tok.tokenToId('[PAD]'), train: { lines: train.lines, tokens: train.tokens }, valid: { lines: held.lines, tokens: held.tokens }, sources: perSource };
writeFileSync(path.join(values.out, 'meta.json'), JSON.stringify(meta, null, 2) + '\n');
console.error(JSON.stringify(meta));
