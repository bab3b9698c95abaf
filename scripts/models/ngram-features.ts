/**
 * Writes the n-gram head's feature counts of a labeled file for train_ngram_head.py: one JSON line
 * per example, {"i": [bucket, …], "c": [count, …], "label": n}, from the same `ngramCounts` the
 * pipeline scores with (src/pipelines/classify/ngram-head.ts), so training sees serving's features.
 *
 *   tsx scripts/models/ngram-features.ts --input F --format nsmc|3i4k --out F.jsonl [--char-buckets 262144] [--word-buckets 262144]
 */
import { createWriteStream } from 'node:fs';
import { parseArgs } from 'node:util';
import { ngramCounts } from '../../src/pipelines/classify/ngram-head.js';
import { readLabeledFile } from './labeled-file.js';

const { values } = parseArgs({
  options: {
    input: { type: 'string' },
    format: { type: 'string' },
    out: { type: 'string' },
    'char-buckets': { type: 'string', default: String(1 << 18) },
    'word-buckets': { type: 'string', default: String(1 << 18) },
  },
});
if (!values.input || !values.out || (values.format !== 'nsmc' && values.format !== '3i4k')) {
  console.error('usage: ngram-features.ts --input F --format nsmc|3i4k --out F.jsonl [--char-buckets N] [--word-buckets N]');
  process.exit(2);
}
const spec = { charNgrams: [1, 4] as [number, number], wordNgrams: [1, 2] as [number, number], charBuckets: Number(values['char-buckets']), wordBuckets: Number(values['word-buckets']) };
const out = createWriteStream(values.out);
let n = 0;
for await (const { text, label } of readLabeledFile(values.input, values.format)) {
  const counts = [...ngramCounts(text, spec)].sort((a, b) => a[0] - b[0]);
  if (!out.write(JSON.stringify({ i: counts.map((c) => c[0]), c: counts.map((c) => c[1]), label }) + '\n')) await new Promise<void>((r) => out.once('drain', () => r()));
  n++;
}
out.end();
console.error(`${values.out}: ${n} examples (${JSON.stringify(spec)})`);
