/**
 * Reading chatbot data from CSV with a header row (RFC 4180: quoted fields, commas and newlines
 * inside quotes), parsed by csv-parse — Node only (its parser needs `Buffer`). Columns are found by
 * name, so sheets exported from spreadsheets work as they are.
 */
import { parse } from 'csv-parse/sync';
import { assertText, KornluError } from '../errors.js';
import { stripBom } from '../text/chars.js';
import type { LabeledText } from './intent.js';

/** Rows of a CSV as objects keyed by its header, plus a column finder for them. */
export function readCsv(csv: string, what: string): { rows: Record<string, string>[]; column: (given: string | undefined, names: readonly string[], role: string) => string } {
  assertText(csv, 'csv');
  let rows: Record<string, string>[];
  try {
    rows = parse(stripBom(csv), { columns: true, skip_empty_lines: true, trim: true, relax_column_count: true }) as Record<string, string>[];
  } catch (e) {
    throw new KornluError('INVALID_ARGUMENT', `${what} CSV does not parse: ${(e as Error).message}`, { cause: e });
  }
  const header = rows.length ? Object.keys(rows[0]!) : [];
  const column = (given: string | undefined, names: readonly string[], role: string) => {
    const col = given ?? header.find((h) => names.includes(h.toLowerCase()));
    if (!col || !header.includes(col)) throw new KornluError('INVALID_ARGUMENT', `${what} CSV has no ${role} column (header: ${header.join(', ') || 'none'})`);
    return col;
  };
  return { rows, column };
}

/**
 * Labeled utterances from CSV: columns `text` (or utterance, 발화) and `label` (or intent, 의도),
 * or the ones named. Rows with an empty text or label are skipped.
 *
 * @example
 * labeledTextsFromCSV('text,intent\n배송 언제 와요?,delivery\n');   // [{ text: '배송 언제 와요?', label: 'delivery' }]
 */
export function labeledTextsFromCSV(csv: string, options: { textColumn?: string; labelColumn?: string } = {}): LabeledText[] {
  const { rows, column } = readCsv(csv, 'intent');
  const tc = column(options.textColumn, ['text', 'utterance', '발화'], 'text');
  const lc = column(options.labelColumn, ['label', 'intent', '의도'], 'label');
  return rows.map((r) => ({ text: r[tc] ?? '', label: r[lc] ?? '' })).filter((e) => e.text !== '' && e.label !== '');
}
