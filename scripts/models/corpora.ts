/**
 * Raw Korean text sources shared by recipes (each yields lines; nothing is held in memory).
 * Debian's Korean help (`apt-get install libreoffice-help-ko gimp-help-ko`; MPL-2.0 / GFDL) is
 * formal, professionally translated text: HTML stripped, entities decoded, lines of ≥ 8 characters.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

export const DEBIAN_HELP = [
  ['libreoffice-help-ko', '/usr/share/libreoffice/help/ko'],
  ['gimp-help-ko', '/usr/share/gimp/2.0/help/ko'],
] as const;

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', nbsp: ' ', apos: "'" };

const walk = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? walk(p) : p.endsWith('.html') ? [p] : [];
  });

/** Text lines of one Debian help package's HTML; warns (and yields nothing) when it is not installed. */
export function* debianHelpLines(pkg: string, dir: string): Generator<string> {
  let files: string[] = [];
  try {
    files = walk(dir);
  } catch {
    process.stderr.write(`missing ${dir}: apt-get install ${pkg}\n`);
  }
  for (const f of files) {
    const text = readFileSync(f, 'utf8').replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ').replace(/<[^>]+>/g, '\n')
      .replace(/&(#\d+|\w+);/g, (m, e: string) => (e.startsWith('#') ? String.fromCodePoint(Number(e.slice(1))) : ENTITIES[e] ?? m));
    for (const line of text.split('\n')) if (line.replace(/\s+/g, ' ').trim().length >= 8) yield line;
  }
}
