/**
 * Word boundaries of spaced Korean text, the quantity a spacing model predicts and is scored on:
 * with every whitespace removed, boundary i means "a space follows the i-th character" (code points,
 * so emoji and lone surrogates count once). Line breaks are boundaries like spaces.
 */

/** Characters (code points, whitespace removed) and the boundary after each; the last has none. */
export function spaceBoundaries(spaced: string): { chars: string[]; boundaries: boolean[] } {
  const chars: string[] = [];
  const boundaries: boolean[] = [];
  for (const c of spaced) {
    if (/\s/u.test(c)) {
      if (chars.length > 0) boundaries[chars.length - 1] = true;
      continue;
    }
    chars.push(c);
    boundaries.push(false);
  }
  if (boundaries.length > 0) boundaries[boundaries.length - 1] = false;
  return { chars, boundaries };
}

export interface BoundaryCounts {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  /** Words whose both ends are right (eojeol-level scoring). */
  wordsCorrect: number;
  goldWords: number;
  predictedWords: number;
}

/**
 * Compares a predicted spacing with the gold one for the same characters. Throws when the two texts
 * differ in anything but whitespace (a spacing model must not change characters).
 */
export function compareSpacing(gold: string, predicted: string): BoundaryCounts {
  const g = spaceBoundaries(gold);
  const p = spaceBoundaries(predicted);
  if (g.chars.join('') !== p.chars.join('')) throw new Error('predicted text differs from the gold text in more than whitespace');
  const c: BoundaryCounts = { truePositives: 0, falsePositives: 0, falseNegatives: 0, wordsCorrect: 0, goldWords: 0, predictedWords: 0 };
  let gStart = 0;
  let pStart = 0;
  for (let i = 0; i < g.chars.length; i++) {
    const gb = g.boundaries[i]! || i === g.chars.length - 1;
    const pb = p.boundaries[i]! || i === g.chars.length - 1;
    if (i < g.chars.length - 1) {
      if (gb && pb) c.truePositives++;
      else if (pb) c.falsePositives++;
      else if (gb) c.falseNegatives++;
    }
    if (gb) c.goldWords++;
    if (pb) c.predictedWords++;
    if (gb && pb && gStart === pStart) c.wordsCorrect++;
    if (gb) gStart = i + 1;
    if (pb) pStart = i + 1;
  }
  return c;
}

/** Precision, recall and F1 of boundaries, and word-level F1, from summed counts. */
export function spacingScores(c: BoundaryCounts): { precision: number; recall: number; f1: number; wordF1: number } {
  const precision = c.truePositives / Math.max(1, c.truePositives + c.falsePositives);
  const recall = c.truePositives / Math.max(1, c.truePositives + c.falseNegatives);
  const wp = c.wordsCorrect / Math.max(1, c.predictedWords);
  const wr = c.wordsCorrect / Math.max(1, c.goldWords);
  const f = (a: number, b: number) => (a + b === 0 ? 0 : (2 * a * b) / (a + b));
  return { precision, recall, f1: f(precision, recall), wordF1: f(wp, wr) };
}

export function addCounts(a: BoundaryCounts, b: BoundaryCounts): BoundaryCounts {
  return {
    truePositives: a.truePositives + b.truePositives,
    falsePositives: a.falsePositives + b.falsePositives,
    falseNegatives: a.falseNegatives + b.falseNegatives,
    wordsCorrect: a.wordsCorrect + b.wordsCorrect,
    goldWords: a.goldWords + b.goldWords,
    predictedWords: a.predictedWords + b.predictedWords,
  };
}
