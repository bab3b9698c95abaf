/**
 * Intent classification for chatbots, trained in Node in seconds: frozen features (word vectors
 * or an ONNX encoder) → a light head → temperature-calibrated confidence → a fallback threshold
 * chosen on validation data. Decisions can be explained unit by unit.
 *
 * @example
 * import { loadMorphAnalyzer, loadVectors } from 'kornlu/node';
 * import { IntentClassifier, wordVectorFeaturizer } from 'kornlu/chatbot';
 * const featurizer = wordVectorFeaturizer(await loadVectors(), { analyzer: await loadMorphAnalyzer() });
 * const { classifier, report } = await IntentClassifier.train(examples, { featurizer });   // examples: { text, label }[]
 * await classifier.predict('배송 언제 와요?');   // { label: 'delivery', confidence: 0.93, fallback: false, scores: [...] }
 */
import { assertText, KornluError } from '../errors.js';
import { chooseThreshold, expectedCalibrationError, fitTemperature, type ThresholdChoice } from './calibration.js';
import { occlusion, type Attribution } from './explain.js';
import type { Featurizer, FeaturizerSpec } from './features.js';
import { LightHead, softmax, sparseRow, type HeadJSON } from './head.js';
import { classificationScores } from './metrics.js';
import { searchHead, type SearchOptions, type TrialResult } from './search.js';
import { argmax, stratifiedSplit, trainHead, type EpochStats, type HeadHyperParams, type LabeledSet, type TrainHeadOptions } from './train.js';

export interface LabeledText {
  text: string;
  label: string;
}

export interface IntentTrainOptions extends HeadHyperParams, Pick<TrainHeadOptions, 'batchSize' | 'maxEpochs' | 'patience' | 'classWeight' | 'seed'> {
  featurizer: Featurizer;
  /**
   * Every label the classifier knows, in this order (default: the labels of `examples`, sorted).
   * Lets a label with no examples yet exist (active learning starts that way).
   */
  labels?: readonly string[];
  /** Share of examples held out for early stopping, calibration and the threshold (default 0.15). */
  validationFraction?: number;
  /**
   * A fixed validation set instead of `validationFraction` (a labeled random sample keeps early
   * stopping and calibration honest when the training examples were chosen by active learning).
   */
  validation?: readonly LabeledText[];
  /** Share held out for the report's test scores (default 0.15; 0 to train on more). */
  testFraction?: number;
  /** Run a hyper-parameter search instead of using the given hyper-parameters. */
  search?: boolean | Omit<SearchOptions, 'classes'>;
  /** Out-of-domain texts (not any intent): the threshold then balances answering against rejecting them. */
  outOfDomain?: readonly string[];
  /** Without out-of-domain texts: the answered accuracy the threshold aims for (default 0.9). */
  targetAccuracy?: number;
}

export interface IntentReport {
  labels: string[];
  sizes: { train: number; validation: number; test: number };
  params: Required<HeadHyperParams>;
  history: EpochStats[];
  bestEpoch: number;
  trials?: TrialResult[];
  temperature: number;
  threshold: ThresholdChoice | null;
  validation: { accuracy: number; eceBefore: number; eceAfter: number } | null;
  test: { accuracy: number; macroF1: number; ece: number; coverage: number; answeredAccuracy: number } | null;
  timings: { featuresMs: number; trainMs: number };
}

export interface IntentPrediction {
  label: string;
  /** Calibrated probability of `label`. */
  confidence: number;
  /** True when confidence is under the threshold: hand over to a fallback answer. */
  fallback: boolean;
  scores: Array<{ label: string; score: number }>;
}

export interface IntentModelJSON {
  format: 'kornlu-intent';
  version: 1;
  labels: string[];
  temperature: number;
  threshold: number;
  featurizer: FeaturizerSpec;
  head: HeadJSON;
}

export class IntentClassifier {
  constructor(
    readonly featurizer: Featurizer,
    readonly head: LightHead,
    readonly labels: readonly string[],
    /** Softmax temperature fitted on validation data. */
    readonly temperature = 1,
    /** Confidence below which predictions fall back. */
    public threshold = 0,
  ) {
    if (head.shape.inputDim !== featurizer.dim) throw new KornluError('MODEL_MISMATCH', `head takes ${head.shape.inputDim} features, the featurizer gives ${featurizer.dim}`);
    if (head.shape.classes !== labels.length) throw new KornluError('MODEL_MISMATCH', `head has ${head.shape.classes} classes but ${labels.length} labels`);
  }

