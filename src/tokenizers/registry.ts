/** One entry point for every unit: `createTokenizer('syllable')`, `tokenize(text, { unit })`. */
import { invalidArgument } from '../errors.js';
import { EojeolTokenizer, type EojeolOptions, type EojeolToken } from './eojeol.js';
import { JamoTokenizer, type JamoOptions, type JamoToken } from './jamo.js';
import { MorphemeTokenizer, type MorphemeToken } from './morpheme.js';
import { SubwordTokenizer, type SubwordToken } from './subword/tokenizer.js';
import { SyllableTokenizer, type SyllableOptions, type SyllableToken } from './syllable.js';
import type { TokenUnit, Tokenizer } from './types.js';
import type { MorphAnalyzer } from '../morph/analyzer.js';

export const TOKEN_UNITS: readonly TokenUnit[] = ['eojeol', 'syllable', 'jamo', 'subword', 'morpheme'];

export interface UnitOptions {
  eojeol: EojeolOptions;
  syllable: SyllableOptions;
  jamo: JamoOptions;
  subword: { tokenizer: SubwordTokenizer };
  morpheme: { analyzer?: MorphAnalyzer };
}

export interface UnitToken {
  eojeol: EojeolToken;
  syllable: SyllableToken;
  jamo: JamoToken;
  subword: SubwordToken;
  morpheme: MorphemeToken;
}

/**
 * A tokenizer for a unit. Subword needs a loaded `tokenizer.json`
 * (`SubwordTokenizer.fromJSON`, or `loadSubwordTokenizer(path)` from `kornlu/node`).
 */
export function createTokenizer<U extends TokenUnit>(unit: U, ...options: U extends 'subword' ? [UnitOptions[U]] : [UnitOptions[U]?]): Tokenizer<UnitToken[U]>;
export function createTokenizer(unit: TokenUnit, options?: unknown): Tokenizer {
  switch (unit) {
    case 'eojeol':
      return new EojeolTokenizer(options as EojeolOptions);
    case 'syllable':
      return new SyllableTokenizer(options as SyllableOptions);
    case 'jamo':
      return new JamoTokenizer(options as JamoOptions);
    case 'morpheme':
      return new MorphemeTokenizer((options as { analyzer?: MorphAnalyzer } | undefined)?.analyzer);
    case 'subword': {
      const t = (options as { tokenizer?: unknown } | undefined)?.tokenizer;
      if (!(t instanceof SubwordTokenizer)) throw invalidArgument('unit "subword" needs { tokenizer: SubwordTokenizer }');
      return t;
    }
    default:
      throw invalidArgument(`unknown unit ${JSON.stringify(unit)}; expected one of ${TOKEN_UNITS.join(', ')}`);
  }
}
