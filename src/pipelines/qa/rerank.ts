/**
 * Answer reranking for extractive QA. The reader scores spans by p(start)·p(end) alone; the
 * reranker rescores its top candidates with a linear model over cheap, analyzer-free features that
 * the reader does not see directly: how long the span is, whether it stops inside an eojeol
 * (before its particle, as KorQuAD answers do) or starts inside one, whether it repeats the
 * question's words, how much of the question appears around it, how much of the reader's
 * probability mass overlapping spans carry, and whether its type (date, number) fits the question
 * word. Weights are learned by `scripts/models/train-qa-reranker.ts` on out-of-fold candidates
 * (stacking), stored in the model folder as `reranker.json`.
 */
import { KornluError } from '../../errors.js';

export interface RerankCandidate {
  /** Character span in the context. */
  start: number;
  end: number;
  /** The reader's log p(start) + log p(end). */
  logScore: number;
}

export const RERANK_FEATURES = [
  'log_score_gap',
  'top1',
  'log_length',
  'spaces',
  'ends_with_particle',
  'ends_inside_eojeol',
  'starts_inside_eojeol',
  'repeats_question',
  'question_near',
  'question_near_20',
  'question_in_sentence_idf',
  'question_trigrams_near',
  'best_sentence',
  'log_distance_to_question',
  'support',
  'has_digit',
  'when_question_date',
  'number_question_digit',
  'who_question_digit',
  'counter_match',
  'where_question_place',
  'who_question_name',
  'punct_edge',
  'ends_with_da',
  'bracketed',
] as const;
export type RerankFeature = (typeof RERANK_FEATURES)[number];

export interface RerankerFile {
  kind: 'kornlu-qa-reranker';
  version: 1;
  /** How many reader candidates per question the weights were fit on. */
  candidates: number;
  features: RerankFeature[];
  weights: number[];
}

/** Particles (and copula forms) that follow a noun inside an eojeol, longest first. */
const PARTICLES = ['에서는', '으로는', '에게서', '에서', '으로', '에게', '까지', '부터', '에는', '이다', '였다', '이며', '이고', '와의', '과의', '은', '는', '이', '가', '을', '를', '의', '에', '도', '만', '와', '과', '로', '란', '라'];
const CONTEXT_RADIUS = 80;
const isWordChar = (ch: string) => /[\p{L}\p{N}]/u.test(ch);
const OPEN = '《「『〈<(\'"‘“[';
const CLOSE = '》」』〉>)\'"’”]';

function ngrams(s: string, n = 2): Set<string> {
  const t = s.replace(/\s+/g, '');
  const out = new Set<string>();
  for (let i = 0; i + n <= t.length; i++) out.add(t.slice(i, i + n));
  return out;
}
const bigrams = (s: string) => ngrams(s, 2);

/** Sentence spans of the context (ends at . ! ? or a line break). */
function sentences(context: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  const re = /[^.!?\n]*(?:[.!?]+|\n|$)/g;
  for (let m = re.exec(context); m && m[0].length > 0; m = re.exec(context)) out.push([m.index, m.index + m[0].length]);
  return out;
}

/** Fraction of the question's bigram weight (IDF over the context's sentences) present in `grams`. */
function weightedOverlap(q: Set<string>, idf: Map<string, number>, grams: Set<string>): number {
  let hit = 0, all = 0;
  for (const g of q) {
    const w = idf.get(g) ?? 0;
    all += w;
    if (grams.has(g)) hit += w;
  }
  return all > 0 ? hit / all : 0;
}

interface QuestionInfo {
  grams: Set<string>;
  trigrams: Set<string>;
  when: boolean;
  number: boolean;
  who: boolean;
  where: boolean;
  /** The counter after 몇 (몇 명 → 명), '' when none. */
  counter: string;
}

