/**
 * Recipe for models/ko-intent: 3i4K speech acts (7 classes), TextCNN on ko-wordpiece-16k.
 *   npm run recipe:intent           (KORNLU_DATA=… for another data folder)
 */
import { requireData } from '../../benchmarks/lib/data.js';
import { runClassifierRecipe } from '../../scripts/models/classifier-recipe.js';

await runClassifierRecipe({
  name: 'ko-intent',
  format: '3i4k',
  train: requireData('3i4k/fci_train_val.txt'),
  test: requireData('3i4k/fci_test.txt'),
  labels: ['fragment', 'statement', 'question', 'command', 'rhetorical_question', 'rhetorical_command', 'intonation_dependent'],
  trainedOn: ['3i4k-train-val'],
  epochs: 8,
  extraArgs: ['--dim', '192', '--filters', '256', '--kernels', '1,3,5,7'],
  // The TextCNN and the encoder fine-tuned from ko-electra-small tie alone (88.0% each) but err
  // differently: their mean probability scores 88.9%.
  trainer: 'ensemble',
  encoderEpochs: 3,
});
