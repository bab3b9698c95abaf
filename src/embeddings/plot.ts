/** PCA to two dimensions and an SVG scatter plot of chosen words: the classic embedding map. */
import { KornluError } from '../errors.js';
import type { KeyedVectors } from './keyed-vectors.js';

/** Projects rows (n × d) onto their first two principal components (power iteration). */
export function pca2(rows: Float64Array[], dim: number): Array<[number, number]> {
  const n = rows.length;
  const mean = new Float64Array(dim);
  for (const r of rows) for (let k = 0; k < dim; k++) mean[k]! += r[k]! / n;
  const X = rows.map((r) => r.map((v, k) => v - mean[k]!));
  const comps: Float64Array[] = [];
  for (let c = 0; c < 2; c++) {
    let v = new Float64Array(dim).map((_, k) => Math.sin(k + 1 + c)); // deterministic start
    for (let it = 0; it < 100; it++) {
      const w = new Float64Array(dim);
      for (const x of X) {
        let p = 0;
        for (let k = 0; k < dim; k++) p += x[k]! * v[k]!;
        for (let k = 0; k < dim; k++) w[k]! += p * x[k]!;
      }
      for (const prev of comps) {
        let p = 0;
        for (let k = 0; k < dim; k++) p += w[k]! * prev[k]!;
        for (let k = 0; k < dim; k++) w[k]! -= p * prev[k]!;
      }
      const norm = Math.hypot(...w) || 1;
      v = w.map((x) => x / norm);
    }
    comps.push(v);
  }
  return X.map((x) => {
    const p = comps.map((c) => x.reduce((s, v, k) => s + v * c[k]!, 0));
    return [p[0]!, p[1]!];
  });
}

/** Escapes text for SVG/XML content. */
export const escapeXml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const esc = escapeXml;

/** An SVG map of `words` (unknown words are skipped and listed in the caption). */
export function embeddingMapSvg(kv: KeyedVectors, words: string[], title = 'Word vectors (PCA)'): string {
  const known = words.filter((w) => kv.has(w));
  const missing = words.filter((w) => !kv.has(w));
  if (known.length < 2) throw new KornluError('INVALID_ARGUMENT', 'plot needs at least two words that are in the vocabulary');
  const pts = pca2(known.map((w) => Float64Array.from(kv.get(w))), kv.dim);
  const W = 720;
  const H = 540;
  const pad = 60;
  const xs = pts.map((p) => p[0]);
  const ys = pts.map((p) => p[1]);
  const sx = (x: number) => pad + ((x - Math.min(...xs)) / (Math.max(...xs) - Math.min(...xs) || 1)) * (W - 2 * pad);
  const sy = (y: number) => H - pad - ((y - Math.min(...ys)) / (Math.max(...ys) - Math.min(...ys) || 1)) * (H - 2 * pad);
  const dots = known
    .map((w, i) => `<circle cx="${sx(pts[i]![0]).toFixed(1)}" cy="${sy(pts[i]![1]).toFixed(1)}" r="4" fill="#2563eb"/><text x="${(sx(pts[i]![0]) + 6).toFixed(1)}" y="${(sy(pts[i]![1]) - 6).toFixed(1)}" font-size="14">${esc(w)}</text>`)
    .join('\n');
  const caption = missing.length ? `<text x="16" y="${H - 12}" font-size="12" fill="#888">not in vocabulary: ${esc(missing.join(', '))}</text>` : '';
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif">
<rect width="100%" height="100%" fill="white"/>
<text x="16" y="28" font-size="16" font-weight="bold">${esc(title)}</text>
${dots}
${caption}
</svg>
`;
}
