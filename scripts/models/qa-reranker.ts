/**
 * Fits the answer reranker (`src/pipelines/qa/rerank.ts`) of the QA recipe: a linear model over the
 * reranker's features, trained with a softmax over each question's reader candidates toward the
 * candidates with the best official F1 (ties share the target). Full-batch Adam, deterministic.
 * Candidates must come from readers that never saw the question's article (out-of-fold), so the
 * reranker learns to correct the reader's errors on unseen text, as it will be used.
 */
import { f1Score } from '../../src/korquad/evaluate.js';
import type { QuestionAnsweringPipeline } from '../../src/pipelines/question-answering.js';
import { candidateOf, RERANK_FEATURES, rerankFeatures, withTrimmedSpans, type RerankCandidate, type RerankerFile } from '../../src/pipelines/qa/rerank.js';

export interface RerankItem {
  id: string;
  question: string;
  context: string;
  /** The reader's spans, best first. */
  cands: RerankCandidate[];
  /** The gold answer texts. */
  answers: string[];
}

/** The reader's top `k` candidates for each question, without reranking, scored against the gold answers. */
export async function collectCandidates(
  qa: QuestionAnsweringPipeline,
  questions: ReadonlyArray<{ id: string; question: string; context: string; answers: Array<{ text: string }> }>,
  k: number,
): Promise<RerankItem[]> {
  const res = await qa.run(questions.map((q) => ({ question: q.question, context: q.context })), { topK: k, rerank: false, batchSize: 32 });
  return questions.map((q, i) => {
    const list = res[i]!;
    return {
      id: q.id,
      question: q.question,
      context: q.context,
      cands: list.map(candidateOf),
      answers: q.answers.map((g) => g.text),
    };
  });
}

export interface FitOptions {
  candidates: number;
  /** Also rank particle-trimmed copies of the spans (`withTrimmedSpans`; default true). */
  trim?: boolean;
  epochs?: number;
  l2?: number;
  lr?: number;
  log?: (line: string) => void;
}

export function fitReranker(items: readonly RerankItem[], o: FitOptions): RerankerFile {
  const D = RERANK_FEATURES.length;
  // Questions whose candidates all score F1 0 carry no signal about which one to prefer.
  const data = items
    .map((it) => {
      // The spans the pipeline will rank: the first `candidates`, with their trimmed copies.
      const base = it.cands.slice(0, o.candidates);
      const cands = o.trim === false ? base : withTrimmedSpans(it.context, base);
      const f1 = cands.map((c) => Math.max(0, ...it.answers.map((g) => f1Score(it.context.slice(c.start, c.end), g))));
      return { X: rerankFeatures(it.question, it.context, cands), f1 };
    })
    .filter((d) => d.f1.length > 0 && Math.max(...d.f1) > 0);
  const epochs = o.epochs ?? 300, l2 = o.l2 ?? 1e-3, lr = o.lr ?? 0.05;
  const w = new Float64Array(D), m = new Float64Array(D), v = new Float64Array(D);
  for (let ep = 1; ep <= epochs; ep++) {
    const g = new Float64Array(D);
    let loss = 0;
    for (const { X, f1 } of data) {
      const top = Math.max(...f1);
      const ties = f1.filter((f) => f === top).length;
      const s = X.map((x) => x.reduce((a, xi, k) => a + xi * w[k]!, 0));
      const mx = Math.max(...s);
      const p = s.map((z) => Math.exp(z - mx));
      const Z = p.reduce((a, b) => a + b, 0);
      for (let c = 0; c < X.length; c++) {
        const pc = p[c]! / Z, t = f1[c] === top ? 1 / ties : 0;
        if (t > 0) loss -= t * Math.log(pc);
        for (let k = 0; k < D; k++) g[k]! += (pc - t) * X[c]![k]!;
      }
    }
    for (let k = 0; k < D; k++) {
      const gk = g[k]! / data.length + l2 * w[k]!;
      m[k] = 0.9 * m[k]! + 0.1 * gk;
      v[k] = 0.999 * v[k]! + 0.001 * gk * gk;
      w[k]! -= (lr * (m[k]! / (1 - 0.9 ** ep))) / (Math.sqrt(v[k]! / (1 - 0.999 ** ep)) + 1e-8);
    }
    if (o.log && (ep % 100 === 0 || ep === 1)) o.log(`  reranker epoch ${ep}/${epochs} loss ${(loss / data.length).toFixed(4)} (${data.length} questions)`);
  }
  // Without trimmed copies the trimmed* features are never seen: leave them out, so the file says
  // whether it trims (AnswerReranker.trims).
  const keep = RERANK_FEATURES.map((name, k) => [name, k] as const).filter(([name]) => o.trim !== false || (!name.startsWith('trimmed') && name !== 'ends_with_trimmable'));
  return { kind: 'kornlu-qa-reranker', version: 1, candidates: o.candidates, features: keep.map(([name]) => name), weights: keep.map(([, k]) => +w[k]!.toFixed(6)) };
}
