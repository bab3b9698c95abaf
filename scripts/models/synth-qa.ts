/**
 * Cloze-style synthetic questions for the MRC recipe (`recipe:qa` trains on them): in each
 * passage, one sentence at a time, a date / number-with-unit / quoted name becomes the answer and
 * the sentence, with that span replaced by 언제 / 몇 … / 무엇, some words dropped and its ending cut,
 * becomes the question. Windows are cut like encode-qa.ts's and keep their article's fold, so a
 * held-out fold never trains on its own passages (`train_mrc.py --extra`).
 *
 *   tsx scripts/models/synth-qa.ts --tokenizer T.json --data KorQuAD_v1.0_dev.json --folds FOLDS.json --out synthetic.jsonl
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parseSquad } from '../../src/korquad/evaluate.js';
import { loadSubwordTokenizer } from '../../src/node/index.js';
import { questionWindows, spanTokens, windowSettings } from '../../src/pipelines/qa/windows.js';
import { clozeQuestion, lcg } from './cloze.js';

const { values } = parseArgs({ options: { tokenizer: { type: 'string' }, data: { type: 'string' }, folds: { type: 'string' }, out: { type: 'string' } } });
if (!values.tokenizer || !values.data || !values.folds || !values.out) {
  console.error('usage: synth-qa.ts --tokenizer T.json --data SQUAD.json --folds folds.json (from encode-qa.ts) --out F.jsonl');
  process.exit(2);
}
const tok = await loadSubwordTokenizer(values.tokenizer);
const ds = parseSquad(JSON.parse(readFileSync(values.data, 'utf8')), values.data);
const folds = JSON.parse(readFileSync(values.folds, 'utf8')) as { questions: Array<{ id: string; fold: number; article: number }> };
const foldOfArticle = new Map(folds.questions.map((q) => [q.article, q.fold]));
const o = windowSettings({ maxSeqLength: 384 }, 384);
const rand = lcg(7);
const lines: string[] = [];
let n = 0;
ds.data.forEach((article, a) => {
  const fold = foldOfArticle.get(a)!;
  for (const p of article.paragraphs) {
    const ctx = p.context;
    for (const m of ctx.matchAll(/[^.!?]+[.!?]/g)) {
      const sent = m[0];
      const sStart = m.index!;
      const c = clozeQuestion(sent, rand);
      if (!c) continue;
      const aStart = sStart + c.answerStart;
      const ans = c.answer;
      const q = c.question;
      for (const e of questionWindows(tok, q, ctx, o)) {
        const [start, end] = spanTokens(e, aStart, aStart + ans.length) ?? [0, 0];
        lines.push(JSON.stringify({ q: -1, fold, synthetic: true, ids: e.ids, types: e.typeIds, start, end }));
      }
      n++;
    }
  }
});
writeFileSync(values.out, lines.join('\n') + '\n');
console.error(n, 'synthetic questions,', lines.length, 'windows');
