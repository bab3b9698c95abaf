// Smoke test of the built package (run by .ci/run after `npm run build`): the code paths that the
// tests, which run from source, cannot see — the ESM and CommonJS builds with their shared chunks,
// files found at run time next to the built modules (worker threads, the bundled models).
import { createRequire } from 'node:module';
import assert from 'node:assert/strict';

const require = createRequire(import.meta.url);

// Every subpath of package.json's "exports", by the package's own name (Node resolves a package's
// self-reference through its exports map), as ESM and as CommonJS: every file it names exists and loads.
const pkg = require('../package.json');
const modules = Object.keys(pkg.exports).filter((k) => !k.endsWith('.json'));
for (const key of modules) {
  const spec = key === '.' ? pkg.name : `${pkg.name}/${key.slice(2)}`;
  const esm = await import(spec);
  const cjs = require(spec);
  assert.ok(Object.keys(esm).length > 0 && Object.keys(cjs).length > 0, `${spec} exports something`);
  assert.deepEqual(Object.keys(cjs).sort(), Object.keys(esm).filter((k) => k !== 'default').sort(), `${spec}: the same names in both builds`);
}
console.log(`${modules.length} export paths load as ESM and CommonJS with the same names`);
const sentences = Array.from({ length: 300 }, (_, i) => ['배우', '연기', '영화', '음악', `단어${i % 40}`, '최고']);

for (const [name, mod] of [
  ['ESM', await import('../dist/node/index.js')],
  ['CommonJS', require('../dist/node/index.cjs')],
]) {
  // Two threads: the worker script must be found from wherever the bundler put Word2Vec.
  const w2v = new mod.Word2Vec({ dim: 8, epochs: 1, threads: 2, minCount: 1, seed: 1 });
  const vectors = await w2v.train(mod.arrayCorpus(sentences));
  assert.ok(vectors.has('영화'), `${name}: Word2Vec with 2 threads trained`);
  const ma = await mod.loadMorphAnalyzer();
  assert.equal(ma.analyze('눈물을 흘렸다').map((m) => `${m.lemma}/${m.tag}`).join(' '), '눈물/NNG 을/JKO 흘리/VV 었/EP 다/EF', `${name}: morphological analyzer`);
  // The analyzer's worker threads, found the same way.
  const pool = await mod.MorphAnalyzerPool.start({ threads: 2, chunkSize: 1 });
  const texts = ['눈물을 흘렸다', '여름휴가는 즐겁다', '했다'];
  assert.deepEqual(await pool.analyze(texts), texts.map((t) => ma.analyze(t)), `${name}: MorphAnalyzerPool`);
  await pool.close();
  console.log(`${name} build: Word2Vec (2 threads), the morphological analyzer and its worker pool work`);
}
const { pipeline } = require('../dist/pipelines/node.cjs');
const clf = await pipeline('sentiment');
assert.equal((await clf.run('배우들 연기가 정말 최고였어요'))[0].label, 'positive');
await clf.dispose();
console.log('CommonJS build: the default sentiment pipeline works');
process.exit(0); // onnxruntime's threads would keep the process alive
