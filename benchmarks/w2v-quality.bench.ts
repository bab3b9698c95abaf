/**
 * How much word2vec quality moves between runs, for kornlu and gensim alike: the w2v benchmark's
 * quality settings (NSMC reviews, whitespace units, 5 epochs, 2 threads) trained with 3 seeds each,
 * WS-353 Spearman and analogy top-1 as mean ± standard deviation. On eojeol units only ~147 WS
 * pairs are in the vocabulary, so one run's Spearman is noisy; this says by how much.
 *
 *   npm run bench:w2v-quality        (SEEDS=3)
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { evaluate, parseAnalogies, parseSimilarityCsv, type KeyedVectors } from '../src/embeddings/index.js';
import { fileCorpus, loadVectors, saveVectors, Word2Vec } from '../src/node/index.js';
import { projectRoot, requireData } from './lib/data.js';
import { machine } from './lib/report.js';

const log = (s: string) => process.stderr.write(s + '\n');
const corpus = requireData('nsmc-reviews-corpus/nsmc_raw_reviews.txt');
const ws = parseSimilarityCsv(readFileSync(requireData('word-eval/WS353_korean.csv'), 'utf8'));
const an = parseAnalogies(readFileSync(requireData('word-eval/word_analogy_korean.txt'), 'utf8'));
const SEEDS = Number(process.env.SEEDS ?? 3);
const work = mkdtempSync(path.join(tmpdir(), 'kornlu-w2v-quality-'));
const score = (kv: KeyedVectors) => {
  const r = evaluate(kv, { similarity: ws, analogies: an });
  return { spearman: r.ws353_spearman ?? NaN, top1: r.analogy_top1 ?? NaN };
};
const mean = (x: number[]) => x.reduce((a, b) => a + b, 0) / x.length;
const sd = (x: number[]) => Math.sqrt(mean(x.map((v) => (v - mean(x)) ** 2)));

const rows: Record<string, Record<'kornlu' | 'gensim', Array<{ spearman: number; top1: number }>>> = {};
for (const model of ['skipgram', 'cbow'] as const) {
  rows[model] = { kornlu: [], gensim: [] };
  for (let seed = 1; seed <= SEEDS; seed++) {
    const ours = await new Word2Vec({ model, dim: 100, window: 5, negative: 5, minCount: 5, sample: 1e-3, alpha: 0.025, epochs: 5, threads: 2, seed }).train(fileCorpus(corpus));
    const f = path.join(work, `k-${model}-${seed}.bin`);
    await saveVectors(ours, f);
    rows[model].kornlu.push(score(await loadVectors(f)));
    const g = path.join(work, `g-${model}-${seed}.bin`);
    execFileSync('/usr/bin/python3', [path.join(projectRoot, 'benchmarks/w2v_gensim.py'), corpus, model, '5', '2', g, String(seed)]);
    rows[model].gensim.push(score(await loadVectors(g)));
    log(`${model} seed ${seed}: kornlu ${JSON.stringify(rows[model].kornlu.at(-1))}, gensim ${JSON.stringify(rows[model].gensim.at(-1))}`);
  }
}
interface Stat {
  mean: number;
  sd: number;
}
type Side = { spearman: Stat; top1: Stat; runs: Array<{ spearman: number; top1: number }> };
const side = (r: Array<{ spearman: number; top1: number }>): Side => ({
  spearman: { mean: mean(r.map((x) => x.spearman)), sd: sd(r.map((x) => x.spearman)) },
  top1: { mean: mean(r.map((x) => x.top1)), sd: sd(r.map((x) => x.top1)) },
  runs: r,
});
const summary: Record<string, { kornlu: Side; gensim: Side }> = Object.fromEntries(Object.entries(rows).map(([model, r]) => [model, { kornlu: side(r.kornlu), gensim: side(r.gensim) }]));
const out = path.join(projectRoot, 'benchmarks/results');
writeFileSync(path.join(out, 'w2v-quality.json'), JSON.stringify({ date: new Date().toISOString(), machine: machine(), seeds: SEEDS, summary }, null, 2) + '\n');
const f = (m: Stat, pct = false) => (pct ? `${(100 * m.mean).toFixed(2)}% ± ${(100 * m.sd).toFixed(2)}` : `${m.mean.toFixed(3)} ± ${m.sd.toFixed(3)}`);
writeFileSync(
  path.join(out, 'w2v-quality.md'),
  [
    '# word2vec quality spread (`npm run bench:w2v-quality`)',
    '',
    `NSMC reviews, whitespace units, dim 100, window 5, negative 5, min_count 5, sample 1e-3, alpha 0.025, 5 epochs, 2 threads; ${SEEDS} seeds each (gensim 4.2 from Debian, seed passed to gensim). Mean ± standard deviation over the runs.`,
    '',
    '| model | WS-353 Spearman kornlu | WS-353 Spearman gensim | analogy top-1 kornlu | analogy top-1 gensim |',
    '|---|---|---|---|---|',
    ...Object.entries(summary).map(([m, s]) => `| ${m} | ${f(s.kornlu.spearman)} | ${f(s.gensim.spearman)} | ${f(s.kornlu.top1, true)} | ${f(s.gensim.top1, true)} |`),
    '',
  ].join('\n'),
);
log('wrote benchmarks/results/w2v-quality.{json,md}');
