/** Helpers for benchmark runs: timing, medians, machine description, result files, SVG bars. */
import { readFileSync } from 'node:fs';
import os from 'node:os';

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export function machine(): Record<string, string | number> {
  return {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    // The same "AMD EPYC" has come with and without AVX-512 here, which moves speeds (and, for
    // int8 kernels, results): say which vector extensions this run had.
    simd: simdFlags(),
    cores: os.cpus().length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.platform()} ${os.arch()}`,
  };
}

/** The CPU's widest vector extensions and VNNI, from /proc/cpuinfo ('unknown' elsewhere). */
function simdFlags(): string {
  try {
    const flags = new Set(/^flags\s*:(.*)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.trim().split(/\s+/) ?? []);
    const have = ['avx2', 'avx512f', 'avx512_vnni', 'avx_vnni'].filter((f) => flags.has(f));
    return have.length > 0 ? have.join(' ') : 'none of avx2/avx512';
  } catch {
    return 'unknown';
  }
}

export async function time(fn: () => unknown | Promise<unknown>): Promise<number> {
  const t0 = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

/** Horizontal bar chart of labelled values as a standalone SVG. */
export function barChart(title: string, unit: string, rows: Array<{ label: string; value: number; note?: string }>): string {
  const w = 760;
  const left = 300;
  const barH = 26;
  const top = 44;
  const h = top + rows.length * (barH + 10) + 20;
  const max = Math.max(...rows.map((r) => r.value), 1e-9);
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const bars = rows
    .map((r, i) => {
      const y = top + i * (barH + 10);
      const bw = ((w - left - 110) * r.value) / max;
      return `<text x="${left - 8}" y="${y + 18}" text-anchor="end" font-size="13">${esc(r.label)}</text>
<rect x="${left}" y="${y}" width="${bw.toFixed(1)}" height="${barH}" fill="${i === 0 ? '#2563eb' : '#94a3b8'}"/>
<text x="${left + bw + 6}" y="${y + 18}" font-size="13">${r.value.toFixed(2)} ${esc(unit)}${r.note ? ` ${esc(r.note)}` : ''}</text>`;
    })
    .join('\n');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" font-family="sans-serif">
<rect width="100%" height="100%" fill="white"/>
<text x="16" y="26" font-size="16" font-weight="bold">${esc(title)}</text>
${bars}
</svg>
`;
}
