/**
 * Recipe for models/ko-wordpiece-16k: a BERT-style WordPiece vocabulary trained by kornlu's own
 * trainer on the NSMC raw review corpus (CC0), evaluated on the held-out official NSMC test set.
 *
 *   npm run recipe:wordpiece          (KORNLU_DATA=… to point at another data folder)
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { readLines, saveSubwordTokenizer } from '../../src/node/index.js';
import { SubwordTokenizer, trainWordPiece } from '../../src/index.js';
import { progress } from '../../src/cli/progress.js';
import { projectRoot, requireData, sharedDir } from '../../benchmarks/lib/data.js';

const corpus = requireData('nsmc-reviews-corpus/nsmc_raw_reviews.txt');
const test = requireData('nsmc/ratings_test.txt');
const out = path.join(projectRoot, 'models/ko-wordpiece-16k');

const bar = progress('wordpiece');
const t0 = Date.now();
const tok = await trainWordPiece(readLines(corpus), {
  vocabSize: 16000,
  minFrequency: 3,
  limitAlphabet: 2500,
  onProgress: (p) => bar(p.done, p.total, p.stage),
});
const seconds = (Date.now() - t0) / 1000;
await saveSubwordTokenizer(tok, path.join(out, 'tokenizer.json'));

// Held-out: the official NSMC test reviews (not in the training corpus by construction).
async function stats(t: SubwordTokenizer) {
  let tokens = 0, unk = 0, eojeol = 0, lines = 0;
  const unkId = t.tokenToId('[UNK]');
  let first = true;
  for await (const line of readLines(test)) {
    if (first) { first = false; continue; } // header
    const text = line.split('\t')[1] ?? '';
    const ids = t.encode(text, null, { addSpecialTokens: false }).ids;
    tokens += ids.length;
    unk += ids.filter((i) => i === unkId).length;
    eojeol += text.split(/\s+/).filter(Boolean).length;
    lines++;
  }
  return { lines, tokensPerEojeol: +(tokens / eojeol).toFixed(3), unkRate: +(unk / tokens).toFixed(5) };
}
const ours = await stats(tok);
const { readFile } = await import('node:fs/promises');
const kePath = path.join(sharedDir(), 'models-third-party/koelectra-v3-vocab/tokenizer.json');
const koelectra = await stats(SubwordTokenizer.fromJSON(await readFile(kePath, 'utf8')));
const metrics = { trainSeconds: +seconds.toFixed(1), vocabSize: tok.vocabSize, heldOut: ours, koelectraV3OnSameText: koelectra };
writeFileSync(path.join(out, 'metrics.json'), JSON.stringify(metrics, null, 2) + '\n');
console.log(JSON.stringify(metrics, null, 2));
