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
let seed = 7;
const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
// Answer candidates: numbers with a unit/date word, or quoted/bracketed names.
const CAND = /(\d{1,4}(?:[,.]\d+)*\s?(?:년(?:\s?\d{1,2}월(?:\s?\d{1,2}일)?)?|월(?:\s?\d{1,2}일)?|일|명|개|권|차|번째|회|세|살|km|킬로미터|미터|m|%|퍼센트|원|달러|시간|분|초|층|위|편|곡|종|척|대|호))|《[^》]{1,20}》|「[^」]{1,20}」|‘[^’]{1,20}’|“[^”]{1,20}”|'[^']{1,20}'|"[^"]{1,20}"/g;
const wh = (a: string) => (/년|월|일$/.test(a) && /\d/.test(a) ? '언제' : /\d/.test(a) ? '몇 ' + (a.match(/[가-힣a-z%]+$/)?.[0] ?? '') : '무엇');
const lines: string[] = [];
let n = 0;
ds.data.forEach((article, a) => {
  const fold = foldOfArticle.get(a)!;
  for (const p of article.paragraphs) {
    const ctx = p.context;
    for (const m of ctx.matchAll(/[^.!?]+[.!?]/g)) {
      const sent = m[0];
      const sStart = m.index!;
      const cands = [...sent.matchAll(CAND)];
      if (!cands.length || sent.length < 20) continue;
      const c = cands[Math.floor(rand() * cands.length)]!;
      const ans = c[0].replace(/^['"‘“《「]|['"’”》」]$/g, '');
      const aStart = sStart + c.index! + (c[0].length - ans.length > 0 && /^['"‘“《「]/.test(c[0]) ? 1 : 0);
      // Question: the sentence with the answer replaced by a wh-word, words dropped at random, ending cut.
      let q = (sent.slice(0, c.index!) + ' ' + wh(ans) + ' ' + sent.slice(c.index! + c[0].length)).trim();
      q = q.replace(/[.!?]$/, '').split(/\s+/).filter((w, i, all) => i === all.length - 1 || w.includes('언제') || w.includes('몇') || w.includes('무엇') || rand() > 0.25).join(' ');
      q = q.replace(/(이다|였다|했다|한다|된다|있다|었다|았다|다)$/, '') + '?';
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