  static async train(examples: readonly LabeledText[], o: IntentTrainOptions): Promise<{ classifier: IntentClassifier; report: IntentReport }> {
    if (!Array.isArray(examples) || examples.length === 0) throw new KornluError('INVALID_ARGUMENT', 'intent training needs labeled examples { text, label }');
    examples.forEach((e, i) => {
      if (!e || typeof e.label !== 'string' || e.label === '') throw new KornluError('INVALID_ARGUMENT', `examples[${i}].label must be a non-empty string`);
      assertText(e.text, `examples[${i}].text`);
    });
    const labels = o.labels ? [...o.labels] : [...new Set(examples.map((e) => e.label))].sort();
    if (new Set(labels).size !== labels.length || labels.some((l) => typeof l !== 'string' || l === '')) throw new KornluError('INVALID_ARGUMENT', 'labels must be distinct non-empty strings');
    examples.forEach((e, i) => {
      if (!labels.includes(e.label)) throw new KornluError('INVALID_ARGUMENT', `examples[${i}].label ${JSON.stringify(e.label)} is not in labels`);
    });
    if (labels.length < 2) throw new KornluError('INVALID_ARGUMENT', 'intent training needs at least two different labels');
    const fixed = o.validation ?? [];
    fixed.forEach((e, i) => {
      assertText(e?.text, `validation[${i}].text`);
      if (!labels.includes(e.label)) throw new KornluError('INVALID_ARGUMENT', `validation[${i}].label ${JSON.stringify(e.label)} is not in labels`);
    });
    const all = [...examples, ...fixed];
    const y = all.map((e) => labels.indexOf(e.label));
    const vf = o.validation ? 0 : (o.validationFraction ?? 0.15);
    const tf = o.testFraction ?? 0.15;
    if (!(vf >= 0 && tf >= 0 && vf + tf < 1)) throw new KornluError('INVALID_ARGUMENT', 'validationFraction and testFraction must be ≥ 0 and sum below 1');
    const [trainIdx, splitVal, testIdx] = stratifiedSplit(y.slice(0, examples.length), [1 - vf - tf, vf, tf], o.seed ?? 1) as [number[], number[], number[]];
    const valIdx = o.validation ? fixed.map((_, i) => examples.length + i) : splitVal;

    let t0 = performance.now();
    const x = await o.featurizer.embed(all.map((e) => o.featurizer.units(e.text)));
    const featuresMs = performance.now() - t0;
    const set = (idx: number[]): LabeledSet => ({ x: idx.map((i) => x[i]!), y: idx.map((i) => y[i]!) });
    const train = set(trainIdx), validation = set(valIdx), test = set(testIdx);

    t0 = performance.now();
    const common: TrainHeadOptions = { classes: labels.length };
    for (const k of ['batchSize', 'maxEpochs', 'patience', 'classWeight', 'seed'] as const) if (o[k] !== undefined) Object.assign(common, { [k]: o[k] });
    let params: Required<HeadHyperParams> = { hidden: o.hidden ?? 0, learningRate: o.learningRate ?? 0.01, l2: o.l2 ?? 1e-4, dropout: o.hidden ? (o.dropout ?? 0.2) : 0 };
    let trained;
    let trials: TrialResult[] | undefined;
    if (o.search) {
      const so = typeof o.search === 'object' ? o.search : {};
      const r = searchHead(train, validation, { ...common, ...so });
      ({ params, trials } = r);
      trained = r;
    } else trained = trainHead(train, validation, { ...common, ...params });
    const head = trained.head;

    // Calibration and threshold on validation logits.
    const logitsOf = (s: LabeledSet) => s.x.map((v) => head.logits(sparseRow(v)));
    const valLogits = logitsOf(validation);
    const temperature = valLogits.length ? fitTemperature(valLogits, validation.y) : 1;
    const classifier = new IntentClassifier(o.featurizer, head, labels, temperature, 0);
    const judge = (logits: Float32Array[], gold: readonly number[], t: number) =>
      logits.map((l, i) => {
        const p = softmax(l, t);
        const c = argmax(p);
        return { confidence: p[c]!, correct: c === gold[i], predicted: c };
      });
    let threshold: ThresholdChoice | null = null;
    let valReport: IntentReport['validation'] = null;
    if (valLogits.length) {
      const before = judge(valLogits, validation.y, 1);
      const after = judge(valLogits, validation.y, temperature);
      let ood: number[] | undefined;
      if (o.outOfDomain?.length) {
        const ox = await o.featurizer.embed(o.outOfDomain.map((t) => o.featurizer.units(t)));
        ood = ox.map((v) => Math.max(...softmax(head.logits(sparseRow(v)), temperature)));
      }
      threshold = chooseThreshold(after, { ...(ood ? { outOfDomain: ood } : {}), ...(o.targetAccuracy !== undefined ? { targetAccuracy: o.targetAccuracy } : {}) });
      classifier.threshold = threshold.threshold;
      valReport = {
        accuracy: after.filter((r) => r.correct).length / after.length,
        eceBefore: expectedCalibrationError(before.map((r) => r.confidence), before.map((r) => r.correct)),
        eceAfter: expectedCalibrationError(after.map((r) => r.confidence), after.map((r) => r.correct)),
      };
    }
    const trainMs = performance.now() - t0;

    let testReport: IntentReport['test'] = null;
    if (test.x.length) {
      const r = judge(logitsOf(test), test.y, temperature);
      const scores = classificationScores(r.map((v) => v.predicted), test.y, labels.length);
      const answered = r.filter((v) => v.confidence >= classifier.threshold);
      testReport = {
        accuracy: scores.accuracy,
        macroF1: scores.macroF1,
        ece: expectedCalibrationError(r.map((v) => v.confidence), r.map((v) => v.correct)),
        coverage: answered.length / r.length,
        answeredAccuracy: answered.length ? answered.filter((v) => v.correct).length / answered.length : NaN,
      };
    }
    const report: IntentReport = {
      labels,
      sizes: { train: trainIdx.length, validation: valIdx.length, test: testIdx.length },
      params,
      history: trained.history,
      bestEpoch: trained.bestEpoch,
      ...(trials ? { trials } : {}),
      temperature,
      threshold,
      validation: valReport,
      test: testReport,
      timings: { featuresMs, trainMs },
    };
    return { classifier, report };
  }

