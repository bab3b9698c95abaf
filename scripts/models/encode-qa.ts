/**
 * Cuts KorQuAD-style data into the exact windows the QA pipeline serves (same tokenizer, same
 * window settings) and labels each with the answer's token span, for the PyTorch MRC recipe.
 * Articles are dealt into folds (folds.ts: seeded shuffle), so cross-validation splits by article.
 * One JSON line per window: {"q": question index, "fold", "ids", "types", "start", "end"};
 * start = end = 0 ([CLS]) when the window does not hold the whole answer.
 *
 *   tsx scripts/models/encode-qa.ts --tokenizer T.json --data KorQuAD_v1.0_dev.json --out DIR [--max-seq 192] [--folds 5]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parseSquad } from '../../src/korquad/evaluate.js';
import { loadSubwordTokenizer } from '../../src/node/index.js';
import { questionWindows, spanTokens, windowSettings } from '../../src/pipelines/qa/windows.js';
import { articleFolds } from './folds.js';

const { values } = parseArgs({
  options: {
    tokenizer: { type: 'string' }, data: { type: 'string' }, out: { type: 'string' },
    'max-seq': { type: 'string', default: '192' }, folds: { type: 'string', default: '5' }, seed: { type: 'string', default: '1' },
  },
});
if (!values.tokenizer || !values.data || !values.out) {
  console.error('usage: encode-qa.ts --tokenizer T.json --data SQUAD.json --out DIR [--max-seq 192] [--folds 5]');
  process.exit(2);
}
const tok = await loadSubwordTokenizer(values.tokenizer);
const ds = parseSquad(JSON.parse(readFileSync(values.data, 'utf8')), values.data);
const folds = Number(values.folds);
const o = windowSettings({ maxSeqLength: Number(values['max-seq']) }, Number(values['max-seq']));

const foldOf = articleFolds(ds.data.length, folds, Number(values.seed));

const lines: string[] = [];
const questions: Array<{ id: string; fold: number; article: number }> = [];
let positives = 0;
let lost = 0;
ds.data.forEach((article, a) => {
  for (const p of article.paragraphs) {
    for (const qa of p.qas) {
      const q = questions.length;
      const fold = foldOf[a]!;
      questions.push({ id: qa.id, fold, article: a });
      const ans = qa.answers[0]!;
      const aStart = ans.answer_start;
      const aEnd = aStart + ans.text.length;
      let found = false;
      for (const e of questionWindows(tok, qa.question, p.context, o)) {
        const span = spanTokens(e, aStart, aEnd);
        const [start, end] = span ?? [0, 0];
        if (span) found = true;
        if (start > 0) positives++;
        lines.push(JSON.stringify({ q, fold, ids: e.ids, types: e.typeIds, start, end }));
      }
      if (!found) lost++;
    }
  }
});
writeFileSync(path.join(values.out, 'windows.jsonl'), lines.join('\n') + '\n');
writeFileSync(path.join(values.out, 'folds.json'), JSON.stringify({ folds, seed: Number(values.seed), settings: o, questions }) + '\n');
console.error(`${questions.length} questions, ${lines.length} windows (${positives} with the answer), ${lost} answers not alignable`);
