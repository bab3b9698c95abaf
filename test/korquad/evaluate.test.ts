/**
 * The KorQuAD metric against golden numbers from an independent Python implementation of the
 * official script (scripts/korquad/reference_eval.py), on a fixture that exercises every branch.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluateKorQuAD, exactMatch, f1Score, normalizeAnswer, parseSquad, squadQuestions, squadSubset } from '../../src/korquad/index.js';

const read = (f: string) => JSON.parse(readFileSync(`fixtures/korquad/${f}`, 'utf8')) as unknown;
const data = parseSquad(read('data.json'));
const preds = read('predictions.json') as Record<string, string>;
const want = read('expected.json') as { exact_match: number; f1: number; per_question: Record<string, [number, number]> };

describe('KorQuAD 1.0 metric', () => {
  it('equals the reference implementation, total and per question', () => {
    const got = evaluateKorQuAD(data, preds);
    expect(got.exact_match).toBeCloseTo(want.exact_match, 10);
    expect(got.f1).toBeCloseTo(want.f1, 10);
    expect(got.missing).toBe(1);
    for (const q of squadQuestions(data)) {
      const ref = want.per_question[q.id];
      if (!ref) continue; // missing prediction
      const p = preds[q.id]!;
      const g = q.answers[0]!.text;
      expect([exactMatch(p, g) ? 1 : 0, f1Score(p, g)], q.id).toEqual([ref[0], expect.closeTo(ref[1], 12)]);
    }
  });

  it('normalizes like the official script', () => {
    expect(normalizeAnswer('《훈민정음》 (해례본)')).toBe('훈민정음 해례본');
    expect(normalizeAnswer('  KTX.\u3000Seoul!! ')).toBe('ktx seoul');
    expect(normalizeAnswer('“따옴표”')).toBe('“따옴표”'); // curly double quotes are not removed
  });

  it('scores every question: missing, non-string and empty predictions are 0; unknown ids ignored', () => {
    expect(evaluateKorQuAD(data, {})).toMatchObject({ exact_match: 0, f1: 0, missing: 16 });
    const bad = evaluateKorQuAD(data, { q0: 42 as unknown as string, q1: '', zzz: '1989년 2월 15일' });
    expect(bad).toMatchObject({ exact_match: 0, f1: 0, missing: 15 });
  });

  it('rejects files that are not SQuAD-shaped, with the file named', () => {
    expect(() => parseSquad({ data: [{ paragraphs: [{ qas: [] }] }] }, 'x.json')).toThrow(/x\.json/);
    expect(() => parseSquad([], 'y.json')).toThrow(/no "data" array/);
  });

  it('squadSubset keeps only the chosen questions, so missing predictions elsewhere do not count', () => {
    const ids = [...squadQuestions(data)].map((q) => q.id);
    const keep = new Set(ids.filter((id) => typeof preds[id] === 'string'));
    const sub = squadSubset(data, (id) => keep.has(id));
    expect([...squadQuestions(sub)].map((q) => q.id)).toEqual(ids.filter((id) => keep.has(id)));
    expect(sub.data.length).toBe(data.data.length);
    expect(evaluateKorQuAD(sub, preds).missing).toBe(0);
    expect([...squadQuestions(data)].length).toBe(ids.length); // the input is not modified
  });
});
