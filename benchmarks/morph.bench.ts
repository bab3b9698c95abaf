/**
 * Morphological analysis speed, side by side in one run on the same file: kornlu (pure TS, one
 * thread) vs Debian's `mecab` with the mecab-ko-dic CSVs we have compiled by mecab-dict-index
 * (a speed peer only: without NNG.csv and matrix.def its analyses are meaningless). Also kornlu's
 * dictionary load time and memory after load.
 *
 *   npm run bench:morph      (needs apt packages mecab mecab-utils libmecab-dev; LINES=20000)
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadMorphAnalyzer } from '../src/node/index.js';
import { barChart, machine, median, time } from './lib/report.js';
import { projectRoot, requireData, sharedDir } from './lib/data.js';

const LINES = Number(process.env.LINES ?? 20_000);
const ROUNDS = Number(process.env.ROUNDS ?? 7);
const log = (s: string) => process.stderr.write(s + '\n');
const lines = readFileSync(requireData('nsmc-reviews-corpus/nsmc_raw_reviews.txt'), 'utf8').split('\n').slice(0, LINES);
const chars = lines.reduce((n, l) => n + l.length, 0);
const work = mkdtempSync(path.join(tmpdir(), 'kornlu-morph-bench-'));
const input = path.join(work, 'input.txt');
writeFileSync(input, lines.join('\n') + '\n');
log(`${lines.length} lines, ${chars} characters`);

// --- kornlu: load time and memory, then throughput -----------------------------------------------
const gc = (globalThis as { gc?: () => void }).gc;
gc?.();
const heapBefore = process.memoryUsage().heapUsed;
const rssBefore = process.memoryUsage().rss;
let ma = await loadMorphAnalyzer();
gc?.();
// Memory held by one loaded analyzer (measured before the timing loads below add garbage).
const memory = { heapMB: +((process.memoryUsage().heapUsed - heapBefore) / 2 ** 20).toFixed(1), rssMB: +((process.memoryUsage().rss - rssBefore) / 2 ** 20).toFixed(1) };
const loadTimes: number[] = [];
for (let k = 0; k < 5; k++) loadTimes.push(await time(async () => (ma = await loadMorphAnalyzer())));
log(`load ${(median(loadTimes) * 1000).toFixed(0)} ms, memory ${JSON.stringify(memory)}`);
for (const l of lines.slice(0, 2000)) ma.analyze(l); // warm-up (JIT, caches)

// --- mecab ---------------------------------------------------------------------------------------
const dictIndex = ['/usr/lib/mecab/mecab-dict-index', '/usr/libexec/mecab/mecab-dict-index'].find((p) => existsSync(p));
let mecabDic: string | null = null;
if (dictIndex && spawnSync('mecab', ['--version']).status === 0) {
  const src = path.join(work, 'mecab-src');
  mecabDic = path.join(work, 'mecab-dic');
  mkdirSync(src);
  mkdirSync(mecabDic);
  const from = path.join(sharedDir(), 'models-third-party/mecab-ko-dic');
  for (const f of readdirSync(from)) if (/\.(csv|def)$|^dicrc$/.test(f)) copyFileSync(path.join(from, f), path.join(src, f));
  // matrix.def is missing from the partial dictionary: an all-zero matrix of the right size.
  const size = (f: string) => readFileSync(path.join(src, f), 'utf8').split('\n').filter(Boolean).length;
  writeFileSync(path.join(src, 'matrix.def'), `${size('right-id.def')} ${size('left-id.def')}\n`);
  execFileSync(dictIndex, ['-d', src, '-o', mecabDic, '-f', 'utf-8', '-t', 'utf-8'], { stdio: 'ignore' });
  copyFileSync(path.join(src, 'dicrc'), path.join(mecabDic, 'dicrc'));
} else {
  log('mecab not installed (apt-get install mecab mecab-utils libmecab-dev): measuring kornlu only');
}

const ours: number[] = [];
const theirs: number[] = [];
for (let r = 0; r < ROUNDS; r++) {
  ours.push(await time(() => lines.forEach((l) => ma.analyze(l))));
  if (mecabDic) theirs.push(await time(() => execFileSync('mecab', ['-d', mecabDic!, input, '-o', '/dev/null'])));
  log(`round ${r + 1}: kornlu ${(chars / ours[r]!).toFixed(0)} chars/s${mecabDic ? `, mecab ${(chars / theirs[r]!).toFixed(0)} chars/s` : ''}`);
}
// 1 MB of text without spaces: linear time, bounded memory (after the rounds, so its garbage
// does not weigh on them).
const big = '대한민국의수도는서울이다'.repeat(90_000);
const noSpacesSeconds = await time(() => ma.analyze(big));
const noSpaces = { chars: big.length, seconds: +noSpacesSeconds.toFixed(2), heapMB: +(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0) };
log(`1 MB without spaces: ${noSpaces.seconds} s`);

// Lattice size, the work per character: kornlu's lattice nodes vs the nodes `mecab -a` (all
// morphemes of the lattice) prints, over the first 2,000 lines.
const sample = lines.slice(0, 2000);
const sampleChars = sample.reduce((n, l) => n + l.length, 0);
const oursNodes = sample.reduce((n, l) => n + ma.lattice(l.normalize('NFC')).nodes.n, 0);
let mecabNodes: number | null = null;
if (mecabDic) {
  const sampleFile = path.join(work, 'sample.txt');
  writeFileSync(sampleFile, sample.join('\n') + '\n');
  const all = execFileSync('mecab', ['-d', mecabDic, '-a', sampleFile], { encoding: 'utf8', maxBuffer: 1 << 30 });
  mecabNodes = all.split('\n').filter((l) => l !== '' && l !== 'EOS').length;
}
const lattice = {
  lines: sample.length,
  chars: sampleChars,
  kornluNodesPerChar: +(oursNodes / sampleChars).toFixed(2),
  mecabNodesPerChar: mecabNodes === null ? null : +(mecabNodes / sampleChars).toFixed(2),
};
log(`lattice nodes per character: kornlu ${lattice.kornluNodesPerChar}, mecab ${lattice.mecabNodesPerChar}`);

const oursCps = chars / median(ours);
const mecabCps = mecabDic ? chars / median(theirs) : null;
const result = {
  date: new Date().toISOString(),
  machine: machine(),
  input: { file: 'nsmc-reviews-corpus/nsmc_raw_reviews.txt', lines: lines.length, chars },
  rounds: ROUNDS,
  kornlu: { charsPerSecond: Math.round(oursCps), seconds: ours, loadMs: +(median(loadTimes) * 1000).toFixed(1), memoryAfterLoad: memory },
  mecab: mecabCps === null ? null : { charsPerSecond: Math.round(mecabCps), seconds: theirs, note: 'process start and dictionary load included (one run of mecab over the file)' },
  ratio: mecabCps === null ? null : oursCps / mecabCps,
  oneMegabyteNoSpaces: noSpaces,
  lattice,
  goals: { ratio: '>= 0.5', loadMs: '< 300', memoryMB: '< 150' },
};
const dir = path.join(projectRoot, 'benchmarks/results');
writeFileSync(path.join(dir, 'morph.json'), JSON.stringify(result, null, 2) + '\n');
writeFileSync(
  path.join(dir, 'morph.svg'),
  barChart(`Morphological analysis, characters/s (median of ${ROUNDS}), ${lines.length} NSMC lines`, 'chars/s', [
    { label: 'kornlu MorphAnalyzer (pure TS)', value: oursCps },
    ...(mecabCps === null ? [] : [{ label: 'mecab + partial mecab-ko-dic (C++)', value: mecabCps }]),
  ]),
);
const md = [
  `# Morphological analysis benchmark — ${result.date.slice(0, 10)}`,
  '',
  `Machine: ${result.machine.cpu}, ${result.machine.cores} cores, Node ${result.machine.node}. One thread each. Command: \`npm run bench:morph\`.`,
  `Input: first ${lines.length} lines of nsmc_raw_reviews.txt (${chars} characters), median of ${ROUNDS} rounds.`,
  '',
  '| | chars/s | goal |',
  '|---|---|---|',
  `| kornlu MorphAnalyzer | ${Math.round(oursCps)} | — |`,
  mecabCps === null ? '| mecab | not installed | — |' : `| mecab (partial mecab-ko-dic, speed peer only) | ${Math.round(mecabCps)} | — |`,
  mecabCps === null ? '' : `| ratio kornlu ÷ mecab | ${(oursCps / mecabCps).toFixed(3)} | ≥ 0.5 |`,
  `| kornlu dictionary load (Node, median of 5) | ${result.kornlu.loadMs} ms | < 300 ms |`,
  `| kornlu memory after load (heap / RSS growth) | ${memory.heapMB} / ${memory.rssMB} MB | < 150 MB |`,
  `| 1 MB without spaces (${noSpaces.chars} chars) | ${noSpaces.seconds} s | linear |`,
  '',
  `Lattice nodes per character (first ${lattice.lines} lines): kornlu ${lattice.kornluNodesPerChar}` +
    (lattice.mecabNodesPerChar === null
      ? '.'
      : `, mecab ${lattice.mecabNodesPerChar} (\`mecab -a\`, which prints every lattice node). Time per node: kornlu ${(1e9 / (oursCps * lattice.kornluNodesPerChar)).toFixed(0)} ns, mecab ${(1e9 / (mecabCps! * lattice.mecabNodesPerChar)).toFixed(0)} ns.`),
  '',
  '![speed](morph.svg)',
  '',
];
writeFileSync(path.join(dir, 'morph.md'), md.join('\n'));
process.stdout.write(md.join('\n'));
