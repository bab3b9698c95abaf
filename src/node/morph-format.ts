/**
 * The text forms of an analysis that `kornlu pos` / `kornlu tokenize --unit morpheme` print: one
 * output line (or n, for n-best) per input line. Shared by the CLI and the analyzer pool's workers.
 */
import type { Morpheme, MorphAnalyzer } from '../morph/analyzer.js';

export interface AnalysisFormat {
  /** JSON: `{text, start, end, tag, lemma}` per morpheme (an array of analyses for n-best). */
  json: boolean;
  /** Analyses per line (1: the best). */
  nbest: number;
  /** Text form: eojeols separated by ' | ' (kornlu pos) rather than plain lemma/TAG pairs. */
  eojeolBars: boolean;
}

/** The output for one input line, newline-terminated. */
export function formatAnalysis(ma: MorphAnalyzer, line: string, f: AnalysisFormat): string {
  const paths = ma.nbest(line, f.nbest);
  if (f.json) return JSON.stringify(f.nbest === 1 ? strip(paths[0] ?? []) : paths.map(strip)) + '\n';
  return paths.map((ms) => pairs(ms, f.eojeolBars)).join('\n') + '\n';
}

function strip(ms: Morpheme[]) {
  return ms.map(({ text, start, end, tag, lemma }) => ({ text, start, end, tag, lemma }));
}

function pairs(ms: Morpheme[], bars: boolean): string {
  if (!bars) return ms.map((m) => `${m.lemma}/${m.tag}`).join(' ');
  const parts: string[] = [];
  ms.forEach((m, k) => parts.push((k > 0 && m.eojeol !== ms[k - 1]!.eojeol ? '| ' : '') + `${m.lemma}/${m.tag}`));
  return parts.join(' ');
}
