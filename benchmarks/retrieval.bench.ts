/**
 * Which BM25 term unit retrieves best, measured (issue #6, item 7):
 *  - KorQuAD 1.0 dev: each of the 5,774 questions retrieves its paragraph among all 964;
 *  - ChatbotData: each question, perturbed (spaces removed and one syllable replaced), retrieves
 *    its own pair among all 11,823 (a hit is any pair with the same original question text).
 * Recall@1, Recall@5 and MRR@10 per unit; the best unit becomes the retrieval default.
 *
 *   npm run bench:retrieval
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseSquad } from '../src/korquad/index.js';
import { loadMorphAnalyzer, loadSubwordTokenizer } from '../src/node/index.js';
import { pipeline, type TermUnit } from '../src/pipelines/node.js';
import { barChart, machine } from './lib/report.js';
import { parseCsv } from './lib/csv.js';
import { projectRoot, requireData } from './lib/data.js';

const log = (s: string) => process.stderr.write(s + '\n');
const analyzer = await loadMorphAnalyzer();
const tokenizer = await loadSubwordTokenizer(path.join(projectRoot, 'models/ko-wordpiece-16k/tokenizer.json'));
const UNITS: TermUnit[] = ['syllable-bigram', 'morpheme', 'subword', 'eojeol'];

// KorQuAD: paragraphs and the questions about them.
const squad = parseSquad(JSON.parse(readFileSync(requireData('korquad-v1/KorQuAD_v1.0_dev.json'), 'utf8')));
const paragraphs: string[] = [];
const kq: Array<{ q: string; para: number }> = [];
for (const a of squad.data) for (const p of a.paragraphs) {
  const id = paragraphs.push(p.context) - 1;
  for (const qa of p.qas) kq.push({ q: qa.question, para: id });
}

// ChatbotData: CSV with quoted fields.
const pairs = parseCsv(readFileSync(requireData('chatbot-data/ChatbotData.csv'), 'utf8')).slice(1).filter((r) => r.length >= 2 && r[0]);
let seed = 20240521;
const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x80000000);
/** Spaces removed, then one Hangul syllable replaced by a random one (a typo). */
function perturb(q: string): string {
  const chars = [...q.replace(/\s+/g, '')];
  const hangul = chars.map((c, i) => (/[가-힣]/.test(c) ? i : -1)).filter((i) => i >= 0);
  if (hangul.length > 1) chars[hangul[Math.floor(rand() * hangul.length)]!] = String.fromCharCode(0xac00 + Math.floor(rand() * 11172));
  return chars.join('');
}
const perturbed = pairs.map((p) => perturb(p[0]!));

type Scores = { recall_at_1: number; recall_at_5: number; mrr_at_10: number; ms_per_query: number };
async function measure(docs: string[], queries: Array<{ q: string; hit: (doc: number) => boolean }>, unit: TermUnit): Promise<Scores> {
  const r = await pipeline('retrieval', undefined, { documents: docs.map((text) => ({ text })), unit, analyzer, tokenizer });
  let r1 = 0, r5 = 0, mrr = 0;
  const t = performance.now();
  for (const { q, hit } of queries) {
    const res = await r.search(q, { topK: 10 });
    const rank = res.findIndex((h) => hit(h.doc));
    if (rank === 0) r1++;
    if (rank >= 0 && rank < 5) r5++;
    if (rank >= 0) mrr += 1 / (rank + 1);
  }
  const n = queries.length;
  return { recall_at_1: +(r1 / n).toFixed(4), recall_at_5: +(r5 / n).toFixed(4), mrr_at_10: +(mrr / n).toFixed(4), ms_per_query: +((performance.now() - t) / n).toFixed(3) };
}

const results: Record<string, { korquad: Scores; chatbot: Scores }> = {};
const sameQuestion = new Map<string, Set<number>>();
pairs.forEach((p, i) => { const s = sameQuestion.get(p[0]!) ?? new Set<number>(); s.add(i); sameQuestion.set(p[0]!, s); });
for (const unit of UNITS) {
  log(`unit ${unit} …`);
  const korquad = await measure(paragraphs, kq.map(({ q, para }) => ({ q, hit: (d: number) => d === para })), unit);
  const chatbot = await measure(pairs.map((p) => p[0]!), pairs.map((p, i) => ({ q: perturbed[i]!, hit: (d: number) => sameQuestion.get(p[0]!)!.has(d) })), unit);
  results[unit] = { korquad, chatbot };
  log(`  korquad ${JSON.stringify(korquad)}\n  chatbot ${JSON.stringify(chatbot)}`);
}
const out = path.join(projectRoot, 'benchmarks/results');
writeFileSync(path.join(out, 'retrieval.json'), JSON.stringify({ machine: machine(), korquad: { questions: kq.length, paragraphs: paragraphs.length }, chatbot: { pairs: pairs.length, perturbation: 'spaces removed + one random Hangul syllable replaced (seeded)' }, bm25: { k1: 1.2, b: 0.75 }, results }, null, 2) + '\n');
const md = [
  '# Retrieval: BM25 term units, measured',
  '',
  `KorQuAD 1.0 dev: ${kq.length} questions → their paragraph among ${paragraphs.length}. ChatbotData: ${pairs.length} questions with spaces removed and one syllable replaced → their own pair. BM25 k1 1.2, b 0.75.`,
  '',
  '| unit | KorQuAD R@1 | R@5 | MRR@10 | ms/query | ChatbotData R@1 | R@5 | MRR@10 | ms/query |',
  '|---|---|---|---|---|---|---|---|---|',
  ...UNITS.map((u) => { const k = results[u]!.korquad, c = results[u]!.chatbot; return `| ${u} | ${k.recall_at_1} | ${k.recall_at_5} | ${k.mrr_at_10} | ${k.ms_per_query} | ${c.recall_at_1} | ${c.recall_at_5} | ${c.mrr_at_10} | ${c.ms_per_query} |`; }),
  '',
  'Made by `npm run bench:retrieval` (benchmarks/retrieval.bench.ts).',
  '',
].join('\n');
writeFileSync(path.join(out, 'retrieval.md'), md);
writeFileSync(path.join(out, 'retrieval.svg'), barChart('MRR@10 by BM25 unit (KorQuAD dev / ChatbotData perturbed)', 'MRR@10', UNITS.flatMap((u) => [{ label: `${u} · KorQuAD`, value: results[u]!.korquad.mrr_at_10 }, { label: `${u} · ChatbotData`, value: results[u]!.chatbot.mrr_at_10 }])));
process.stdout.write(md);