  /** Calibrated class probabilities of a feature vector. */
  probabilities(x: Float32Array): Float32Array {
    return this.head.probabilities(x, this.temperature);
  }

  async predict(text: string): Promise<IntentPrediction> {
    return (await this.predictBatch([text]))[0]!;
  }

  async predictBatch(texts: readonly string[]): Promise<IntentPrediction[]> {
    if (!Array.isArray(texts)) throw new KornluError('INVALID_ARGUMENT', 'predictBatch takes an array of strings');
    const xs = await this.featurizer.embed(texts.map((t) => this.featurizer.units(t)));
    return xs.map((x) => {
      const p = this.probabilities(x);
      const c = argmax(p);
      const scores = this.labels.map((label, i) => ({ label, score: p[i]! })).sort((a, b) => b.score - a.score);
      return { label: this.labels[c]!, confidence: p[c]!, fallback: p[c]! < this.threshold, scores };
    });
  }

  /** Which units drove the decision (or `label`'s score): leave-one-out attribution with offsets. */
  async explain(text: string, label?: string): Promise<{ label: string; attributions: Attribution[] }> {
    const units = this.featurizer.units(text);
    let c: number;
    if (label === undefined) {
      const [x] = await this.featurizer.embed([units]);
      c = argmax(this.probabilities(x!));
    } else {
      c = this.labels.indexOf(label);
      if (c < 0) throw new KornluError('INVALID_ARGUMENT', `unknown label ${JSON.stringify(label)}`);
    }
    return { label: this.labels[c]!, attributions: await occlusion(this.featurizer, units, c, (x) => this.probabilities(x)) };
  }

  toJSON(): IntentModelJSON {
    return { format: 'kornlu-intent', version: 1, labels: [...this.labels], temperature: this.temperature, threshold: this.threshold, featurizer: this.featurizer.spec, head: this.head.toJSON() };
  }

  /** Restores a saved classifier; the featurizer must be the one it was trained with (checked by its spec). */
  static fromJSON(json: unknown, featurizer: Featurizer): IntentClassifier {
    const j = json as IntentModelJSON;
    if (!j || j.format !== 'kornlu-intent' || j.version !== 1 || !Array.isArray(j.labels)) throw new KornluError('MODEL_MISMATCH', 'not a kornlu intent model (format kornlu-intent, version 1)');
    if (JSON.stringify(j.featurizer) !== JSON.stringify(featurizer.spec)) {
      throw new KornluError('MODEL_MISMATCH', `the model was trained with featurizer ${JSON.stringify(j.featurizer)}, not ${JSON.stringify(featurizer.spec)}`);
    }
    if (!(j.temperature > 0) || !(j.threshold >= 0 && j.threshold <= 1)) throw new KornluError('MODEL_MISMATCH', 'corrupt intent model: bad temperature or threshold');
    return new IntentClassifier(featurizer, LightHead.fromJSON(j.head), j.labels, j.temperature, j.threshold);
  }
}
