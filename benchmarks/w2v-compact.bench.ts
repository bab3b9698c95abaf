/**
 * Accuracy cost of kornlu's compact int8 vector format: trains CBOW (1 epoch, 2 threads) on the NSMC
 * review corpus, then compares float32 vectors with their int8 round trip — file sizes, WS-353 and
 * analogy scores, nearest-neighbour agreement. Writes benchmarks/results/w2v-compact.json.
 *
 *   npm run bench:w2v-compact
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { evaluate, parseAnalogies, parseSimilarityCsv } from '../src/embeddings/evaluate.js';
import { fromCompact, toCompact, toWord2VecBinary } from '../src/embeddings/formats.js';
import { fileCorpus, Word2Vec } from '../src/node/index.js';
import { machine } from './lib/report.js';
import { projectRoot, requireData } from './lib/data.js';

const kv = await new Word2Vec({ model: 'cbow', epochs: 1, threads: 2 }).train(fileCorpus(requireData('nsmc-reviews-corpus/nsmc_raw_reviews.txt')));
const q = fromCompact(toCompact(kv));
const data = {
  similarity: parseSimilarityCsv(readFileSync(requireData('word-eval/WS353_korean.csv'), 'utf8')),
  analogies: parseAnalogies(readFileSync(requireData('word-eval/word_analogy_korean.txt'), 'utf8')),
};
const a = evaluate(kv, data);
const b = evaluate(q, data);
// Top-10 neighbour agreement on the 1,000 most frequent words.
let overlap = 0;
for (let i = 0; i < 1000; i++) {
  const w = kv.words[i]!;
  const x = new Set(kv.mostSimilar([w], { topK: 10 }).map((n) => n.word));
  overlap += q.mostSimilar([w], { topK: 10 }).filter((n) => x.has(n.word)).length / 10;
}
const out = {
  date: new Date().toISOString(),
  machine: machine(),
  vocab: kv.size,
  bytes: { float32Binary: toWord2VecBinary(kv).length, int8Compact: toCompact(kv).length },
  float32: { ws353_spearman: a.ws353_spearman, analogy_top1: a.analogy_top1 },
  int8: { ws353_spearman: b.ws353_spearman, analogy_top1: b.analogy_top1 },
  top10NeighbourAgreement: overlap / 1000,
};
writeFileSync(path.join(projectRoot, 'benchmarks/results/w2v-compact.json'), JSON.stringify(out, null, 2) + '\n');
console.log(JSON.stringify(out, null, 2));
