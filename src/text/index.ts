/** kornlu/text: the Hangul text layer. Browser-safe, no dependencies. */
export * from './hangul.js';
export * from './josa.js';
export * from './jamo.js';
export * from './normalized-string.js';
export * from './normalize.js';
export * from './offsets.js';
export { CharClass, charClass, charClassName, type CharClassName } from './chars.js';
