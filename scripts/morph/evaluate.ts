/** Morpheme-level precision / recall / F1 against gold analyses (multiset match per sentence). */

export interface Scores {
  precision: number;
  recall: number;
  f1: number;
}

export class F1 {
  private tp = 0;
  private pred = 0;
  private gold = 0;
  add(predicted: string[], gold: string[]): void {
    const counts = new Map<string, number>();
    for (const g of gold) counts.set(g, (counts.get(g) ?? 0) + 1);
    for (const p of predicted) {
      const c = counts.get(p) ?? 0;
      if (c > 0) {
        this.tp++;
        counts.set(p, c - 1);
      }
    }
    this.pred += predicted.length;
    this.gold += gold.length;
  }
  get scores(): Scores {
    const precision = this.pred ? this.tp / this.pred : 0;
    const recall = this.gold ? this.tp / this.gold : 0;
    return { precision, recall, f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0 };
  }
}
