/**
 * Cloze-style questions from plain sentences: a date / number with its unit / quoted name becomes
 * the answer, and the sentence, with that span replaced by 언제 / 몇 … / 무엇, some words dropped and
 * its ending cut, becomes the question. Used by synth-qa.ts (training windows) and
 * qa-graph-agreement.ts (held-out questions over text the readers never trained on).
 */

// Answer candidates: numbers with a unit/date word, or quoted/bracketed names.
const CAND = /(\d{1,4}(?:[,.]\d+)*\s?(?:년(?:\s?\d{1,2}월(?:\s?\d{1,2}일)?)?|월(?:\s?\d{1,2}일)?|일|명|개|권|차|번째|회|세|살|km|킬로미터|미터|m|%|퍼센트|원|달러|시간|분|초|층|위|편|곡|종|척|대|호))|《[^》]{1,20}》|「[^」]{1,20}」|‘[^’]{1,20}’|“[^”]{1,20}”|'[^']{1,20}'|"[^"]{1,20}"/g;
const wh = (a: string) => (/년|월|일$/.test(a) && /\d/.test(a) ? '언제' : /\d/.test(a) ? '몇 ' + (a.match(/[가-힣a-z%]+$/)?.[0] ?? '') : '무엇');

/** A seeded linear congruential generator in [0, 1). */
export function lcg(seed: number): () => number {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32);
}

/** One cloze question from `sent` (answer offsets relative to it), or null when it has no candidate. */
export function clozeQuestion(sent: string, rand: () => number): { question: string; answer: string; answerStart: number } | null {
  const cands = [...sent.matchAll(CAND)];
  if (!cands.length || sent.length < 20) return null;
  const c = cands[Math.floor(rand() * cands.length)]!;
  const answer = c[0].replace(/^['"‘“《「]|['"’”》」]$/g, '');
  const answerStart = c.index! + (c[0].length - answer.length > 0 && /^['"‘“《「]/.test(c[0]) ? 1 : 0);
  let q = (sent.slice(0, c.index!) + ' ' + wh(answer) + ' ' + sent.slice(c.index! + c[0].length)).trim();
  q = q.replace(/[.!?]$/, '').split(/\s+/).filter((w, i, all) => i === all.length - 1 || w.includes('언제') || w.includes('몇') || w.includes('무엇') || rand() > 0.25).join(' ');
  return { question: q.replace(/(이다|였다|했다|한다|된다|있다|었다|았다|다)$/, '') + '?', answer, answerStart };
}
