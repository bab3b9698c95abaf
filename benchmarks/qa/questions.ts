/** The benchmark's question list and the result shape every worker writes. */
import { readFileSync } from 'node:fs';
import { parseSquad, squadQuestions } from '../../src/korquad/index.js';

export interface Question {
  id: string;
  question: string;
  context: string;
}

export interface WorkerResult {
  system: string;
  loadMs: number;
  /** Per question, in input order. */
  latencies: number[];
  answers: string[];
  peakRssMb: number;
  threads: number;
}

export function loadQuestions(file: string, ids?: readonly string[]): Question[] {
  const all = [...squadQuestions(parseSquad(JSON.parse(readFileSync(file, 'utf8')), file))].map(({ id, question, context }) => ({ id, question, context }));
  if (!ids) return all;
  const byId = new Map(all.map((q) => [q.id, q]));
  return ids.map((id) => byId.get(id)!);
}
