/**
 * Recipe for models/ko-sentiment: NSMC (rebuilt train, official test), kornlu's pretrained encoder
 * (models/ko-electra-small: run `npm run recipe:electra` first) fine-tuned on ko-wordpiece-16k.
 *   npm run recipe:sentiment        (KORNLU_DATA=… for another data folder)
 *   npm run recipe:sentiment -- --head-only   (only the n-gram head, on the shipped encoder)
 */
import { requireData } from '../../benchmarks/lib/data.js';
import { runClassifierRecipe } from '../../scripts/models/classifier-recipe.js';
import { runNgramHeadRecipe } from '../../scripts/models/ngram-head-recipe.js';

const labels = ['negative', 'positive'];

// --head-only: refit just the n-gram head on the shipped encoder (scripts/models/ngram-head-recipe.ts).
if (!process.argv.includes('--head-only')) {
  await runClassifierRecipe({
    name: 'ko-sentiment',
    format: 'nsmc',
    train: requireData('nsmc/ratings_train.txt'),
    test: requireData('nsmc/ratings_test.txt'),
    labels,
    trainedOn: ['nsmc-train'],
    trainer: 'encoder',
    epochs: 2,
  });
}
await runNgramHeadRecipe({ name: 'ko-sentiment', format: 'nsmc', train: requireData('nsmc/ratings_train.txt'), test: requireData('nsmc/ratings_test.txt'), labels, charBuckets: 1 << 19, wordBuckets: 1 << 18 });
