/**
 * Recipe for models/ko-w2v: skip-gram vectors over morpheme lemmas by kornlu's own Word2Vec, on all
 * the raw Korean text we have (corpus.ts), side by side with gensim 4.2 on the same token file,
 * both evaluated by kornlu's evaluator on WS-353 (ko) and the 10k analogy set. The shipped file is
 * the 30,000 most frequent words in kornlu's compact int8 format.
 *
 *   npm run recipe:w2v         (KORNLU_RECIPE_REUSE=1 keeps an existing /tmp corpus)
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { projectRoot, requireData } from '../../benchmarks/lib/data.js';
import { KeyedVectors } from '../../src/embeddings/keyed-vectors.js';
import { evaluate, parseAnalogies, parseSimilarityCsv } from '../../src/embeddings/evaluate.js';
import { fileCorpus, loadVectors, saveVectors, Word2Vec } from '../../src/node/index.js';
import { progress } from '../../src/cli/progress.js';

const work = path.join(tmpdir(), 'kornlu-recipe-ko-w2v');
const out = path.join(projectRoot, 'models/ko-w2v');
mkdirSync(work, { recursive: true });
const corpus = path.join(work, 'corpus.txt');
if (!(process.env.KORNLU_RECIPE_REUSE && existsSync(corpus))) {
  execFileSync(process.execPath, ['--import', 'tsx', path.join(out, 'corpus.ts'), work], { stdio: 'inherit' });
}
const settings = { model: 'skipgram' as const, dim: 100, window: 5, negative: 5, minCount: 5, sample: 1e-3, epochs: 5, threads: 2, seed: 1 };
const ws = parseSimilarityCsv(readFileSync(requireData('word-eval/WS353_korean.csv'), 'utf8'));
const an = parseAnalogies(readFileSync(requireData('word-eval/word_analogy_korean.txt'), 'utf8'));
const quality = (kv: KeyedVectors) => {
  const r = evaluate(kv, { similarity: ws, analogies: an });
  return { ws353_spearman: r.ws353_spearman, analogy_top1: r.analogy_top1, analogy_cosine: r.analogy_cosine, oov: r.oov, counts: r.counts };
};

const bar = progress('ko-w2v');
let t = Date.now();
const w2v = new Word2Vec({ ...settings, alpha: 0.025 }); // gensim's learning rate, for a like-for-like comparison
const kv = await w2v.train(fileCorpus(corpus), { onProgress: (p) => bar(p.words, p.totalWords, `epoch ${p.epoch}, ${Math.round(p.wordsPerSecond)} words/s`) });
const oursSeconds = (Date.now() - t) / 1000;
const oursFile = path.join(work, 'kornlu.bin');
await saveVectors(kv, oursFile);

t = Date.now();
const g = JSON.parse(execFileSync('/usr/bin/python3', [path.join(projectRoot, 'benchmarks/w2v_gensim.py'), corpus, 'skipgram', '5', '2', path.join(work, 'gensim.bin')], { encoding: 'utf8' })) as { seconds: number; words: number; vocab: number };
const gensim = await loadVectors(path.join(work, 'gensim.bin'));

// Ship the 30k most frequent words (the vocabulary is sorted by count).
const N = Math.min(30_000, kv.size);
const shipped = new KeyedVectors(kv.words.slice(0, N), kv.vectors.slice(0, N * kv.dim), kv.dim, kv.counts ? kv.counts.slice(0, N) : null);
await saveVectors(shipped, path.join(out, 'vectors.kv8'));
const reloaded = await loadVectors(path.join(out, 'vectors.kv8'));
const metrics = {
  corpus: { ...JSON.parse(readFileSync(path.join(work, 'sources.json'), 'utf8')), tokens: g.words, unit: 'morpheme lemmas (kornlu analyzer), punctuation dropped' },
  settings,
  kornlu: { seconds: Math.round(oursSeconds), vocab: kv.size, full: quality(kv) },
  gensim: { seconds: Math.round(g.seconds), vocab: g.vocab, full: quality(gensim) },
  shipped: { file: 'vectors.kv8', words: N, bytes: statSync(path.join(out, 'vectors.kv8')).size, quality: quality(reloaded) },
};
writeFileSync(path.join(out, 'metrics.json'), JSON.stringify(metrics, null, 2) + '\n');
console.log(JSON.stringify(metrics, null, 2));
