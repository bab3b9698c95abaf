/**
 * Answers never split a number. Word pieces cut `1,947` into `1 , 9 ##4 ##7`, so a reader can
 * start its span at `947` (`1,947미터` → `947미터`); a span edge that falls between two digits
 * joined by a separator (`,` `.`) is moved out to the whole number. Spans that split nothing are
 * returned unchanged.
 */

const isDigit = (text: string, i: number) => i >= 0 && i < text.length && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57;
const isSeparator = (text: string, i: number) => text[i] === ',' || text[i] === '.';

/** [start, end) widened so that neither edge falls inside a digit-separator-digit number. */
export function wholeNumberSpan(text: string, start: number, end: number): [number, number] {
  let s = start;
  while (isDigit(text, s) && isSeparator(text, s - 1) && isDigit(text, s - 2)) {
    s -= 2;
    while (isDigit(text, s - 1)) s--;
  }
  let e = end;
  while (isDigit(text, e - 1) && isSeparator(text, e) && isDigit(text, e + 1)) {
    e += 2;
    while (isDigit(text, e)) e++;
  }
  return [s, e];
}
