/**
 * Answer reranking for extractive QA. The reader scores spans by p(start)·p(end) alone; the
 * reranker rescores its top candidates with a linear model over cheap, analyzer-free features that
 * the reader does not see directly: how long the span is, whether it stops inside an eojeol
 * (before its particle, as KorQuAD answers do) or starts inside one, whether it repeats the
 * question's words, how much of the question appears around it, how much of the reader's
 * probability mass overlapping spans carry, and whether its type (date, number, counter, place,
 * name) fits the question word. Weights are learned by `scripts/models/qa-reranker.ts` on
 * out-of-fold candidates (stacking) and stored in the model folder as `reranker.json`.
 */
import { KornluError } from '../../errors.js';

export interface RerankCandidate {
  /** Character span in the context. */
  start: number;
  end: number;
  /** The reader's log p(start) + log p(end). */
  logScore: number;
  /** The particle cut from a reader span to make this one (`withTrimmedSpans`); absent for the reader's own spans. */
  trimmed?: string;
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
  // Particle-trimmed copies of reader spans (withTrimmedSpans): which particle was cut, and
  // whether a reader span still ends with a trimmable one.
  'trimmed',
  'ends_with_trimmable',
  'trimmed_eun_neun',
  'trimmed_eul_reul',
  'trimmed_i_ga',
  'trimmed_ui',
  'trimmed_e',
  'trimmed_ro',
  'trimmed_wa_gwa',
  'trimmed_copula',
] as const;
export type RerankFeature = (typeof RERANK_FEATURES)[number];
const F = Object.fromEntries(RERANK_FEATURES.map((name, k) => [name, k])) as Record<RerankFeature, number>;

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
/**
 * Particles (and copula forms) a reader span may end with that KorQuAD's answers leave out,
 * longest first (서울에서는 loses 에서는, not 는). The list was chosen by nested cross-validation
 * (see models/ko-qa/README.md). It is kept apart from `PARTICLES` (the older `ends_with_particle`
 * feature) on purpose: the shipped weights were fit on both as they are, so merging them means
 * refitting the reranker.
 */
export const TRIMMABLE = [
  '에서는', '에서도', '에게는', '으로는', '으로도', '이라는', '에서', '에게', '으로', '까지', '부터', '처럼', '보다', '에는',
  '에도', '로는', '와는', '과는', '라는', '이란', '이다', '이며', '이고', '였다', '와', '과', '은', '는', '이', '가', '을',
  '를', '의', '에', '로', '도', '만', '란',
].sort((a, b) => b.length - a.length);
/** The particles each `trimmed_*` feature stands for. */
const TRIM_GROUPS: Array<[RerankFeature, readonly string[]]> = [
  ['trimmed_eun_neun', ['은', '는']],
  ['trimmed_eul_reul', ['을', '를']],
  ['trimmed_i_ga', ['이', '가']],
  ['trimmed_ui', ['의']],
  ['trimmed_e', ['에', '에서', '에게']],
  ['trimmed_ro', ['으로', '로']],
  ['trimmed_wa_gwa', ['와', '과']],
  ['trimmed_copula', ['이다', '이며', '이고', '였다']],
];

/** The trimmable particle `answer` ends with (longest), if anything is left before it. */
function trimmableEnd(answer: string): string | undefined {
  return TRIMMABLE.find((p) => answer.length > p.length && answer.endsWith(p));
}

/**
 * The candidates, then a copy of each one that ends with a trimmable particle with the particle cut
 * off (서울에서 → 서울), unless some candidate already has that span. A copy keeps its source's
 * reader score; the reranker tells them apart by the `trimmed*` features. Analyzer-free: the
 * reranker learns from the gold answers when cutting is right (it is not for 아이 or 나라가 in
 * every context), which is why its features name the particle.
 */
