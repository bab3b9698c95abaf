/**
 * Word2Vec throughput and quality, side by side with gensim 4.2 (Debian python3-gensim) on the NSMC
 * raw review corpus (whitespace units; dim 100, window 5, negative 5, min_count 5, sample 1e-3,
 * alpha 0.025 for both models as in gensim).
 *  - speed: 1 epoch, whole process (vocabulary included), 2 threads for both, plus kornlu on 1 thread;
 *  - quality: 5 epochs, WS-353 Spearman and analogy top-1 / cosine, both evaluated by kornlu's
 *    evaluator on the saved vectors.
 *
 *   npm run bench:w2v        (LIMIT=… lines to shorten; QUALITY=0 to skip the 5-epoch runs)
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { evaluate, parseAnalogies, parseSimilarityCsv } from '../src/embeddings/evaluate.js';
import { fileCorpus, loadVectors, saveVectors, Word2Vec } from '../src/node/index.js';
import { barChart, machine } from './lib/report.js';
import { projectRoot, requireData } from './lib/data.js';

const log = (s: string) => process.stderr.write(s + '\n');
let corpus = requireData('nsmc-reviews-corpus/nsmc_raw_reviews.txt');
const work = mkdtempSync(path.join(tmpdir(), 'kornlu-w2v-bench-'));
if (process.env.LIMIT) {
  const p = path.join(work, 'corpus.txt');
  writeFileSync(p, readFileSync(corpus, 'utf8').split('\n').slice(0, Number(process.env.LIMIT)).join('\n') + '\n');
  corpus = p;
}
const ws = parseSimilarityCsv(readFileSync(requireData('word-eval/WS353_korean.csv'), 'utf8'));
const an = parseAnalogies(readFileSync(requireData('word-eval/word_analogy_korean.txt'), 'utf8'));
const quality = async (file: string) => {
  const r = evaluate(await loadVectors(file), { similarity: ws, analogies: an });
  return { ws353_spearman: r.ws353_spearman, analogy_top1: r.analogy_top1, analogy_cosine: r.analogy_cosine, oov: r.oov };
};

async function ours(model: 'cbow' | 'skipgram', epochs: number, threads: number) {
  const out = path.join(work, `kornlu-${model}-${epochs}-${threads}.bin`);
  const t0 = Date.now();
  // alpha 0.025 for both models, as gensim uses (word2vec.c, and kornlu's default, use 0.05 for CBOW).
  const w = new Word2Vec({ model, dim: 100, window: 5, negative: 5, minCount: 5, sample: 1e-3, alpha: 0.025, epochs, threads, seed: 1 });
  const kv = await w.train(fileCorpus(corpus)); // whitespace units, as gensim's LineSentence
  const seconds = (Date.now() - t0) / 1000;
  await saveVectors(kv, out);
  return { seconds, words: w.corpusWords * epochs, vocab: kv.size, wordsPerSecond: (w.corpusWords * epochs) / seconds, file: out };
}

function gensim(model: 'cbow' | 'skipgram', epochs: number, threads: number) {
  const out = path.join(work, `gensim-${model}-${epochs}-${threads}.bin`);
  const r = JSON.parse(execFileSync('/usr/bin/python3', [path.join(projectRoot, 'benchmarks/w2v_gensim.py'), corpus, model, String(epochs), String(threads), out], { encoding: 'utf8' })) as { seconds: number; words: number; vocab: number };
  return { ...r, wordsPerSecond: (r.words * epochs) / r.seconds, file: out };
}

const speed: Record<string, unknown> = {};
for (const model of ['skipgram', 'cbow'] as const) {
  const g = gensim(model, 1, 2);
  const k2 = await ours(model, 1, 2);
  const k1 = await ours(model, 1, 1);
  speed[model] = { gensim2: g.wordsPerSecond, kornlu2: k2.wordsPerSecond, kornlu1: k1.wordsPerSecond, ratio: k2.wordsPerSecond / g.wordsPerSecond, scaling: k2.wordsPerSecond / k1.wordsPerSecond };
  log(`${model}: gensim ${Math.round(g.wordsPerSecond)} w/s, kornlu ${Math.round(k2.wordsPerSecond)} w/s (2 threads), ${Math.round(k1.wordsPerSecond)} (1 thread)`);
}
const qual: Record<string, unknown> = {};
if (process.env.QUALITY !== '0') {
  for (const model of ['skipgram', 'cbow'] as const) {
    const g = gensim(model, 5, 2);
    const k = await ours(model, 5, 2);
    qual[model] = { gensim: await quality(g.file), kornlu: await quality(k.file) };
    log(`${model} quality: ${JSON.stringify(qual[model])}`);
  }
}
const res = { date: new Date().toISOString(), machine: machine(), corpus: path.basename(corpus), speed, quality: qual };
const dir = path.join(projectRoot, 'benchmarks/results');
writeFileSync(path.join(dir, 'w2v.json'), JSON.stringify(res, null, 2) + '\n');
type S = { gensim2: number; kornlu2: number; kornlu1: number; ratio: number; scaling: number };
const sg = speed.skipgram as S;
const cb = speed.cbow as S;
writeFileSync(path.join(dir, 'w2v.svg'), barChart('word2vec words/s, 1 epoch, whole process (NSMC reviews)', 'words/s', [
  { label: 'kornlu skip-gram, 2 threads', value: sg.kornlu2 },
  { label: 'gensim skip-gram, 2 threads', value: sg.gensim2 },
  { label: 'kornlu CBOW, 2 threads', value: cb.kornlu2 },
  { label: 'gensim CBOW, 2 threads', value: cb.gensim2 },
]));
const q = (m: string, who: 'gensim' | 'kornlu', k: string) => {
  const v = (qual[m] as Record<string, Record<string, number | null>> | undefined)?.[who]?.[k];
  return v === undefined || v === null ? '—' : v.toFixed(3);
};
const md = [
  `# word2vec benchmark — ${res.date.slice(0, 10)}`,
  '',
  `Machine: ${res.machine.cpu}, ${res.machine.cores} cores, Node ${res.machine.node}; gensim 4.2 (Debian). Command: \`npm run bench:w2v\`.`,
  'Corpus: nsmc_raw_reviews.txt, whitespace units, dim 100, window 5, negative 5, min_count 5, sample 1e-3, alpha 0.025 (gensim\'s, for both models). Speed: 1 epoch, whole process including the vocabulary pass.',
  '',
  '| model | gensim (2 threads) | kornlu (2 threads) | ratio | kornlu (1 thread) | 1→2 thread scaling |',
  '|---|---|---|---|---|---|',
  ...(['skipgram', 'cbow'] as const).map((m) => {
    const s = speed[m] as S;
    return `| ${m} | ${Math.round(s.gensim2)} w/s | ${Math.round(s.kornlu2)} w/s | ${s.ratio.toFixed(2)}× | ${Math.round(s.kornlu1)} w/s | ${s.scaling.toFixed(2)}× |`;
  }),
  '',
  'Quality after 5 epochs (both evaluated by kornlu on the saved vectors):',
  '',
  '| model | WS-353 Spearman gensim / kornlu | analogy top-1 gensim / kornlu | analogy cosine gensim / kornlu |',
  '|---|---|---|---|',
  ...(['skipgram', 'cbow'] as const).map((m) => `| ${m} | ${q(m, 'gensim', 'ws353_spearman')} / ${q(m, 'kornlu', 'ws353_spearman')} | ${q(m, 'gensim', 'analogy_top1')} / ${q(m, 'kornlu', 'analogy_top1')} | ${q(m, 'gensim', 'analogy_cosine')} / ${q(m, 'kornlu', 'analogy_cosine')} |`),
  '',
  '![speed](w2v.svg)',
  '',
];
writeFileSync(path.join(dir, 'w2v.md'), md.join('\n'));
process.stdout.write(md.join('\n'));