function questionInfo(question: string): QuestionInfo {
  return {
    grams: bigrams(question),
    trigrams: ngrams(question, 3),
    when: /언제|연도|년도|날짜|며칠|몇\s?년|몇\s?월|시기|해는|날은/.test(question),
    number: /몇|얼마|규모|숫자|횟수/.test(question),
    who: /누구|누가|인물|사람은|사람의/.test(question),
    where: /어디|어느\s?(나라|지역|곳|도시|장소)|장소|위치/.test(question),
    counter: /몇\s?([가-힣]{1,2})/.exec(question)?.[1]?.slice(0, 1) ?? '',
  };
}

/** Feature vectors of the candidates (in the order given), `RERANK_FEATURES` long each. */
export function rerankFeatures(question: string, context: string, cands: readonly RerankCandidate[]): Float64Array[] {
  const q = questionInfo(question);
  const best = cands.reduce((m, c) => Math.max(m, c.logScore), -Infinity);
  const mass = cands.map((c) => Math.exp(c.logScore - best));
  const total = mass.reduce((a, b) => a + b, 0) || 1;
  // Sentences and IDF of the question's bigrams over them: a rare question bigram near a candidate
  // says more than a common one.
  const sents = sentences(context);
  const sentGrams = sents.map(([a, b]) => bigrams(context.slice(a, b)));
  const idf = new Map<string, number>();
  for (const g of q.grams) {
    let df = 0;
    for (const sg of sentGrams) if (sg.has(g)) df++;
    idf.set(g, Math.log((sents.length + 1) / (df + 0.5)));
  }
  const sentScore = sentGrams.map((g) => weightedOverlap(q.grams, idf, g));
  const bestSent = Math.max(0, ...sentScore);
  // Where the question's trigrams occur in the context (spaces ignored within the trigram).
  const anchors: number[] = [];
  for (let i = 0; i < context.length; i++) {
    let j = i, t = '';
    while (j < context.length && t.length < 3) {
      const ch = context[j++]!;
      if (!/\s/.test(ch)) t += ch;
    }
    if (t.length === 3 && q.trigrams.has(t)) anchors.push(i);
  }
  const sentenceOf = (pos: number) => {
    let k = 0;
    while (k < sents.length - 1 && sents[k]![1] <= pos) k++;
    return k;
  };
  return cands.map((c, i) => {
    const answer = context.slice(c.start, c.end);
    const f = new Float64Array(RERANK_FEATURES.length);
    const next = c.end < context.length ? context.charCodeAt(c.end) : 0;
    const prev = c.start > 0 ? context.charCodeAt(c.start - 1) : 0;
    let support = 0;
    for (let j = 0; j < cands.length; j++) if (cands[j]!.start < c.end && c.start < cands[j]!.end) support += mass[j]!;
    const grams = bigrams(answer);
    let repeated = 0;
    for (const g of grams) if (q.grams.has(g)) repeated++;
    const around = bigrams(context.slice(Math.max(0, c.start - CONTEXT_RADIUS), c.start) + ' ' + context.slice(c.end, c.end + CONTEXT_RADIUS));
    let near = 0;
    for (const g of q.grams) if (around.has(g)) near++;
    const close = bigrams(context.slice(Math.max(0, c.start - 20), c.start) + ' ' + context.slice(c.end, c.end + 20));
    let nearClose = 0;
    for (const g of q.grams) if (close.has(g)) nearClose++;
    const tri = ngrams(context.slice(Math.max(0, c.start - CONTEXT_RADIUS), c.start) + ' ' + context.slice(c.end, c.end + CONTEXT_RADIUS), 3);
    let nearTri = 0;
    for (const g of q.trigrams) if (tri.has(g)) nearTri++;
    const si = sentenceOf(c.start);
    const sentence = sents.length ? sentGrams[si]! : around;
    let dist = context.length;
    for (const a of anchors) {
      const d = a + 3 <= c.start ? c.start - (a + 3) : a >= c.end ? a - c.end : -1;
      if (d >= 0 && d < dist) dist = d;
    }
    const digit = /\d/.test(answer);
    const first = answer[0] ?? '';
    const last = answer[answer.length - 1] ?? '';
    f[0] = c.logScore - best;
    f[1] = i === 0 ? 1 : 0;
    f[2] = Math.log1p(answer.length);
    f[3] = Math.min(5, (answer.match(/\s+/g) ?? []).length);
    f[4] = PARTICLES.some((p) => answer.length > p.length && answer.endsWith(p)) ? 1 : 0;
    f[5] = c.end < context.length && isWordChar(context[c.end]!) ? 1 : 0;
    f[6] = c.start > 0 && isWordChar(context[c.start - 1]!) ? 1 : 0;
    f[7] = grams.size ? repeated / grams.size : 0;
    f[8] = q.grams.size ? near / q.grams.size : 0;
    f[9] = q.grams.size ? nearClose / q.grams.size : 0;
    f[10] = weightedOverlap(q.grams, idf, sentence);
    f[11] = q.trigrams.size ? nearTri / q.trigrams.size : 0;
    f[12] = sents.length && sentScore[si]! >= bestSent && bestSent > 0 ? 1 : 0;
    f[13] = Math.log1p(dist);
    f[14] = support / total;
    f[15] = digit ? 1 : 0;
    f[16] = q.when && digit && /[년월일]/.test(answer) ? 1 : 0;
    f[17] = q.number && digit ? 1 : 0;
    f[18] = q.who && digit ? 1 : 0;
    f[19] = q.counter !== '' && digit && answer.includes(q.counter) ? 1 : 0;
    f[20] = q.where && /[시도군구국산강섬주역관원교](?![가-힣])/.test(answer) ? 1 : 0;
    f[21] = q.who && /^[가-힣]{2,4}$/.test(answer) ? 1 : 0;
    f[22] = (first && !isWordChar(first)) || (last && !isWordChar(last)) ? 1 : 0;
    f[23] = /다$/.test(answer) ? 1 : 0;
    f[24] = OPEN.includes(String.fromCharCode(prev)) && CLOSE.includes(String.fromCharCode(next)) ? 1 : 0;
    return f;
  });
}

