/** Line charts as standalone SVG: learning curves of heads, active-learning curves in benchmarks. */
import { escapeXml as esc } from '../embeddings/plot.js';
import { KornluError } from '../errors.js';
import type { EpochStats } from './train.js';

export interface Series {
  name: string;
  points: ReadonlyArray<readonly [number, number]>;
}

const COLORS = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2'];

export function lineChartSvg(o: { title: string; xLabel: string; yLabel: string; series: readonly Series[]; marker?: { x: number; label: string } }): string {
  const pts = o.series.flatMap((s) => s.points).filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
  if (pts.length === 0) throw new KornluError('INVALID_ARGUMENT', 'a chart needs at least one finite point');
  const W = 760, H = 440, L = 70, R = 170, T = 50, B = 60;
  const [x0, x1] = extent(pts.map((p) => p[0]));
  const [y0, y1] = extent(pts.map((p) => p[1]));
  const sx = (x: number) => L + ((x - x0) / (x1 - x0)) * (W - L - R);
  const sy = (y: number) => H - B - ((y - y0) / (y1 - y0)) * (H - T - B);
  const ticks = (a: number, b: number) => Array.from({ length: 5 }, (_, i) => a + ((b - a) * i) / 4);
  const fmt = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(2) : v.toFixed(3));
  const grid = [
    ...ticks(y0, y1).map((y) => `<line x1="${L}" x2="${W - R}" y1="${sy(y).toFixed(1)}" y2="${sy(y).toFixed(1)}" stroke="#e5e7eb"/><text x="${L - 6}" y="${(sy(y) + 4).toFixed(1)}" text-anchor="end" font-size="11">${fmt(y)}</text>`),
    ...ticks(x0, x1).map((x) => `<text x="${sx(x).toFixed(1)}" y="${H - B + 16}" text-anchor="middle" font-size="11">${fmt(x)}</text>`),
  ].join('\n');
  const lines = o.series
    .map((s, i) => {
      const c = COLORS[i % COLORS.length]!;
      const d = s.points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y)).map(([x, y], k) => `${k ? 'L' : 'M'}${sx(x).toFixed(1)},${sy(y).toFixed(1)}`).join(' ');
      return `<path d="${d}" fill="none" stroke="${c}" stroke-width="2"/><rect x="${W - R + 14}" y="${T + i * 20}" width="12" height="12" fill="${c}"/><text x="${W - R + 32}" y="${T + i * 20 + 11}" font-size="12">${esc(s.name)}</text>`;
    })
    .join('\n');
  const marker = o.marker
    ? `<line x1="${sx(o.marker.x).toFixed(1)}" x2="${sx(o.marker.x).toFixed(1)}" y1="${T}" y2="${H - B}" stroke="#6b7280" stroke-dasharray="4 3"/><text x="${(sx(o.marker.x) + 4).toFixed(1)}" y="${T + 12}" font-size="11" fill="#374151">${esc(o.marker.label)}</text>`
    : '';
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif">
<rect width="100%" height="100%" fill="white"/>
<text x="16" y="28" font-size="16" font-weight="bold">${esc(o.title)}</text>
${grid}
<line x1="${L}" x2="${L}" y1="${T}" y2="${H - B}" stroke="#111"/><line x1="${L}" x2="${W - R}" y1="${H - B}" y2="${H - B}" stroke="#111"/>
<text x="${(L + W - R) / 2}" y="${H - 18}" text-anchor="middle" font-size="12">${esc(o.xLabel)}</text>
<text x="18" y="${(T + H - B) / 2}" text-anchor="middle" font-size="12" transform="rotate(-90 18 ${(T + H - B) / 2})">${esc(o.yLabel)}</text>
${lines}
${marker}
</svg>
`;
}

/** Train loss, validation loss and validation accuracy per epoch, with the kept epoch marked. */
export function learningCurveSvg(history: readonly EpochStats[], bestEpoch?: number, title = 'Learning curve'): string {
  return lineChartSvg({
    title,
    xLabel: 'epoch',
    yLabel: 'loss / accuracy',
    series: [
      { name: 'train loss', points: history.map((h) => [h.epoch, h.trainLoss] as const) },
      { name: 'validation loss', points: history.map((h) => [h.epoch, h.validationLoss] as const) },
      { name: 'validation accuracy', points: history.map((h) => [h.epoch, h.validationAccuracy] as const) },
    ],
    ...(bestEpoch ? { marker: { x: bestEpoch, label: `kept: epoch ${bestEpoch}` } } : {}),
  });
}

function extent(v: number[]): [number, number] {
  let a = Math.min(...v), b = Math.max(...v);
  if (a === b) (a -= 1, b += 1);
  return [a, b];
}
