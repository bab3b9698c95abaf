/**
 * Builds the analyzer's lexicon files from declared sources, one file per licence:
 *   models/ko-morph/lex-kiwi.tsv.gz    Kiwi morphemes.txt (LGPL-2.1-or-later): forms, tags, corpus frequencies
 *   models/ko-morph/lex-mecab.tsv.gz   mecab-ko-dic 2.1.1 CSVs (Apache-2.0): single-morpheme entries
 *   models/ko-morph/lex-klue.tsv.gz    KLUE-DP dev, fitting split only (CC BY-SA 4.0): gold morphemes
 * Line format: surface \t lemma/TAG[+lemma/TAG…] \t prior (−log probability) \t flags
 * (flags: I irregular stem, V only after a vowel, C only after a consonant, D derived by a rule here).
 *
 *   npx tsx scripts/morph/build-dict.ts
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { compatFinals, normalizeTag } from '../../src/morph/tags.js';
import { projectRoot, requireData, sharedDir } from '../../benchmarks/lib/data.js';
import { klueLexiconRows, readKlue, rowsToTSV, splitKlue, type Row } from './klue.js';

const out = path.join(projectRoot, 'models/ko-morph');
const third = path.join(sharedDir(), 'models-third-party');

const write = (name: string, rows: Row[]) => {
  const text = rowsToTSV(rows);
  const gz = gzipSync(text, { level: 9 });
  writeFileSync(path.join(out, `${name}.gz`), gz);
  console.log(`${name}.gz: ${rows.length} entries, ${gz.length} bytes`);
};

// --- Kiwi -------------------------------------------------------------------------------------
const kiwiRows: Row[] = [];
{
  const lines = readFileSync(requireData('kiwi/morphemes.txt', third), 'utf8').split('\n');
  const parsed: Array<{ form: string; tag: string; freq: number; conds: string[] }> = [];
  let total = 0;
  for (const line of lines) {
    const [form, tag, freqS, ...conds] = line.split('\t');
    if (!form || !tag || !freqS) continue;
    if (conds.some((c) => c.startsWith('complex'))) continue; // multi-morpheme entries in Kiwi's scheme
    const freq = Number(freqS);
    if (!Number.isFinite(freq) || freq <= 0) continue;
    parsed.push({ form, tag, freq, conds });
    total += freq;
  }
  const byKey = new Map<string, Row>();
  for (const { form, tag, freq, conds } of parsed) {
    const surface = compatFinals(form);
    const t = normalizeTag(tag, surface);
    if (t === null || surface.length === 0) continue;
    const key = `${surface}/${t}`;
    let flags = '';
    if (/-I$/.test(tag)) flags += 'I';
    if (conds.includes('vocalic')) flags += 'V';
    if (conds.includes('non_vowel')) flags += 'C';
    const prior = -Math.log(freq / total);
    const seen = byKey.get(key);
    if (seen) {
      // Kiwi lists e.g. 걷/VV-R and 걷/VV-I: one entry, irregular allowed, the better prior.
      seen.flags = [...new Set(seen.flags + flags)].join('');
      seen.prior = Math.min(seen.prior, prior);
      continue;
    }
    const row = { surface, analysis: key, prior, flags };
    byKey.set(key, row);
    kiwiRows.push(row);
  }
  // Kiwi writes 깨끗하다 as 깨끗/XR + 하/XSA; the gold scheme often has one adjective 깨끗하/VA.
  // (Also deriving noun + 하/XSA pairs from XR roots scored lower on the dev sentences: not kept.)
  for (const r of [...kiwiRows]) {
    if (!r.analysis.endsWith('/XR')) continue;
    const key = `${r.surface}하/VA`;
    if (!byKey.has(key)) kiwiRows.push({ surface: `${r.surface}하`, analysis: key, prior: r.prior + 1, flags: 'D' });
  }
  write('lex-kiwi.tsv', kiwiRows);
}

// --- mecab-ko-dic ------------------------------------------------------------------------------
{
  const known = new Set(kiwiRows.map((r) => r.analysis));
  const rows: Row[] = [];
  const dir = path.join(third, 'mecab-ko-dic');
  // Inflected forms use mecab's own analysis scheme; the large place-name, Wikipedia-title and
  // North Korean lists are mostly proper nouns that crowd out common words (and slow loading).
  const skip = new Set(['Inflect.csv', 'Preanalysis.csv', 'Symbol.csv', 'Wikipedia.csv', 'Place.csv', 'Place-address.csv', 'Place-station.csv', 'NorthKorea.csv']);
  const seen = new Set<string>();
  // mecab word costs (≈ −log p × 100 in its own scale) mapped onto our prior scale.
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.csv') && !skip.has(f)).sort()) {
    for (const line of readFileSync(path.join(dir, f), 'utf8').split('\n')) {
      const c = line.split(',');
      if (c.length < 8) continue;
      const [surfaceRaw, , , costS, tagS] = c;
      if (!surfaceRaw || !tagS || tagS.includes('+')) continue;
      const surface = compatFinals(surfaceRaw);
      const t = normalizeTag(tagS, surface);
      if (t === null) continue;
      const key = `${surface}/${t}`;
      if (known.has(key) || seen.has(key)) continue;
      seen.add(key);
      const cost = Number(costS);
      rows.push({ surface, analysis: key, prior: 12 + Math.max(0, Math.min(20, cost / 400)), flags: '' });
    }
  }
  write('lex-mecab.tsv', rows);
}

// --- KLUE (fitting split only) ------------------------------------------------------------------
write('lex-klue.tsv', klueLexiconRows(splitKlue(readKlue(requireData('klue-dp/klue-dp-v1.1_dev_even.tsv'))).train));