/** A fitted reranker: scores candidates, best first. */
export class AnswerReranker {
  readonly candidates: number;
  private readonly weights: Float64Array;

  constructor(file: RerankerFile) {
    this.candidates = file.candidates;
    // Weights are matched by feature name, so a file from an older feature list fails loudly.
    this.weights = new Float64Array(RERANK_FEATURES.length);
    file.features.forEach((name, k) => {
      const at = RERANK_FEATURES.indexOf(name);
      if (at < 0) throw new KornluError('INVALID_MODEL_FILE', `reranker.json: unknown feature "${name}"`);
      this.weights[at] = file.weights[k]!;
    });
  }

  /** Validates a parsed `reranker.json`. */
  static fromJSON(value: unknown): AnswerReranker {
    const v = value as Partial<RerankerFile> | null;
    const ok =
      v !== null && typeof v === 'object' && v.kind === 'kornlu-qa-reranker' && v.version === 1 &&
      Number.isInteger(v.candidates) && (v.candidates as number) > 0 &&
      Array.isArray(v.features) && Array.isArray(v.weights) && v.features.length === v.weights.length &&
      v.weights.every((w) => typeof w === 'number' && Number.isFinite(w));
    if (!ok) throw new KornluError('INVALID_MODEL_FILE', 'reranker.json: expected { kind: "kornlu-qa-reranker", version: 1, candidates, features[], weights[] } with finite weights');
    return new AnswerReranker(v as RerankerFile);
  }

  /** The reranker's score of each candidate (higher is better). */
  scores(question: string, context: string, cands: readonly RerankCandidate[]): number[] {
    return rerankFeatures(question, context, cands).map((f) => {
      let s = 0;
      for (let k = 0; k < f.length; k++) s += f[k]! * this.weights[k]!;
      return s;
    });
  }
}
