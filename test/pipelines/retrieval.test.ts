/** Retrieval: BM25 scoring, term units, dense and SIF sides, reciprocal-rank fusion, save/load. */
import { describe, expect, it } from 'vitest';
import { KeyedVectors } from '../../src/embeddings/keyed-vectors.js';
import { loadMorphAnalyzer, loadSubwordTokenizer } from '../../src/node/index.js';
import { BM25Index, pipeline, reciprocalRankFusion, RetrievalPipeline, termFunction } from '../../src/pipelines/node.js';
import { model } from './models.js';

const FAQ = [
  { text: '배송은 보통 얼마나 걸리나요?', answer: '2~3일 걸립니다.' },
  { text: '환불은 어떻게 신청하나요?', answer: '마이페이지에서 신청하세요.' },
  { text: '회원 탈퇴는 어디서 하나요?', answer: '설정 메뉴에서 할 수 있습니다.' },
  { text: '배송지를 바꾸고 싶어요', answer: '출고 전에는 바꿀 수 있어요.' },
  { text: '영업 시간이 어떻게 되나요?', answer: '평일 9시부터 6시까지입니다.' },
];

describe('BM25', () => {
  it('matches the formula on a hand-worked example', () => {
    const idx = new BM25Index({ k1: 1.2, b: 0.75 });
    idx.add(['a', 'b']);
    idx.add(['a', 'a', 'c', 'd']);
    idx.add(['e']);
    // avgdl = 7/3; idf(a) = ln(1 + (3 − 2 + .5)/(2 + .5)) = ln 1.6
    const idf = Math.log(1.6);
    const score = (tf: number, len: number) => (idf * tf * 2.2) / (tf + 1.2 * (0.25 + (0.75 * len) / (7 / 3)));
    const hits = idx.search(['a'], 10);
    expect(hits.map((h) => h.doc)).toEqual([1, 0]);
    expect(hits[0]!.score).toBeCloseTo(score(2, 4), 12);
    expect(hits[1]!.score).toBeCloseTo(score(1, 2), 12);
    expect(idx.search(['zzz'], 10)).toEqual([]);
    expect(BM25Index.fromJSON(JSON.parse(JSON.stringify(idx.toJSON()))).search(['a'], 10)).toEqual(hits);
  });

  it('rejects corrupt postings', () => {
    expect(() => BM25Index.fromJSON({ k1: 1.2, b: 0.75, lengths: [1], postings: { x: [[5], [1]] } })).toThrow(/corrupt/);
  });
});

describe('term units', () => {
  it('syllable bigrams ignore spacing and punctuation', () => {
    const f = termFunction({ unit: 'syllable-bigram' });
    expect(f('배송 언제 와요?')).toEqual(f('배송언제와요'));
    expect(f('가')).toEqual(['가']);
    expect(f('')).toEqual([]);
  });

  it('morphemes keep content lemmas and drop particles and endings', async () => {
    const f = termFunction({ unit: 'morpheme', analyzer: await loadMorphAnalyzer() });
    const terms = f('배송은 언제 도착하나요?');
    expect(terms).toEqual(expect.arrayContaining(['배송', '언제', '도착']));
    expect(terms).not.toContain('은');
    expect(terms).not.toContain('?');
    expect(() => termFunction({ unit: 'morpheme' })).toThrow(/analyzer/);
  });
});

describe('retrieval pipeline', () => {
  it('BM25 FAQ: finds the pair for a query with spaces removed and a typo', async () => {
    const faq = await pipeline('retrieval', undefined, { documents: FAQ });
    const [hit] = await faq.search('배송은보통얼마나걸리나여', { topK: 1 });
    expect(hit).toMatchObject({ doc: 0, answer: '2~3일 걸립니다.', id: '0' });
    const [h2] = await faq.search('환불 신청', { topK: 1 });
    expect(h2!.doc).toBe(1);
    await expect(faq.search('x', { mode: 'dense' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('every unit retrieves a document by its own text', async () => {
    const analyzer = await loadMorphAnalyzer();
    const tokenizer = await loadSubwordTokenizer(model('tiny-qa'));
    for (const unit of ['morpheme', 'subword', 'syllable-bigram', 'eojeol'] as const) {
      const r = await pipeline('retrieval', undefined, { documents: FAQ, unit, analyzer, tokenizer });
      for (let i = 0; i < FAQ.length; i++) expect((await r.search(FAQ[i]!.text, { topK: 1 }))[0]!.doc, `${unit} ${i}`).toBe(i);
    }
  });

  it('dense side from an ONNX encoder; hybrid fusion; the index saves and loads', async () => {
    const r = await pipeline('retrieval', model('tiny-encoder'), { documents: FAQ });
    for (let i = 0; i < FAQ.length; i++) {
      const [d] = await r.search(FAQ[i]!.text, { topK: 1, mode: 'dense' });
      expect(d!.doc).toBe(i);
      expect(d!.score).toBeCloseTo(1, 5);
    }
    const hybrid = await r.search('배송 얼마나 걸려요', { topK: 3 });
    const bm = await r.search('배송 얼마나 걸려요', { topK: 50, mode: 'bm25' });
    const dn = await r.search('배송 얼마나 걸려요', { topK: 50, mode: 'dense' });
    expect(hybrid.map((h) => h.doc)).toEqual(reciprocalRankFusion([bm, dn]).slice(0, 3).map((h) => h.doc));
    const saved = JSON.parse(JSON.stringify(r.toJSON()));
    const back = await RetrievalPipeline.fromJSON(saved, { model: model('tiny-encoder') });
    expect(await back.search('배송 얼마나 걸려요', { topK: 3 })).toEqual(hybrid);
    const lexicalOnly = await RetrievalPipeline.fromJSON(saved);
    expect(await lexicalOnly.search('환불', { topK: 1, mode: 'bm25' })).toEqual(await r.search('환불', { topK: 1, mode: 'bm25' }));
    await expect(RetrievalPipeline.fromJSON({ format: 'other' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(RetrievalPipeline.fromJSON({ ...saved, documents: saved.documents.slice(1) })).rejects.toThrow(/documents/);
    await Promise.all([r.dispose(), back.dispose()]);
  });

  it('SIF-weighted word vectors as the dense side', async () => {
    const words = ['배송', '환불', '탈퇴', '시간'];
    const vecs = new Float32Array([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]);
    const kv = new KeyedVectors(words, vecs, 4, [10, 5, 3, 2]);
    const r = await pipeline('retrieval', undefined, {
      documents: [{ text: '배송 시간' }, { text: '환불' }, { text: '탈퇴' }],
      vectors: kv,
    });
    const [hit] = await r.search('환불', { topK: 1, mode: 'dense' });
    expect(hit!.doc).toBe(1);
    expect(hit!.score).toBeCloseTo(1, 6);
  });

  it('reciprocal-rank fusion sums 1/(k + rank)', () => {
    const fused = reciprocalRankFusion([[{ doc: 1, score: 9 }, { doc: 2, score: 5 }], [{ doc: 2, score: 0.9 }, { doc: 3, score: 0.1 }]], 60);
    expect(fused[0]).toEqual({ doc: 2, score: 1 / 62 + 1 / 61 });
    expect(fused.map((f) => f.doc)).toEqual([2, 1, 3]);
  });
});
