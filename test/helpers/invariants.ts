import { expect } from 'vitest';
import type { Token } from '../../src/index.js';

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
