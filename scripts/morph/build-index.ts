/**
 * Compiles the analyzer's lexicon index (models/ko-morph/index.bin.gz): tries, entry-id lists and
 * line offsets, so loading skips parsing and trie building. Rebuild after build-dict.ts:
 *
 *   npm run build:morph-index
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { projectRoot } from '../../benchmarks/lib/data.js';
import { Lexicon } from '../../src/morph/dict/lexicon.js';
import { MORPH_INDEX_FILE, MORPH_LEXICON_FILES } from '../../src/morph/load.js';

const dir = path.join(projectRoot, 'models/ko-morph');
const files = MORPH_LEXICON_FILES.map((name) => ({ name, text: gunzipSync(readFileSync(path.join(dir, name))).toString('utf8') }));
const t0 = performance.now();
const bytes = Lexicon.fromTSV(files).compile(files);
const gz = gzipSync(bytes, { level: 9 });
writeFileSync(path.join(dir, MORPH_INDEX_FILE), gz);
console.log(`${MORPH_INDEX_FILE}: ${bytes.length} bytes, ${gz.length} gzipped (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
