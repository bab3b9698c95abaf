/**
 * The EM effect of the QA pipeline's Korean post-processing (trimJosa) on KorQuAD 1.0 dev, on two
 * prediction sets that need no trained model:
 *  - gold answers as predictions: what trimming breaks when the span is already right (harm);
 *  - gold answers extended to the end of their eojeol in the context (서울 → 서울에서), the typical
 *    boundary error of extractive models: what trimming repairs (benefit).
 * The figure for a trained MRC model comes with the default model (issue #6).
 *
 *   npm run bench:josa-trim
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { evaluateKorQuAD, parseSquad, squadQuestions } from '../src/korquad/index.js';
import { loadMorphAnalyzer } from '../src/node/index.js';
import { trimTrailingJosa } from '../src/pipelines/node.js';
import { machine } from './lib/report.js';
import { projectRoot, requireData } from './lib/data.js';

const ds = parseSquad(JSON.parse(readFileSync(requireData('korquad-v1/KorQuAD_v1.0_dev.json'), 'utf8')));
const ma = await loadMorphAnalyzer();
const gold: Record<string, string> = {};
const extended: Record<string, string> = {};
let changedExtension = 0;
for (const q of squadQuestions(ds)) {
  const a = q.answers[0]!;
  // answer_start counts code points (Python); convert to a UTF-16 index.
  const start = [...q.context].slice(0, a.answer_start).join('').length;
  const end = start + a.text.length;
  gold[q.id] = a.text;
  let e = end;
  while (e < q.context.length && !/\s/.test(q.context[e]!)) e++;
  extended[q.id] = q.context.slice(start, e);
  if (e !== end) changedExtension++;
}
const trim = (preds: Record<string, string>) => Object.fromEntries(Object.entries(preds).map(([id, p]) => [id, p.slice(0, trimTrailingJosa(p, ma))]));
const score = (p: Record<string, string>) => {
  const r = evaluateKorQuAD(ds, p);
  return { exact_match: +r.exact_match.toFixed(2), f1: +r.f1.toFixed(2) };
};
const result = {
  machine: machine(),
  questions: Object.keys(gold).length,
  gold: { untrimmed: score(gold), trimmed: score(trim(gold)) },
  eojeolExtended: { changedByExtension: changedExtension, untrimmed: score(extended), trimmed: score(trim(extended)) },
};
writeFileSync(path.join(projectRoot, 'benchmarks/results/josa-trim.json'), JSON.stringify(result, null, 2) + '\n');
console.log(JSON.stringify(result, null, 2));
