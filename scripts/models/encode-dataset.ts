/**
 * Tokenizes a labeled dataset with a tokenizer.json for the PyTorch recipes (Python has no
 * tokenizer here): one JSON line per example, {"ids": [...], "label": n}. Same ids as the runtime
 * pipeline uses, so a model trained on them sees at serving time exactly what it saw in training.
 *
 *   tsx scripts/models/encode-dataset.ts --tokenizer T.json --input F --format nsmc|3i4k --out F.jsonl [--max-length 64]
 */
import { createWriteStream } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadSubwordTokenizer } from '../../src/node/index.js';
import { readLabeledFile } from './labeled-file.js';

const { values } = parseArgs({
  options: { tokenizer: { type: 'string' }, input: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' }, 'max-length': { type: 'string', default: '64' } },
});
if (!values.tokenizer || !values.input || !values.out || (values.format !== 'nsmc' && values.format !== '3i4k')) {
  console.error('usage: encode-dataset.ts --tokenizer T --input F --format nsmc|3i4k --out F.jsonl');
  process.exit(2);
}
const tok = await loadSubwordTokenizer(values.tokenizer);
const maxLength = Number(values['max-length']);
const out = createWriteStream(values.out);
let n = 0;
for await (const { text, label } of readLabeledFile(values.input, values.format)) {
  const ids = tok.encode(text, null, { truncation: { maxLength } }).ids;
  out.write(JSON.stringify({ ids, label }) + '\n');
  n++;
}
out.end();
console.error(`${values.out}: ${n} examples`);
