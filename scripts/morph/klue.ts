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

export type Row = { surface: string; analysis: string; prior: number; flags: string };

/** Sorted TSV lexicon text (surface, analysis, prior, flags). */
export function rowsToTSV(rows: Row[]): string {
  rows.sort((a, b) => (a.surface < b.surface ? -1 : a.surface > b.surface ? 1 : a.analysis < b.analysis ? -1 : 1));
  return rows.map((r) => `${r.surface}\t${r.analysis}\t${r.prior.toFixed(2)}\t${r.flags}`).join('\n') + '\n';
}

/**
 * The KLUE lexicon made from gold sentences: morphemes with their frequencies, contracted chunks
 * the rules do not cover, and noun + 하 pairs. Training builds it per fold from the other folds
 * (cross-fitting), so the model learns how far KLUE entries can be trusted on unseen sentences.
 */
export function klueLexiconRows(sentences: GoldSentence[]): Row[] {
  const counts = new Map<string, number>();
  let total = 0;
  for (const s of sentences) for (const e of s.eojeols) for (const m of e.morphemes) {
    const key = `${m.lemma}/${m.tag}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
    total++;
  }
  const rows: Row[] = [];
  for (const [key, n] of counts) {
    const slash = key.lastIndexOf('/');
    rows.push({ surface: key.slice(0, slash), analysis: key, prior: -Math.log(n / total), flags: '' });
  }
  // Contractions the rules do not cover (게 = 것+이, 잖아요 = 지+않+아요 …): strip the morphemes
  // written as themselves from both ends; what is left is a written chunk and its analysis.
  const chunks = new Map<string, number>();
  for (const s of sentences) for (const e of s.eojeols) {
    const ms = e.morphemes;
    let a = 0;
    let pos = 0;
    while (a < ms.length && e.surface.startsWith(ms[a]!.lemma, pos)) pos += ms[a++]!.lemma.length;
    let b = ms.length;
    let end = e.surface.length;
    while (b > a && e.surface.endsWith(ms[b - 1]!.lemma, end) && end - ms[b - 1]!.lemma.length >= pos) end -= ms[--b]!.lemma.length;
    if (b - a < 1 || end <= pos) continue;
    const chunk = e.surface.slice(pos, end);
    const analysis = ms.slice(a, b).map((m) => `${m.lemma}/${m.tag}`).join('+');
    if (b - a === 1 && chunk === ms[a]!.lemma) continue;
    const k = `${chunk}\t${analysis}`;
    chunks.set(k, (chunks.get(k) ?? 0) + 1);
  }
  for (const [k, n] of chunks) {
    const [surface, analysis] = k.split('\t') as [string, string];
    rows.push({ surface, analysis, prior: -Math.log(n / total) + 2, flags: '' });
  }
  // Noun + 하 pairs decide XSV vs XSA per noun (친절하 → XSA, 시작하 → XSV): keep the seen pairs.
  const pairs = new Map<string, number>();
  for (const s of sentences) for (const e of s.eojeols) {
    const ms = e.morphemes;
    for (let k = 0; k + 1 < ms.length; k++) {
      const a = ms[k]!;
      const b = ms[k + 1]!;
      if (!/^(NNG|XR|NNP)$/.test(a.tag) || !/^(XSV|XSA)$/.test(b.tag)) continue;
      const key = `${a.lemma}${b.lemma}\t${a.lemma}/${a.tag}+${b.lemma}/${b.tag}`;
      pairs.set(key, (pairs.get(key) ?? 0) + 1);
    }
  }
  for (const [k, n] of pairs) {
    const [surface, analysis] = k.split('\t') as [string, string];
    if (!chunks.has(k)) rows.push({ surface, analysis, prior: -Math.log(n / total) + 2, flags: '' });
  }
  return rows;
}
