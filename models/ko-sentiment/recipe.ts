/**
 * Recipe for models/ko-sentiment: NSMC (rebuilt train, official test), kornlu's pretrained encoder
 * (models/ko-electra-small: run `npm run recipe:electra` first) fine-tuned on ko-wordpiece-16k.
 *   npm run recipe:sentiment        (KORNLU_DATA=… for another data folder)
 */
import { requireData } from '../../benchmarks/lib/data.js';
import { runClassifierRecipe } from '../../scripts/models/classifier-recipe.js';

await runClassifierRecipe({
  name: 'ko-sentiment',
  format: 'nsmc',
  train: requireData('nsmc/ratings_train.txt'),
  test: requireData('nsmc/ratings_test.txt'),
  labels: ['negative', 'positive'],
  trainedOn: ['nsmc-train'],
  trainer: 'encoder',
  epochs: 2,
});
