/**
 * A small KorQuAD-format fixture written by us (not derived from KorQuAD, which is CC BY-ND) with
 * predictions that hit every branch of the metric: quotes and brackets, ASCII punctuation, case,
 * Python-only whitespace, empty and missing answers, emoji, partial overlaps. Golden scores come
 * from scripts/korquad/reference_eval.py:
 *
 *   tsx scripts/korquad/make-fixture.ts && /usr/bin/python3 scripts/korquad/reference_eval.py \
 *     fixtures/korquad/data.json fixtures/korquad/predictions.json --per-question > fixtures/korquad/expected.json
 */
import { writeFileSync } from 'node:fs';

const qas: Array<[string, string | null]> = [
  // [gold, prediction (null = missing)]
  ['1989년 2월 15일', '1989년 2월 15일'],
  ['《훈민정음》', '훈민정음'],
  ['서울', '서울에서'],
  ['KTX', 'ktx.'],
  ['“세종대왕”', '"세종대왕"'],
  ['(주)삼성전자', '삼성전자'],
  ['10,000원', '10000원'],
  ['두 시간 반', '두\u3000시간\x1c반'],
  ['부산', ''],
  ['대한민국 임시정부', null],
  ['🙂 이모지', '🙂이모지'],
  ['〈독립신문〉', '독립 신문'],
  ['‘한글’', "'한글'"],
  ['ABC Corp', 'abc   corp!!'],
  ['제2차 세계 대전', '세계 대전'],
  ['여름휴가', '여름 휴가는'],
];
const data = {
  version: 'kornlu-fixture',
  data: [{ title: '픽스처', paragraphs: [{ context: qas.map((q) => q[0]).join(' '), qas: qas.map(([gold], i) => ({ id: `q${i}`, question: `질문 ${i}?`, answers: [{ text: gold, answer_start: 0 }] })) }] }],
};
const preds: Record<string, string> = {};
qas.forEach(([, p], i) => { if (p !== null) preds[`q${i}`] = p; });
preds['not-in-dataset'] = '무시됨';
writeFileSync('fixtures/korquad/data.json', JSON.stringify(data, null, 1) + '\n');
writeFileSync('fixtures/korquad/predictions.json', JSON.stringify(preds, null, 1) + '\n');
