/**
 * Recipe for models/ko-intent: 3i4K speech acts (7 classes), kornlu's pretrained encoder
 * (models/ko-electra-small) fine-tuned on ko-wordpiece-16k pieces.
 *   npm run recipe:intent           (KORNLU_DATA=… for another data folder)
 *   npm run recipe:intent -- --head-only   (only the n-gram head, on the shipped encoder)
 */
import { requireData } from '../../benchmarks/lib/data.js';
import { runClassifierRecipe } from '../../scripts/models/classifier-recipe.js';
import { runNgramHeadRecipe } from '../../scripts/models/ngram-head-recipe.js';

const labels = ['fragment', 'statement', 'question', 'command', 'rhetorical_question', 'rhetorical_command', 'intonation_dependent'];

// --head-only: refit just the n-gram head on the shipped encoder (scripts/models/ngram-head-recipe.ts).
if (!process.argv.includes('--head-only')) {
  await runClassifierRecipe({
    name: 'ko-intent',
    format: '3i4k',
    train: requireData('3i4k/fci_train_val.txt'),
    test: requireData('3i4k/fci_test.txt'),
    labels,
    trainedOn: ['3i4k-train-val'],
    // The 6-layer encoder alone (89.50%) ties its ensemble with the TextCNN (89.54%, 4 of 6,121
    // utterances) at two thirds of the size, so the encoder ships alone (models/ko-intent/README.md).
    // (That ensemble: trainer 'ensemble', epochs 8, extraArgs --dim 192 --filters 256 --kernels 1,3,5,7.)
    trainer: 'encoder',
    epochs: 3,
  });
}
await runNgramHeadRecipe({ name: 'ko-intent', format: '3i4k', train: requireData('3i4k/fci_train_val.txt'), test: requireData('3i4k/fci_test.txt'), labels, charBuckets: 1 << 18, wordBuckets: 1 << 18 });
