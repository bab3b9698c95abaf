/**
 * kornlu/chatbot: the chatbot toolkit. Light heads trained in TypeScript over frozen features,
 * hyper-parameter search, calibration and fallback thresholds, active learning, explanations,
 * and FAQ answering.
 */
export { wordVectorFeaturizer, encoderFeaturizer, featurize, type Featurizer, type FeaturizerSpec, type FeatureUnit, type Pooling, type WordVectorFeaturizerOptions } from './features.js';
export { LightHead, softmax, type HeadJSON, type HeadShape } from './head.js';
export { trainHead, stratifiedSplit, evaluateHead, type EpochStats, type HeadHyperParams, type LabeledSet, type TrainedHead, type TrainHeadOptions } from './train.js';
export { searchHead, type SearchOptions, type SearchResult, type SearchSpace, type TrialResult } from './search.js';
export { chooseThreshold, expectedCalibrationError, fitTemperature, nll, type ThresholdChoice } from './calibration.js';
export { rankForLabeling, uncertainty, UNCERTAINTY_STRATEGIES, type UncertaintyStrategy } from './active.js';
export { occlusion, type Attribution } from './explain.js';
export { learningCurveSvg, lineChartSvg, type Series } from './curve.js';
export { classificationScores, type ClassificationScores } from './metrics.js';
export { IntentClassifier, type IntentModelJSON, type IntentPrediction, type IntentReport, type IntentTrainOptions, type LabeledText } from './intent.js';
export { labeledTextsFromCSV } from './csv.js';
export { FaqBot, type FaqAnswer, type FaqCsvOptions, type FaqEntry, type FaqOptions } from './faq.js';
