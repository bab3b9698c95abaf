/**
 * Reads the labeled classification files the recipes use, one definition for every step:
 * NSMC (`id<TAB>document<TAB>label`, a header line) and 3i4K (`label<TAB>text`). Empty lines and
 * lines whose label is not an integer are skipped.
 */
import { readLines } from '../../src/node/index.js';

export type LabeledFormat = 'nsmc' | '3i4k';

export async function* readLabeledFile(file: string, format: LabeledFormat): AsyncGenerator<{ text: string; label: number }> {
  let first = true;
  for await (const raw of readLines(file)) {
    const line = raw.replace(/\r$/, '');
    if (format === 'nsmc' && first) { first = false; continue; } // header
    if (!line) continue;
    let text: string, label: number;
    if (format === 'nsmc') {
      const [, doc, l] = line.split('\t');
      text = doc ?? '';
      label = Number(l);
    } else {
      const tab = line.indexOf('\t');
      label = Number(line.slice(0, tab));
      text = line.slice(tab + 1);
    }
    if (!Number.isInteger(label)) continue;
    yield { text, label };
  }
}
