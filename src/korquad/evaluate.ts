/**
 * The official KorQuAD 1.0 metric (evaluate-v1.0.py), reproduced exactly: the same answer
 * normalization, exact match, character-level F1 (Python code points, not UTF-16 units), the max
 * over gold answers, and the average over every question of the dataset (a question with no
 * prediction scores 0).
 *
 * @example
 * const { exact_match, f1 } = evaluateKorQuAD(dataset, { '6548850-0-0': '1989년 2월 15일' });
 */
import { KornluError } from '../errors.js';

export interface SquadAnswer {
  text: string;
  answer_start: number;
}
export interface SquadQuestion {
  id: string;
  question: string;
  answers: SquadAnswer[];
}
export interface SquadParagraph {
  context: string;
  qas: SquadQuestion[];
}
export interface SquadDataset {
  version?: string;
  data: Array<{ title: string; paragraphs: SquadParagraph[] }>;
}

export interface KorQuADScore {
  exact_match: number;
  f1: number;
}

// Python's str.split() whitespace and string.punctuation, so normalization matches the script.
const PY_SPACE = /[\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/u;
const PUNCT = new Set('!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~');
const REMOVED = /['"《》<>〈〉()‘’]/g;

function pySplit(s: string): string[] {
  return s.split(PY_SPACE).filter((t) => t !== '');
}

export function normalizeAnswer(s: string): string {
  const removed = s.replace(REMOVED, ' ');
  const lowered = removed.toLowerCase();
  let noPunct = '';
  for (const ch of lowered) if (!PUNCT.has(ch)) noPunct += ch;
  return pySplit(noPunct).join(' ');
}

export function exactMatch(prediction: string, gold: string): boolean {
  return normalizeAnswer(prediction) === normalizeAnswer(gold);
}

/** Character-level F1: tokens of the normalized strings, split into code points, bag overlap. */
export function f1Score(prediction: string, gold: string): number {
  const chars = (s: string) => pySplit(normalizeAnswer(s)).flatMap((t) => [...t]);
  const p = chars(prediction);
  const g = chars(gold);
  const counts = new Map<string, number>();
  for (const c of g) counts.set(c, (counts.get(c) ?? 0) + 1);
  let same = 0;
  for (const c of p) {
    const n = counts.get(c) ?? 0;
    if (n > 0) {
      same++;
      counts.set(c, n - 1);
    }
  }
  if (same === 0) return 0;
  const precision = same / p.length;
  const recall = same / g.length;
  return (2 * precision * recall) / (precision + recall);
}

/** Checks the SQuAD v1.1 shape, so a wrong file fails with a message instead of a crash. */
export function parseSquad(json: unknown, file = 'dataset'): SquadDataset {
  const bad = (what: string) => new KornluError('INVALID_ARGUMENT', `not a SQuAD/KorQuAD v1 file: ${what}`, { path: file });
  if (!json || typeof json !== 'object' || !Array.isArray((json as SquadDataset).data)) throw bad('no "data" array');
  for (const [a, article] of (json as SquadDataset).data.entries()) {
    if (!Array.isArray(article?.paragraphs)) throw bad(`data[${a}] has no paragraphs`);
    for (const [p, para] of article.paragraphs.entries()) {
      if (typeof para?.context !== 'string' || !Array.isArray(para.qas)) throw bad(`data[${a}].paragraphs[${p}] needs context and qas`);
      for (const qa of para.qas) {
        if (typeof qa?.id !== 'string' || typeof qa.question !== 'string' || !Array.isArray(qa.answers)) throw bad(`question ${JSON.stringify(qa?.id)} needs id, question, answers`);
      }
    }
  }
  return json as SquadDataset;
}

/** Questions of a dataset in file order, with their context. */
export function* squadQuestions(ds: SquadDataset): Generator<SquadQuestion & { context: string; title: string }> {
  for (const article of ds.data) for (const para of article.paragraphs) for (const qa of para.qas) yield { ...qa, context: para.context, title: article.title };
}

/** The dataset with only the questions `keep` accepts (articles and passages stay, possibly empty): scoring a fold or a partial run. */
export function squadSubset(ds: SquadDataset, keep: (id: string) => boolean): SquadDataset {
  return { ...ds, data: ds.data.map((a) => ({ ...a, paragraphs: a.paragraphs.map((p) => ({ ...p, qas: p.qas.filter((q) => keep(q.id)) })) })) };
}

/**
 * EM and F1 in percent. `predictions` maps question id → answer text; ids missing from it score 0,
 * ids not in the dataset are ignored, and a non-string prediction counts as missing.
 */
export function evaluateKorQuAD(dataset: SquadDataset, predictions: Record<string, unknown>): KorQuADScore & { total: number; missing: number } {
  let em = 0, f1 = 0, total = 0, missing = 0;
  for (const qa of squadQuestions(dataset)) {
    total++;
    const pred = Object.prototype.hasOwnProperty.call(predictions, qa.id) ? predictions[qa.id] : undefined;
    if (typeof pred !== 'string') {
      missing++;
      continue;
    }
    const golds = qa.answers.map((a) => a.text);
    if (golds.length === 0) continue;
    em += Math.max(...golds.map((g) => (exactMatch(pred, g) ? 1 : 0)));
    f1 += Math.max(...golds.map((g) => f1Score(pred, g)));
  }
  return { exact_match: total ? (100 * em) / total : 0, f1: total ? (100 * f1) / total : 0, total, missing };
}