export function withTrimmedSpans(context: string, cands: readonly RerankCandidate[]): RerankCandidate[] {
  const out = [...cands];
  const seen = new Set(cands.map((c) => `${c.start}:${c.end}`));
  for (const c of cands) {
    if (c.trimmed !== undefined) continue;
    const p = trimmableEnd(context.slice(c.start, c.end));
    if (p === undefined) continue;
    const key = `${c.start}:${c.end - p.length}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ start: c.start, end: c.end - p.length, logScore: c.logScore, trimmed: p });
  }
  return out;
}

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

/** Where the question's n-grams occur in the context, whitespace ignored (one pass; no n-gram sets of the context). */
interface Hit {
  gram: string;
  /** Original span of the occurrence. */
  start: number;
  end: number;
  sentence: number;
}

/** The context without whitespace, and where each of its code units came from. */
function compactOf(context: string): { compact: string; pos: Int32Array } {
  const pos = new Int32Array(context.length);
  let m = 0;
  for (let i = 0; i < context.length; i++) if (!/\s/.test(context[i]!)) pos[m++] = i;
  return { compact: context.replace(/\s/g, ''), pos: pos.subarray(0, m) };
}

function questionHits({ compact, pos }: ReturnType<typeof compactOf>, sents: ReadonlyArray<[number, number]>, grams: Set<string>, n: number): Hit[] {
  const hits: Hit[] = [];
  let k = 0;
  for (let i = 0; i + n <= compact.length; i++) {
    const g = compact.slice(i, i + n);
    if (!grams.has(g)) continue;
    while (k < sents.length - 1 && sents[k]![1] <= pos[i]!) k++;
    hits.push({ gram: g, start: pos[i]!, end: pos[i + n - 1]! + 1, sentence: k });
  }
  return hits;
}

/** Distinct question n-grams occurring within `radius` characters before or after [start, end). */
function nearCount(hits: readonly Hit[], start: number, end: number, radius: number): number {
  const seen = new Set<string>();
  for (const h of hits) if ((h.start >= start - radius && h.end <= start) || (h.start >= end && h.end <= end + radius)) seen.add(h.gram);
  return seen.size;
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
  const compact = compactOf(context);
  const hits = questionHits(compact, sents, q.grams, 2);
  const triHits = questionHits(compact, sents, q.trigrams, 3);
  const inSentence = sents.map(() => new Set<string>());
  for (const h of hits) inSentence[h.sentence]!.add(h.gram);
  const df = new Map<string, number>();
  for (const set of inSentence) for (const g of set) df.set(g, (df.get(g) ?? 0) + 1);
  let idfAll = 0;
  const idf = new Map<string, number>();
  for (const g of q.grams) {
    const w = Math.log((sents.length + 1) / ((df.get(g) ?? 0) + 0.5));
    idf.set(g, w);
    idfAll += w;
  }
  const sentScore = inSentence.map((set) => {
    let hit = 0;
    for (const g of set) hit += idf.get(g)!;
    return idfAll > 0 ? hit / idfAll : 0;
  });
  const bestSent = Math.max(0, ...sentScore);
  const sentenceOf = (at: number) => {
    let k = 0;
    while (k < sents.length - 1 && sents[k]![1] <= at) k++;
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
    const si = sentenceOf(c.start);
    const digit = /\d/.test(answer);
    const first = answer[0] ?? '';
    const last = answer[answer.length - 1] ?? '';
    f[F.log_score_gap] = c.logScore - best;
    f[F.top1] = i === 0 ? 1 : 0;
    f[F.log_length] = Math.log1p(answer.length);
    f[F.spaces] = Math.min(5, (answer.match(/\s+/g) ?? []).length);
    f[F.ends_with_particle] = PARTICLES.some((p) => answer.length > p.length && answer.endsWith(p)) ? 1 : 0;
    f[F.ends_inside_eojeol] = c.end < context.length && isWordChar(context[c.end]!) ? 1 : 0;
    f[F.starts_inside_eojeol] = c.start > 0 && isWordChar(context[c.start - 1]!) ? 1 : 0;
    f[F.repeats_question] = grams.size ? repeated / grams.size : 0;
    f[F.question_near] = q.grams.size ? nearCount(hits, c.start, c.end, CONTEXT_RADIUS) / q.grams.size : 0;
    f[F.question_near_20] = q.grams.size ? nearCount(hits, c.start, c.end, 20) / q.grams.size : 0;
    f[F.question_in_sentence_idf] = sentScore[si] ?? 0;
    f[F.question_trigrams_near] = q.trigrams.size ? nearCount(triHits, c.start, c.end, CONTEXT_RADIUS) / q.trigrams.size : 0;
    f[F.best_sentence] = sents.length && sentScore[si]! >= bestSent && bestSent > 0 ? 1 : 0;
    f[F.support] = support / total;
    f[F.has_digit] = digit ? 1 : 0;
    f[F.when_question_date] = q.when && digit && /[년월일]/.test(answer) ? 1 : 0;
    f[F.number_question_digit] = q.number && digit ? 1 : 0;
    f[F.who_question_digit] = q.who && digit ? 1 : 0;
    f[F.counter_match] = q.counter !== '' && digit && answer.includes(q.counter) ? 1 : 0;
    f[F.where_question_place] = q.where && /[시도군구국산강섬주역관원교](?![가-힣])/.test(answer) ? 1 : 0;
    f[F.who_question_name] = q.who && /^[가-힣]{2,4}$/.test(answer) ? 1 : 0;
    f[F.punct_edge] = (first && !isWordChar(first)) || (last && !isWordChar(last)) ? 1 : 0;
    f[F.ends_with_da] = /다$/.test(answer) ? 1 : 0;
    f[F.bracketed] = OPEN.includes(String.fromCharCode(prev)) && CLOSE.includes(String.fromCharCode(next)) ? 1 : 0;
    if (c.trimmed !== undefined) {
      f[F.trimmed] = 1;
      for (const [name, group] of TRIM_GROUPS) if (group.includes(c.trimmed)) f[F[name]] = 1;
    } else if (trimmableEnd(answer) !== undefined) f[F.ends_with_trimmable] = 1;
    return f;
  });
}

/** A reader answer as a reranker candidate (its score is p(start)·p(end); 0 would be log −∞). */
export function candidateOf(a: { start: number; end: number; score: number }): RerankCandidate {
  return { start: a.start, end: a.end, logScore: Math.log(Math.max(a.score, Number.MIN_VALUE)) };
}

/** A fitted reranker: scores candidates, best first. */
export class AnswerReranker {
  readonly candidates: number;
  /** Whether it also scores particle-trimmed copies of the reader's spans (a file fit with them names `trimmed`). */
  readonly trims: boolean;
  private readonly weights: Float64Array;

  /** `path`: where the file came from, named in errors. */
  constructor(file: RerankerFile, path?: string) {
    this.candidates = file.candidates;
    this.trims = file.features.includes('trimmed');
    // Weights are matched by feature name: a feature this version lacks fails loudly; one the file
    // lacks weighs 0.
    this.weights = new Float64Array(RERANK_FEATURES.length);
    file.features.forEach((name, k) => {
      const at = RERANK_FEATURES.indexOf(name);
      if (at < 0) throw new KornluError('INVALID_MODEL_FILE', `reranker.json: unknown feature "${name}"`, path === undefined ? undefined : { path });
      this.weights[at] = file.weights[k]!;
    });
  }

  /** Validates a parsed `reranker.json` (`path`, when given, is named in errors). */
  static fromJSON(value: unknown, path?: string): AnswerReranker {
    const v = value as Partial<RerankerFile> | null;
    const ok =
      v !== null && typeof v === 'object' && v.kind === 'kornlu-qa-reranker' && v.version === 1 &&
      Number.isInteger(v.candidates) && (v.candidates as number) > 0 &&
      Array.isArray(v.features) && Array.isArray(v.weights) && v.features.length === v.weights.length &&
      v.weights.every((w) => typeof w === 'number' && Number.isFinite(w));
    if (!ok) throw new KornluError('INVALID_MODEL_FILE', 'reranker.json: expected { kind: "kornlu-qa-reranker", version: 1, candidates, features[], weights[] } with finite weights', path === undefined ? undefined : { path });
    return new AnswerReranker(v as RerankerFile, path);
  }

  /** What it ranks for the reader's spans `cands`: those, and their trimmed copies when it `trims`. */
  expand(context: string, cands: readonly RerankCandidate[]): RerankCandidate[] {
    return this.trims ? withTrimmedSpans(context, cands) : [...cands];
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
