/** The one tokenizer interface every unit implements. */

export type TokenUnit = 'eojeol' | 'syllable' | 'jamo' | 'subword' | 'morpheme';

/**
 * A token. `start`/`end` are UTF-16 offsets into the text given to `tokenize`, and
 * `text === input.slice(start, end)` always holds.
 */
export interface Token {
  /** The surface text, exactly `input.slice(start, end)`. */
  text: string;
  start: number;
  end: number;
}

export interface Tokenizer<T extends Token = Token> {
  readonly unit: TokenUnit;
  tokenize(text: string): T[];
}
