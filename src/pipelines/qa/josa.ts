/**
 * Korean answer post-processing: extractive models often include the particle that follows a
 * noun in the passage (`서울에서` for the gold `서울`). With a morphological analyzer, trailing
 * particles (J* tags), and a copula with its endings after a noun (`서울이다`), are cut from the
 * answer span. Verb endings are never cut (`먹었다` stays).
 */
import type { MorphAnalyzer } from '../../morph/analyzer.js';

/** New exclusive end (relative to `answer`) with trailing particles removed; unchanged when none. */
export function trimTrailingJosa(answer: string, analyzer: MorphAnalyzer): number {
  const morphs = analyzer.analyze(answer);
  const n = morphs.length;
  if (n < 2) return answer.length;
  const eojeol = morphs[n - 1]!.eojeol;
  const inLast = (i: number) => i >= 0 && morphs[i]!.eojeol === eojeol;
  let k = n;
  while (inLast(k - 1) && morphs[k - 1]!.tag.startsWith('J')) k--;
  if (k === n) {
    // copula: N… VCP E… at the end
    let v = n;
    while (inLast(v - 1) && morphs[v - 1]!.tag.startsWith('E')) v--;
    if (v < n && inLast(v - 1) && morphs[v - 1]!.tag === 'VCP') k = v - 1;
  }
  // Something must remain of the last eojeol, and it must end in a noun-like morpheme.
  if (k === n || !inLast(k - 1) || !/^(N|S|XSN|XR)/.test(morphs[k - 1]!.tag)) return answer.length;
  return morphs[k]!.start;
}
