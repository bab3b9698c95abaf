/**
 * How much a rewrite of a QA model's graph (another quantization, fast_ops.py) changes its answers,
 * when the folds to re-run the cross-validation are gone: both model folders answer, through the
 * pipeline (reranker included), (1) every KorQuAD 1.0 dev question — which the shipped model was
 * trained on, so EM/F1 there are not quality figures, only the pair's difference — and (2) held-out
 * cloze questions (cloze.ts, the synthetic recipe) over news passages the readers never saw as QA
 * (Ko–En news dev + test, Korean side: 6 consecutive sentences a passage). Prints and writes JSON.
 *
 *   npx tsx scripts/models/qa-graph-agreement.ts --a OLD_DIR --b NEW_DIR [--out F.json] [--limit N]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { requireData } from '../../benchmarks/lib/data.js';
import { evaluateKorQuAD, parseSquad, squadQuestions, squadSubset, type SquadDataset } from '../../src/korquad/evaluate.js';
import { pipeline } from '../../src/pipelines/node.js';
import { clozeQuestion, lcg } from './cloze.js';

const { values } = parseArgs({ options: { a: { type: 'string' }, b: { type: 'string' }, out: { type: 'string' }, limit: { type: 'string' } } });
if (!values.a || !values.b) {
  console.error('usage: qa-graph-agreement.ts --a OLD_DIR --b NEW_DIR [--out F.json] [--limit N]');
  process.exit(2);
}

function newsCloze(): SquadDataset {
  const lines = ['korean-english-park.dev.ko', 'korean-english-park.test.ko'].flatMap((f) =>
    readFileSync(requireData(`ko-en-parallel/${f}`), 'utf8').split('\n').map((l) => l.trim()).filter((l) => l.length > 10));
  const rand = lcg(11);
  const paragraphs: SquadDataset['data'][number]['paragraphs'] = [];
  let id = 0;
  for (let i = 0; i + 6 <= lines.length; i += 6) {
    const sents = lines.slice(i, i + 6);
    const qas: (typeof paragraphs)[number]['qas'] = [];
    let offset = 0;
    for (const sent of sents) {
      const c = clozeQuestion(sent, rand);
      if (c) qas.push({ id: `news-${id++}`, question: c.question, answers: [{ text: c.answer, answer_start: offset + c.answerStart }] });
      offset += sent.length + 1;
    }
    if (qas.length) paragraphs.push({ context: sents.join(' '), qas });
  }
  return { version: 'news-cloze', data: [{ title: 'news', paragraphs }] };
}

async function compare(name: string, ds: SquadDataset) {
  const qs = [...squadQuestions(ds)].slice(0, values.limit ? Number(values.limit) : undefined);
  const kept = new Set(qs.map((q) => q.id));
  ds = squadSubset(ds, (id) => kept.has(id));
  const answers: Array<Array<{ answer: string; start: number }>> = [];
  const scores: Record<string, { exact_match: number; f1: number }> = {};
  for (const [label, dir] of [['a', values.a!], ['b', values.b!]] as const) {
    const qa = await pipeline('question-answering', dir, { threads: 2 });
    const res = await qa.run(qs.map((q) => ({ question: q.question, context: q.context })), { batchSize: 32 });
    await qa.dispose();
    answers.push(res.map((r) => ({ answer: r[0]?.answer ?? '', start: r[0]?.start ?? -1 })));
    const s = evaluateKorQuAD(ds, Object.fromEntries(qs.map((q, i) => [q.id, answers.at(-1)![i]!.answer])));
    scores[label] = { exact_match: +s.exact_match.toFixed(2), f1: +s.f1.toFixed(2) };
  }
  const same = qs.filter((_, i) => answers[0]![i]!.answer === answers[1]![i]!.answer && answers[0]![i]!.start === answers[1]![i]!.start).length;
  const row = { set: name, questions: qs.length, same_top_answer: same, a: scores.a, b: scores.b };
  console.log(JSON.stringify(row));
  return row;
}

const korquad = requireData('korquad-v1/KorQuAD_v1.0_dev.json');
const rows = [
  await compare('KorQuAD 1.0 dev (trained on: differences only)', parseSquad(JSON.parse(readFileSync(korquad, 'utf8')), korquad)),
  await compare('news cloze (held out)', newsCloze()),
];
if (values.out) writeFileSync(values.out, JSON.stringify({ a: values.a, b: values.b, rows }, null, 2) + '\n');
process.exit(0);
