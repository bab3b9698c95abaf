/**
 * The shipped default models load with no model named, in the API and the CLI, and get clear cases
 * right (their measured accuracy is in models/ko-sentiment and models/ko-intent).
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MODELS, pipeline } from '../../src/pipelines/node.js';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');

describe('default models', () => {
  it('sentiment: pipeline("sentiment") loads models/ko-sentiment (int8) and labels clear reviews', async () => {
    expect(DEFAULT_MODELS.sentiment).toBe(path.join(root, 'models/ko-sentiment'));
    const clf = await pipeline('sentiment');
    const out = await clf.run(['정말 재밌고 감동적인 최고의 영화', '최악이다 돈 아깝고 시간 아깝다']);
    expect(out.map((r) => r[0]!.label)).toEqual(['positive', 'negative']);
    expect(clf.labels).toEqual(['negative', 'positive']);
    await clf.dispose();
  });

  it('intent: pipeline("intent") loads models/ko-intent and separates questions from commands', async () => {
    const clf = await pipeline('intent');
    const out = await clf.run(['오늘 회의는 몇 시에 시작해?', '창문 좀 닫아줘']);
    expect(out.map((r) => r[0]!.label)).toEqual(['question', 'command']);
    expect(clf.labels).toHaveLength(7);
    await clf.dispose();
  });

  it('kornlu classify --task sentiment works without --model', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli/main.ts'), 'classify', '--task', 'sentiment', '--json'], {
      input: '배우들 연기가 정말 최고였어요\n',
      encoding: 'utf8',
      cwd: root,
    });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ label: 'positive' });
  });
});

describe('default word vectors', () => {
  it('loadVectors() with no path loads models/ko-w2v with sensible neighbours', async () => {
    const { loadVectors } = await import('../../src/node/index.js');
    const kv = await loadVectors();
    expect(kv.size).toBe(30000);
    expect(kv.dim).toBe(100);
    const near = kv.mostSimilar(['배우'], { topK: 10 }).map((n) => n.word);
    expect(near).toEqual(expect.arrayContaining(['연기자', '여배우']));
    expect(kv.similarity('영화', '드라마')).toBeGreaterThan(kv.similarity('영화', '대변인'));
  });
});
