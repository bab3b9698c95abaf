/**
 * Reads the KLUE-DP gold file (eojeol, lemmas, POS per line) and splits it into the sentences we
 * fit on and the ones we only ever evaluate on.
 */
import { readFileSync } from 'node:fs';

export interface GoldMorpheme {
  lemma: string;
  tag: string;
}
export interface GoldEojeol {
  surface: string;
  morphemes: GoldMorpheme[];
}
export interface GoldSentence {
  id: string;
  text: string;
  eojeols: GoldEojeol[];
}

export function readKlue(path: string): GoldSentence[] {
  const out: GoldSentence[] = [];
  let cur: GoldSentence | null = null;
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line.startsWith('## klue-dp')) {
      const tab = line.indexOf('\t');
      cur = { id: line.slice(3, tab), text: line.slice(tab + 1), eojeols: [] };
      out.push(cur);
      continue;
    }
    if (line.startsWith('##') || line.trim() === '' || cur === null) continue;
    const [, surface, lemmas, pos] = line.split('\t');
    if (!surface || !lemmas || !pos) continue;
    const ls = lemmas.split(' ');
    const ts = pos.split('+');
    if (ls.length !== ts.length) continue; // a malformed row: skip rather than guess
    cur.eojeols.push({ surface, morphemes: ls.map((lemma, k) => ({ lemma, tag: ts[k]! })) });
  }
  return out.filter((s) => s.eojeols.length > 0);
}

/** First 80 % to fit, last 20 % held out (never used for fitting). */
export function splitKlue(all: GoldSentence[]): { train: GoldSentence[]; test: GoldSentence[] } {
  const cut = Math.floor(all.length * 0.8);
  return { train: all.slice(0, cut), test: all.slice(cut) };
}
