/** Task metrics kornlu's recipes report, for anyone scoring their own models the same way. */
export { spaceBoundaries, compareSpacing, spacingScores, addCounts, type BoundaryCounts } from './spacing.js';
export { bleu, bleuTokens, chrF, type BleuResult } from './generation.js';
