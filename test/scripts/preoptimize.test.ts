/** scripts/models/preoptimize.ts: the shipped QA graphs are stored pre-optimized; the result must answer exactly as the original. */
import { cpSync, existsSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pipeline } from '../../src/pipelines/node.js';
import { preoptimize } from '../../scripts/models/preoptimize.js';
import { model } from '../pipelines/models.js';

describe('preoptimize', () => {
  it('writes a rewritten graph that gives the same answers, offsets and scores through the pipeline', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kornlu-preopt-'));
    cpSync(model('tiny-qa'), dir, { recursive: true });
    const file = path.join(dir, 'onnx/model_quantized.onnx');
    const before = statSync(file).size;
    const log = console.log;
    console.log = () => undefined;
    try {
      await preoptimize(model('tiny-qa') + '/onnx/model_quantized.onnx', file, 'extended');
    } finally {
      console.log = log;
    }
    expect(statSync(file).size).not.toBe(before); // rewritten, not copied
    expect(readdirSync(path.join(dir, 'onnx')).filter((f) => f.includes('.tmp-'))).toEqual([]);
    const cases = [
      { question: '수도는?', context: '대한민국의 수도는 서울이다. 부산은 항구 도시이다.' },
      { question: '언제 태어났나?', context: '그는 1990년에 태어나 2010년에 대학에 들어갔다.' },
    ];
    const [a, b] = [await pipeline('question-answering', model('tiny-qa'), { dtype: 'int8' }), await pipeline('question-answering', dir, { dtype: 'int8' })];
    try {
      expect(await b.run(cases, { topK: 3 })).toEqual(await a.run(cases, { topK: 3 }));
    } finally {
      await a.dispose();
      await b.dispose();
    }
    expect(existsSync(file)).toBe(true);
  }, 60_000);
});
