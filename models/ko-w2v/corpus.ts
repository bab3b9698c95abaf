/**
 * The ko-w2v training corpus, step by step (each step streams; nothing is held in memory):
 *  1. raw lines: NSMC's raw review crawl (CC0) minus the texts of the official NSMC test set,
 *     KorQuAD 1.0 dev contexts (CC BY-ND 2.0 KR; used to train, never redistributed), and the Korean
 *     help of LibreOffice and GIMP from Debian (`apt-get install libreoffice-help-ko gimp-help-ko`;
 *     MPL-2.0 / GFDL), HTML stripped, lines with Hangul kept;
 *  2. morpheme lemmas by kornlu's analyzer, in parallel child processes (`--worker k/n`).
 *
 *   tsx models/ko-w2v/corpus.ts OUT_DIR [--raw-only]   (--raw-only: step 1 alone, OUT_DIR/raw.txt)
 */
import { execFileSync, spawn } from 'node:child_process';
import { createWriteStream, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { requireData } from '../../benchmarks/lib/data.js';
import { loadMorphAnalyzer, readLines } from '../../src/node/index.js';
import { DEBIAN_HELP, debianHelpLines } from '../../scripts/models/corpora.js';

const [outDir, mode] = process.argv.slice(2) as [string, string | undefined];

if (mode?.startsWith('--worker')) {
  const [k, n] = process.argv[4]!.split('/').map(Number) as [number, number];
  const ma = await loadMorphAnalyzer();
  const out = createWriteStream(path.join(outDir, `morph.${k}.txt`));
  let i = 0;
  for await (const line of readLines(path.join(outDir, 'raw.txt'))) {
    if (i++ % n !== k) continue;
    const lemmas = ma.analyze(line).filter((m) => !/^S[FPSEO]$/.test(m.tag)).map((m) => m.lemma);
    if (lemmas.length > 1) out.write(lemmas.join(' ') + '\n');
  }
  await new Promise((r) => out.end(r));
  process.exit(0);
}

const norm = (s: string) => s.replace(/\s+/g, ' ').trim();
const raw = createWriteStream(path.join(outDir, 'raw.txt'));
const counts: Record<string, number> = {};
const put = (source: string, line: string) => {
  const t = norm(line);
  if (!/[가-힣]/.test(t)) return;
  raw.write(t + '\n');
  counts[source] = (counts[source] ?? 0) + 1;
};
const test = new Set<string>();
for (const l of readFileSync(requireData('nsmc/ratings_test.txt'), 'utf8').split('\n').slice(1)) test.add(norm(l.split('\t')[1] ?? ''));
for await (const line of readLines(requireData('nsmc-reviews-corpus/nsmc_raw_reviews.txt'))) if (!test.has(norm(line))) put('nsmc-raw', line);
const squad = JSON.parse(readFileSync(requireData('korquad-v1/KorQuAD_v1.0_dev.json'), 'utf8')) as { data: Array<{ paragraphs: Array<{ context: string }> }> };
for (const a of squad.data) for (const p of a.paragraphs) for (const s of p.context.split(/(?<=[.!?])\s+/)) put('korquad-contexts', s);
for (const [source, dir] of DEBIAN_HELP) for (const line of debianHelpLines(source, dir)) put(source, line);
await new Promise((r) => raw.end(r));
writeFileSync(path.join(outDir, 'sources.json'), JSON.stringify({ lines: counts, nsmcTestTextsExcluded: test.size }, null, 2));
process.stderr.write(`raw lines: ${JSON.stringify(counts)}\n`);
if (mode === '--raw-only') process.exit(0);

const N = 2;
await Promise.all(Array.from({ length: N }, (_, k) => new Promise<void>((resolve, reject) => {
  const c = spawn(process.execPath, ['--import', 'tsx', process.argv[1]!, outDir, '--worker', `${k}/${N}`], { stdio: 'inherit' });
  c.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`worker ${k} exited ${code}`))));
})));
execFileSync('sh', ['-c', `cat ${path.join(outDir, 'morph.0.txt')} ${path.join(outDir, 'morph.1.txt')} > ${path.join(outDir, 'corpus.txt')}`]);
process.stderr.write(`corpus: ${path.join(outDir, 'corpus.txt')}\n`);
