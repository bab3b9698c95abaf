import { readFileSync } from 'node:fs';
import { loadMorphAnalyzer } from './src/node/index.ts';
const ma = await loadMorphAnalyzer({ dir: '/work/main/models/ko-morph' });
const lines = readFileSync('/work/shared/data/nsmc-reviews-corpus/nsmc_raw_reviews.txt', 'utf8').split('\n').slice(0, 2000);
const chars = lines.reduce((n, l) => n + l.length, 0);
for (let r = 0; r < 3; r++) { const t1 = performance.now(); for (const l of lines) ma.analyze(l); const ms2 = performance.now() - t1; console.log('chars/s', (chars / ms2 * 1000).toFixed(0)); }
