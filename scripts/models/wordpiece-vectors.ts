/**
 * Word-piece vectors to start a model's embedding table from: kornlu's Word2Vec (skip-gram) over
 * the raw text of the ko-w2v corpus, tokenized with the model's own tokenizer.json. Written in
 * word2vec text format, one line per piece, for the PyTorch recipes (`--vectors`).
 *
 *   tsx scripts/models/wordpiece-vectors.ts --tokenizer T.json --raw RAW.txt --out V.txt [--dim 128] [--epochs 3]
 */
import { createWriteStream, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { fileCorpus, loadSubwordTokenizer, readLines, Word2Vec } from '../../src/node/index.js';
import { toWord2VecText } from '../../src/embeddings/formats.js';
import { progress } from '../../src/cli/progress.js';

const { values } = parseArgs({
  options: { tokenizer: { type: 'string' }, raw: { type: 'string' }, out: { type: 'string' }, dim: { type: 'string', default: '128' }, epochs: { type: 'string', default: '3' } },
});
if (!values.tokenizer || !values.raw || !values.out) {
  console.error('usage: wordpiece-vectors.ts --tokenizer T.json --raw RAW.txt --out V.txt [--dim 128] [--epochs 3]');
  process.exit(2);
}
const tok = await loadSubwordTokenizer(values.tokenizer);
const pieces = `${values.out}.pieces.txt`;
const w = createWriteStream(pieces);
let lines = 0;
for await (const line of readLines(values.raw)) {
  const t = tok.encode(line, null, { addSpecialTokens: false }).tokens;
  if (t.length > 1 && !w.write(t.join(' ') + '\n')) await new Promise<void>((r) => w.once('drain', () => r()));
  lines++;
}
await new Promise((r) => w.end(r));
console.error(`${lines} lines tokenized`);
const bar = progress('piece vectors');
const kv = await new Word2Vec({ model: 'skipgram', dim: Number(values.dim), window: 5, negative: 5, minCount: 3, sample: 1e-3, epochs: Number(values.epochs), threads: 2, seed: 1 })
  .train(fileCorpus(pieces), { onProgress: (p) => bar(p.words, p.totalWords, `epoch ${p.epoch}, ${Math.round(p.wordsPerSecond)} words/s`) });
writeFileSync(values.out, toWord2VecText(kv));
console.error(`${kv.size} piece vectors → ${values.out}`);
