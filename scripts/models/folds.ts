/**
 * Cross-validation folds by article, shared by the recipes that score on KorQuAD 1.0 dev (MRC,
 * spacing) so both split the 140 articles the same way: a seeded Fisher–Yates shuffle (mulberry32)
 * of the article indices, dealt round-robin into the folds.
 */
export function articleFolds(articles: number, folds: number, seed: number): number[] {
  let s = seed >>> 0;
  const rand = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const order = Array.from({ length: articles }, (_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const foldOf = new Array<number>(articles);
  order.forEach((article, k) => (foldOf[article] = k % folds));
  return foldOf;
}
