import { expect } from 'vitest';
import type { Token } from '../../src/index.js';
import type { QAAnswer } from '../../src/pipelines/question-answering.js';

/** The contract every tokenizer keeps: surface = slice, ordered, in bounds. */
export function expectExactOffsets(input: string, tokens: Token[]): void {
  let lastStart = 0;
  for (const t of tokens) {
    expect(t.start).toBeGreaterThanOrEqual(0);
    expect(t.end).toBeLessThanOrEqual(input.length);
    expect(t.start).toBeLessThanOrEqual(t.end);
    expect(t.start).toBeGreaterThanOrEqual(lastStart);
    expect(input.slice(t.start, t.end)).toBe(t.text);
    lastStart = t.start;
  }
}

/** The QA contract: answers are slices of the context, scores are probabilities, blank contexts answer nothing. */
export function expectAnswerSlices(context: string, answers: QAAnswer[], minScore: number): void {
  if (context.trim() === '') expect(answers).toEqual([]);
  for (const a of answers) {
    expect(a.answer).toBe(context.slice(a.start, a.end));
    expect(a.end).toBeGreaterThan(a.start);
    expect(a.score).toBeGreaterThanOrEqual(minScore);
    expect(a.score).toBeLessThanOrEqual(1);
  }
}
