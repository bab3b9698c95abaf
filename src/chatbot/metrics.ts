/** Classification scores: accuracy, per-class F1 and their unweighted mean (macro-F1). */
export interface ClassificationScores {
  accuracy: number;
  macroF1: number;
  f1PerClass: number[];
}

export function classificationScores(predicted: readonly number[], gold: readonly number[], classes: number): ClassificationScores {
  const tp = new Array<number>(classes).fill(0), fp = [...tp], fn = [...tp];
  let right = 0;
  predicted.forEach((p, i) => {
    const g = gold[i]!;
    if (p === g) (right++, tp[p]!++);
    else (fp[p]!++, fn[g]!++);
  });
  const f1PerClass = tp.map((t, c) => (t === 0 ? 0 : (2 * t) / (2 * t + fp[c]! + fn[c]!)));
  return { accuracy: predicted.length ? right / predicted.length : NaN, macroF1: f1PerClass.reduce((a, b) => a + b, 0) / classes, f1PerClass };
}
