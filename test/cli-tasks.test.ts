/** CLI contract of the task commands: qa, classify, eval korquad, bench korquad (tiny fixtures). */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BENCH_KORQUAD_FIELDS } from '../src/cli/tasks.js';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const tinyQa = 'fixtures/models/tiny-qa';

function kornlu(args: string[], input = '') {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli/main.ts'), ...args], { input, encoding: 'utf8', cwd: root });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('kornlu task commands', () => {
  it('qa --json prints an exact slice of the context with offsets; @file contexts work', () => {
    const context = '서울에서 부산까지 KTX로 두 시간 반 정도 걸려요.';
    const r = kornlu(['qa', '--model', tinyQa, '--context', context, '--question', '어디까지?', '--json']);
    expect(r.code).toBe(0);
    const a = JSON.parse(r.out) as { answer: string; start: number; end: number; score: number };
    expect(Object.keys(a)).toEqual(['answer', 'start', 'end', 'score']);
    expect(context.slice(a.start, a.end)).toBe(a.answer);
    const dir = mkdtempSync(path.join(tmpdir(), 'kornlu-qa-'));
    writeFileSync(path.join(dir, 'ctx.txt'), context);
    const f = kornlu(['qa', '--model', tinyQa, '--context', `@${path.join(dir, 'ctx.txt')}`, '--question', '어디까지?', '--json']);
    expect(JSON.parse(f.out)).toEqual(a);
  });

  it('classify reads stdin lines and prints {label, score} per line', () => {
    const r = kornlu(['classify', '--model', 'fixtures/models/tiny-cls', '--json'], '좋아요\n\n별로예요 😞\n');
    expect(r.code).toBe(0);
    const rows = r.out.trimEnd().split('\n').map((l) => JSON.parse(l) as { label: string; score: number });
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      expect(['부정', '중립', '긍정']).toContain(row.label);
      expect(row.score).toBeGreaterThan(0);
    }
  });

  it('classify --no-ngram-head scores with the encoder alone (the default sentiment model has a head)', async () => {
    const { pipeline } = await import('../src/pipelines/node.js');
    const clf = await pipeline('sentiment');
    const text = '스토리는 별로인데 배우들 연기는 좋았음';
    const [withHead] = await clf.run(text);
    const [alone] = await clf.run(text, { ngramHead: false });
    await clf.dispose();
    expect(Math.abs(withHead!.score - alone!.score)).toBeGreaterThan(0.01);
    for (const [args, want] of [[[], withHead!], [['--no-ngram-head'], alone!]] as const) {
      const r = kornlu(['classify', '--task', 'sentiment', '--json', ...args], text + '\n');
      expect(r.code).toBe(0);
      const row = JSON.parse(r.out) as { label: string; score: number };
      expect(row.label).toBe(want.label);
      expect(row.score).toBeCloseTo(want.score, 5);
    }
  });

  it('eval korquad prints the official metric', () => {
    const r = kornlu(['eval', 'korquad', '--data', 'fixtures/korquad/data.json', '--predictions', 'fixtures/korquad/predictions.json', '--json']);
    expect(r.code).toBe(0);
    const want = JSON.parse(readFileSync(path.join(root, 'fixtures/korquad/expected.json'), 'utf8')) as { exact_match: number; f1: number };
    expect(JSON.parse(r.out)).toEqual({ exact_match: want.exact_match, f1: expect.closeTo(want.f1, 10) });
    expect(r.err).toMatch(/1 of 16 questions have no prediction/);
  });

  it('bench korquad writes official-format predictions that eval korquad scores the same', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kornlu-bench-'));
    const out = path.join(dir, 'preds.json');
    const r = kornlu(['bench', 'korquad', '--data', 'fixtures/korquad/data.json', '--model', tinyQa, '--out', out, '--json', '--batch', '4']);
    expect(r.code).toBe(0);
    const res = JSON.parse(r.out) as Record<string, number | string>;
    expect(Object.keys(res)).toEqual([...BENCH_KORQUAD_FIELDS]); // the printed shape, not a timing
    expect(res.questions).toBe(16);
    expect(res.device).toBe('cpu');
    const preds = JSON.parse(readFileSync(out, 'utf8')) as Record<string, string>;
    expect(Object.keys(preds)).toHaveLength(16);
    const again = JSON.parse(kornlu(['eval', 'korquad', '--data', 'fixtures/korquad/data.json', '--predictions', out, '--json']).out) as { f1: number };
    expect(again.f1).toBeCloseTo(res.f1 as number, 10);
  });

  it('bench korquad warns when the model was trained on the benchmarked dataset', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kornlu-leak-'));
    for (const f of ['tokenizer.json', 'onnx/model.onnx']) {
      const dst = path.join(dir, f);
      spawnSync('mkdir', ['-p', path.dirname(dst)]);
      writeFileSync(dst, readFileSync(path.join(root, tinyQa, f)));
    }
    const cfg = JSON.parse(readFileSync(path.join(root, tinyQa, 'config.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ ...cfg, kornlu_trained_on: ['kornlu-fixture'] }));
    const r = kornlu(['bench', 'korquad', '--data', 'fixtures/korquad/data.json', '--model', dir, '--limit', '2', '--json']);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/trained on kornlu-fixture/);
    expect(kornlu(['bench', 'korquad', '--data', 'fixtures/korquad/data.json', '--model', tinyQa, '--limit', '2']).err).not.toMatch(/trained on/);
  });

  it('clear errors: missing model, bad JSON, no default model, bad options', () => {
    const miss = kornlu(['qa', '--model', 'no/such/dir/', '--context', 'x', '--question', 'y']);
    expect(miss.code).toBe(2);
    expect(miss.err).toMatch(/FILE_NOT_FOUND|not found/);
    const dir = mkdtempSync(path.join(tmpdir(), 'kornlu-bad-'));
    writeFileSync(path.join(dir, 'p.json'), '{oops');
    const bad = kornlu(['eval', 'korquad', '--data', 'fixtures/korquad/data.json', '--predictions', path.join(dir, 'p.json')]);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/not valid JSON.*p\.json/);
    expect(kornlu(['qa', '--model', tinyQa, '--context', 'x', '--question', 'y', '--top-k', '0']).code).toBe(2);
    for (const c of ['qa', 'classify', 'eval', 'bench']) expect(kornlu([c, '--help']).out).toMatch(/Usage: kornlu/);
  });
});
