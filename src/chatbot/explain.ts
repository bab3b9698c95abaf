/**
 * Why a decision was made: occlusion (leave-one-out) attribution. Each unit (morpheme or eojeol)
 * is removed in turn and the drop in the predicted class's probability is its score; positive
 * units pushed toward the decision, negative ones against it.
 */
import type { FeatureUnit, Featurizer } from './features.js';

export interface Attribution {
  /** The unit's surface text (morphemes fused into one syllable share it). */
  text: string;
  /** Lemma (morphemes) or lower-cased eojeol, and the POS tag for morphemes. */
  key: string;
  tag?: string;
  start: number;
  end: number;
  /** p(label | text) − p(label | text without this unit). */
  score: number;
}

/**
 * Scores every unit of `units` for class `label`, given a function from feature vectors to class
 * probabilities. One batch of n + 1 feature vectors; no re-analysis of the text.
 */
export async function occlusion(
  featurizer: Featurizer,
  units: readonly FeatureUnit[],
  label: number,
  probabilities: (x: Float32Array) => ArrayLike<number>,
): Promise<Attribution[]> {
  const variants = [units, ...units.map((_, i) => units.filter((__, j) => j !== i))];
  const xs = await featurizer.embed(variants);
  const base = probabilities(xs[0]!)[label]!;
  return units.map((u, i) => ({ text: u.text, key: u.key, ...(u.tag !== undefined ? { tag: u.tag } : {}), start: u.start, end: u.end, score: base - probabilities(xs[i + 1]!)[label]! }));
}
