/**
 * Jamo tokenizer: every Hangul syllable becomes its 2–3 jamo (more with `splitComplex`), all
 * sharing the syllable's offsets; every other character is one token. Reversible for any input:
 * `composeJamo(tokens.map((t) => t.jamo).join(''), options)` is the input again.
 *
 * @example
 * new JamoTokenizer().tokenize('한글').map((t) => t.jamo).join(' ')  // 'ᄒ ᅡ ᆫ ᄀ ᅳ ᆯ'
 */
import { assertText } from '../errors.js';
import { forEachJamo, type JamoOptions, type JamoRole } from '../text/jamo.js';
import type { Token, Tokenizer } from './types.js';

export interface JamoToken extends Token {
  /** The jamo (or the character itself outside Hangul syllables; escaped when it was a literal jamo). */
  jamo: string;
  role: JamoRole;
}

export type { JamoOptions };

export class JamoTokenizer implements Tokenizer<JamoToken> {
  readonly unit = 'jamo' as const;
  private readonly options: JamoOptions;

  constructor(options: JamoOptions = {}) {
    this.options = options;
  }

  tokenize(text: string): JamoToken[] {
    assertText(text);
    const out: JamoToken[] = [];
    let lastStart = -1;
    let lastText = '';
    forEachJamo(text, this.options, (p) => {
      // Jamo of one syllable share a span: slice it once.
      if (p.start !== lastStart) {
        lastStart = p.start;
        lastText = text.slice(p.start, p.end);
      }
      out.push({ text: lastText, start: p.start, end: p.end, jamo: p.jamo, role: p.role });
    });
    return out;
  }
}
