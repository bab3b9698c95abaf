/**
 * The windows a QA model is trained and served on, and the token labels of an answer span in them
 * (used by the MRC recipe): every window covers part of the context, the windows together cover all
 * of it, and a span's tokens are exactly the ones overlapping it.
 */
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadSubwordTokenizer } from '../../src/node/index.js';
import { questionWindows, spanTokens, windowSettings } from '../../src/pipelines/qa/windows.js';

const root = path.resolve(__dirname, '../..');
const context = '경부고속도로는 서울특별시 서초구와 부산광역시 금정구를 잇는 고속도로이다. 1968년 2월 1일에 착공하여 1970년 7월 7일에 전 구간이 개통되었으며, 총 길이는 약 416킬로미터이다. 건설에는 약 429억 원이 들었다.';

describe('QA windows and answer-span labels', async () => {
  const tok = await loadSubwordTokenizer(path.join(root, 'models/ko-wordpiece-16k/tokenizer.json'));
  const o = windowSettings({ maxSeqLength: 32, docStride: 8, maxQuestionTokens: 5 }, 512);
  const windows = questionWindows(tok, '경부고속도로가 개통된 날은?', context, o);
  const ctxTokens = (e: (typeof windows)[number]) => e.sequenceIds.flatMap((s, k) => (s === 1 ? [k] : []));

  it('cuts several windows of at most maxSeqLength that together cover the whole context', () => {
    expect(windows.length).toBeGreaterThan(2);
    const covered = new Array<boolean>(context.length).fill(false);
    for (const e of windows) {
      expect(e.ids.length).toBeLessThanOrEqual(32);
      for (const k of ctxTokens(e)) for (let c = e.offsets[k]![0]; c < e.offsets[k]![1]; c++) covered[c] = true;
    }
    const uncovered = [...context].filter((ch, i) => !covered[i] && ch.trim() !== '');
    expect(uncovered).toEqual([]);
  });

  it('labels a span with exactly the first and last tokens overlapping it, or null outside the window', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: context.length - 1 }), fc.integer({ min: 1, max: 12 }), (start, len) => {
        const end = Math.min(context.length, start + len);
        if (context.slice(start, end).trim() === '') return;
        let labelled = 0;
        for (const e of windows) {
          const ctx = ctxTokens(e);
          const inside = e.offsets[ctx[0]!]![0] <= start && e.offsets[ctx.at(-1)!]![1] >= end;
          const span = spanTokens(e, start, end);
          if (!inside) {
            expect(span).toBeNull();
            continue;
          }
          expect(span).not.toBeNull();
          const [a, b] = span!;
          const overlapping = ctx.filter((k) => e.offsets[k]![1] > start && e.offsets[k]![0] < end);
          expect([a, b]).toEqual([overlapping[0], overlapping.at(-1)]);
          labelled++;
        }
        // Spans shorter than the stride always lie wholly inside some window.
        expect(labelled).toBeGreaterThan(0);
      }),
      { numRuns: 200 },
    );
  });
});
