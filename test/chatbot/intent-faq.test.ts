/**
 * Intent classification and FAQ answering end to end on the example chatbot's hand-written data,
 * with the bundled analyzer and word vectors.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { encoderFeaturizer, FaqBot, IntentClassifier, labeledTextsFromCSV, wordVectorFeaturizer, type Featurizer, type LabeledText } from '../../src/chatbot/index.js';
import { FeatureExtractionPipeline } from '../../src/pipelines/node.js';
import { model } from '../pipelines/models.js';
import { KornluError } from '../../src/errors.js';
import { loadMorphAnalyzer, loadVectors } from '../../src/node/index.js';
import type { MorphAnalyzer } from '../../src/morph/analyzer.js';
import type { KeyedVectors } from '../../src/embeddings/keyed-vectors.js';

const DATA = new URL('../../examples/chatbot-server/data/', import.meta.url);
const intents: LabeledText[] = labeledTextsFromCSV(readFileSync(new URL('intents.csv', DATA), 'utf8'));
const faqCsv = readFileSync(new URL('faq.csv', DATA), 'utf8');

// New phrasings, none of them in intents.csv.
const HELD_OUT: Array<[string, string]> = [
  ['택배가 아직 안 와요', 'delivery'],
  ['제 물건 지금 어디 있어요?', 'delivery'],
  ['환불 좀 해주세요', 'refund'],
  ['돈 언제 돌려받아요?', 'refund'],
  ['주문한 거 취소할래요', 'cancel_order'],
  ['몇 시에 문 닫나요?', 'hours'],
  ['일요일에도 하나요?', 'hours'],
  ['사람 상담원 연결 부탁해요', 'human_agent'],
  ['진짜 고마워요', 'thanks'],
  ['비밀번호 바꾸고 싶은데요', 'account'],
  ['안녕하세요 반갑습니다', 'greeting'],
  ['로그인 안 되는데 어떻게 해요', 'account'],
];
const OUT_OF_DOMAIN = ['오늘 날씨 어때', '주식 추천해 줘', '고양이 사진 보여줘', '내일 비 와?', '축구 경기 결과 알려줘', '점심 메뉴 골라줘'];

let ma: MorphAnalyzer;
let kv: KeyedVectors;
let featurizer: Featurizer;
beforeAll(async () => {
  [ma, kv] = await Promise.all([loadMorphAnalyzer(), loadVectors()]);
  featurizer = wordVectorFeaturizer(kv, { analyzer: ma });
});

describe('IntentClassifier', () => {
  it('learns the example intents and generalizes to new phrasings', async () => {
    const { classifier, report } = await IntentClassifier.train(intents, { featurizer, testFraction: 0, validationFraction: 0.2, seed: 3 });
    expect(report.labels).toEqual(['account', 'cancel_order', 'delivery', 'greeting', 'hours', 'human_agent', 'refund', 'thanks']);
    expect(report.sizes.train + report.sizes.validation).toBe(intents.length);
    expect(report.bestEpoch).toBeGreaterThan(0);
    expect(report.temperature).toBeGreaterThan(0);
    const preds = await classifier.predictBatch(HELD_OUT.map(([t]) => t));
    const right = preds.filter((p, i) => p.label === HELD_OUT[i]![1]).length;
    expect(right / HELD_OUT.length).toBeGreaterThanOrEqual(0.75);
    for (const p of preds) {
      expect(p.scores.reduce((s, x) => s + x.score, 0)).toBeCloseTo(1, 5);
      expect(p.scores[0]).toEqual({ label: p.label, score: p.confidence });
    }
  });

  it('falls back on out-of-domain text when the threshold is chosen with out-of-domain examples', async () => {
    const { classifier, report } = await IntentClassifier.train(intents, { featurizer, testFraction: 0, outOfDomain: OUT_OF_DOMAIN, seed: 3 });
    expect(report.threshold?.objective).toBe('balanced');
    expect(report.threshold!.threshold).toBeGreaterThan(0);
    const unseenOod = ['영화 추천해 줄래', '오늘 몇 도야', '노래 틀어줘'];
    const p = await classifier.predictBatch(unseenOod);
    expect(p.filter((x) => x.fallback).length).toBeGreaterThanOrEqual(2);
    const inDomain = await classifier.predictBatch(['환불하고 싶어요', '배송 언제 와요?']);
    expect(inDomain.map((x) => x.fallback)).toEqual([false, false]);
  });

  it('explains a decision with unit offsets into the text', async () => {
    const { classifier } = await IntentClassifier.train(intents, { featurizer, testFraction: 0, seed: 3 });
    const text = '환불 가능해요?';
    const { label, attributions } = await classifier.explain(text);
    expect(label).toBe('refund');
    for (const a of attributions) expect(text.slice(a.start, a.end)).toBe(a.text);
    const top = attributions.reduce((a, b) => (b.score > a.score ? b : a));
    expect(top.text).toBe('환불');
    await expect(classifier.explain(text, 'nope')).rejects.toThrow(/unknown label/);
  });

  it('saves and loads, and refuses another featurizer', async () => {
    const { classifier } = await IntentClassifier.train(intents, { featurizer, testFraction: 0, hidden: 16, seed: 2 });
    const json = JSON.parse(JSON.stringify(classifier.toJSON()));
    const back = IntentClassifier.fromJSON(json, featurizer);
    const texts = HELD_OUT.map(([t]) => t);
    expect(await back.predictBatch(texts)).toEqual(await classifier.predictBatch(texts));
    const other = wordVectorFeaturizer(kv, { analyzer: ma, hashBuckets: 64 });
    expect(() => IntentClassifier.fromJSON(json, other)).toThrow(/featurizer/);
    expect(() => IntentClassifier.fromJSON({ ...json, threshold: 7 }, featurizer)).toThrow(KornluError);
    expect(() => IntentClassifier.fromJSON({ format: 'x' }, featurizer)).toThrow(/not a kornlu intent/);
  });

  it('handles awkward input: empty text, emoji, lone surrogates, long text', async () => {
    const { classifier } = await IntentClassifier.train(intents, { featurizer, testFraction: 0, seed: 1 });
    const odd = ['', '🙂🙂', '\uD800abc', 'x'.repeat(20000), '\u0000\u0007'];
    const p = await classifier.predictBatch(odd);
    for (const x of p) {
      expect(Number.isFinite(x.confidence)).toBe(true);
      expect(x.scores).toHaveLength(8);
    }
    expect((await classifier.explain('')).attributions).toEqual([]);
    await expect(classifier.predict(42 as never)).rejects.toThrow(/must be a string/);
  });

  it('uses a fixed validation set when one is given', async () => {
    const validation = HELD_OUT.map(([text, label]) => ({ text, label }));
    const { report } = await IntentClassifier.train(intents, { featurizer, validation, testFraction: 0, seed: 3 });
    expect(report.sizes).toEqual({ train: intents.length, validation: HELD_OUT.length, test: 0 });
    expect(report.validation!.accuracy).toBeGreaterThanOrEqual(0.75);
    await expect(IntentClassifier.train(intents, { featurizer, validation: [{ text: '뭐', label: 'weather' }] })).rejects.toThrow(/not in labels/);
    const some = intents.filter((e) => e.label !== 'thanks');
    const { classifier } = await IntentClassifier.train(some, { featurizer, labels: ['thanks', 'refund', 'delivery', 'greeting', 'hours', 'human_agent', 'cancel_order', 'account'], testFraction: 0 });
    expect(classifier.labels[0]).toBe('thanks');
    expect((await classifier.predict('환불해 주세요')).scores).toHaveLength(8);
    await expect(IntentClassifier.train(intents, { featurizer, labels: ['refund', 'refund'] })).rejects.toThrow(/distinct/);
    await expect(IntentClassifier.train(intents, { featurizer, labels: ['refund', 'delivery'] })).rejects.toThrow(/not in labels/);
  });

  it('rejects bad training data', async () => {
    await expect(IntentClassifier.train([], { featurizer })).rejects.toThrow(/labeled examples/);
    await expect(IntentClassifier.train([{ text: 'a', label: 'x' }, { text: 'b', label: 'x' }], { featurizer })).rejects.toThrow(/two different labels/);
    await expect(IntentClassifier.train([{ text: 'a', label: '' }], { featurizer })).rejects.toThrow(/label/);
    await expect(IntentClassifier.train(intents, { featurizer, validationFraction: 0.6, testFraction: 0.5 })).rejects.toThrow(/sum below 1/);
  });
});

describe('encoderFeaturizer', () => {
  it('trains a head on ONNX sentence embeddings and explains by eojeol', async () => {
    const encoder = await FeatureExtractionPipeline.load(model('tiny-encoder'));
    const f = await encoderFeaturizer(encoder, { model: 'tiny-encoder' });
    expect(f.spec).toMatchObject({ kind: 'encoder', pooling: 'mean', model: 'tiny-encoder' });
    const [a, b] = await f.embed([f.units('배송 언제 와요'), f.units('배송 언제 와요')]);
    expect(a).toHaveLength(f.dim);
    expect(a).toEqual(b);
    // A random tiny encoder: only the mechanics are checked (shapes, offsets, save/load), not accuracy.
    const { classifier } = await IntentClassifier.train(intents, { featurizer: f, testFraction: 0, maxEpochs: 5 });
    const text = '배송  언제 와요?';
    const { attributions } = await classifier.explain(text);
    expect(attributions.map((x) => [x.text, x.start, x.end])).toEqual([['배송', 0, 2], ['언제', 4, 6], ['와요?', 7, 10]]);
    const back = IntentClassifier.fromJSON(JSON.parse(JSON.stringify(classifier.toJSON())), f);
    expect(await back.predict(text)).toEqual(await classifier.predict(text));
    expect(() => IntentClassifier.fromJSON(classifier.toJSON(), featurizer)).toThrow(/featurizer/);
    await encoder.dispose();
  });
});

describe('FaqBot', () => {
  it('answers paraphrases from a CSV (quoted fields included) and falls back on unrelated questions', async () => {
    const faq = await FaqBot.fromCSV(faqCsv);
    expect(faq.entries).toHaveLength(14);
    expect(faq.entries[2]!.answer).toContain('카드 결제는');
    const exact = await faq.answer('해외 배송도 되나요?');
    expect(exact).toMatchObject({ id: '9', fallback: false });
    expect(exact!.score).toBeCloseTo(1, 5);
    const para = await faq.answer('환불되는데 며칠 걸려요');
    expect(para!.question).toBe('환불은 얼마나 걸리나요?');
    expect(para!.score).toBeLessThan(1);
    const unrelated = await faq.answer('고양이가 귀여워');
    expect(unrelated === null || unrelated.fallback).toBe(true);
    expect(await faq.answer('')).toBeNull();
  });

  it('calibrates its threshold between paraphrases and out-of-domain questions', async () => {
    const faq = await FaqBot.fromCSV(faqCsv);
    const choice = await faq.calibrate(
      [
        { query: '배송 며칠 걸려요', id: '0' },
        { query: '비번 까먹었어요', id: '6' },
        { query: '탈퇴 어떻게 해요', id: '7' },
        { query: '교환 되나요', id: '10' },
        { query: '무료배송 얼마부터예요', id: '12' },
      ],
      OUT_OF_DOMAIN,
    );
    expect(faq.threshold).toBe(choice.threshold);
    expect(choice.rejected).toBeGreaterThan(0.5);
  });

  it('reads labeled utterances from CSV by column name', () => {
    expect(intents).toHaveLength(86);
    expect(labeledTextsFromCSV('발화,의도\n"배송, 언제 와요",delivery\n,empty\n환불,\n')).toEqual([{ text: '배송, 언제 와요', label: 'delivery' }]);
    expect(labeledTextsFromCSV('a,b\nx,y\n', { textColumn: 'a', labelColumn: 'b' })).toEqual([{ text: 'x', label: 'y' }]);
    expect(() => labeledTextsFromCSV('a,b\nx,y\n')).toThrow(/intent CSV has no text column/);
  });

  it('rejects CSVs it cannot use', async () => {
    await expect(FaqBot.fromCSV('a,b\n1,2\n')).rejects.toThrow(/no question column/);
    await expect(FaqBot.fromCSV('question,answer\n"unclosed,1\n')).rejects.toThrow(/does not parse/);
    await expect(FaqBot.fromCSV('question,answer\n')).rejects.toThrow(KornluError);
    await expect(FaqBot.create([])).rejects.toThrow(/at least one/);
    const custom = await FaqBot.fromCSV('질문;답변\n배송 언제 와요;내일 와요\n'.replace(/;/g, ','));
    expect((await custom.answer('배송 언제 와요'))!.answer).toBe('내일 와요');
  });
});
