/**
 * The shipped default models load with no model named, in the API and the CLI, and get clear cases
 * right (their measured accuracy is in models/ko-sentiment and models/ko-intent).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MODELS, pipeline } from '../../src/pipelines/node.js';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');

// Sentences written for this test (not from any training or evaluation set): [as spaced, expected output].
const SPACING_GOLDEN: Array<[string, string]> = [
  ['오늘은 날씨가 맑고 따뜻합니다', '오늘은 날씨가 맑고 따뜻합니다'],
  ['서울에서 부산까지 기차로 세 시간이 걸린다', '서울에서 부산까지 기차로 세 시간이 걸린다'],
  ['우리는 내일 아침 일찍 출발할 예정이다', '우리는 내일 아침 일찍 출발할 예정이다'],
  ['그는 대학에서 경제학을 공부했다', '그는 대학에서 경제학을 공부했다'],
];
// A passage written for this test (not KorQuAD): the QA models never saw it.
const HIGHWAY = '경부고속도로는 서울특별시와 부산광역시를 잇는 고속도로이다. 1968년 2월 1일에 착공하여 1970년 7월 7일에 전 구간이 개통되었다.';

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

  it('question answering: pipeline("qa") loads models/ko-qa; answers are exact slices of the passage', async () => {
    expect(DEFAULT_MODELS.qa).toBe(path.join(root, 'models/ko-qa'));
    const qa = await pipeline('qa');
    expect(qa.config.trainedOn).toContain('KorQuAD_v1.0_dev');
    const context = HIGHWAY;
    const [best] = await qa.run({ question: '경부고속도로가 개통된 날은?', context });
    expect(context.slice(best!.start, best!.end)).toBe(best!.answer);
    expect(best!.answer).toContain('1970년');
    await qa.dispose();
  });

  it('models/ko-qa-small (the conv reader alone, for pages) loads with its reranker and answers the same question', async () => {
    const qa = await pipeline('qa', path.join(root, 'models/ko-qa-small'));
    expect(qa.config.trainedOn).toContain('KorQuAD_v1.0_dev');
    expect(qa.reranker?.candidates).toBe(10);
    const context = HIGHWAY;
    const [best] = await qa.run({ question: '경부고속도로가 개통된 날은?', context });
    expect(context.slice(best!.start, best!.end)).toBe(best!.answer);
    expect(best!.answer).toContain('1970년');
    await qa.dispose();
  });

  it('kornlu qa answers without --model; kornlu bench korquad warns that the default model saw KorQuAD dev', () => {
    const cli = (args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli/main.ts'), ...args], { encoding: 'utf8', cwd: root });
    const context = '한라산은 제주도 한가운데에 있는 산으로, 높이는 1,947미터이다.';
    const r = cli(['qa', '--context', context, '--question', '한라산의 높이는?', '--json']);
    expect(r.status).toBe(0);
    const a = JSON.parse(r.stdout) as { answer: string; start: number; end: number };
    expect(context.slice(a.start, a.end)).toBe(a.answer);
    // A SQuAD-format file that calls itself KorQuAD 1.0 dev (two questions of our own).
    const dir = mkdtempSync(path.join(tmpdir(), 'kornlu-dev-'));
    const file = path.join(dir, 'dev.json');
    writeFileSync(file, JSON.stringify({ version: 'KorQuAD_v1.0_dev', data: [{ title: '한라산', paragraphs: [{ context, qas: [{ id: 'q1', question: '한라산의 높이는?', answers: [{ text: '1,947미터', answer_start: context.indexOf('1,947') }] }] }] }] }));
    const b = cli(['bench', 'korquad', '--data', file]);
    expect(b.status).toBe(0);
    expect(b.stderr).toMatch(/warning: this model was trained on KorQuAD_v1\.0_dev/);
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

describe('default spacing and reply models', () => {
  const cli = (args: string[], input: string) => spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli/main.ts'), ...args], { input, encoding: 'utf8', cwd: root });

  it('spacing: pipeline("spacing") loads models/ko-spacing and spaces sentences written for this test', async () => {
    expect(DEFAULT_MODELS.spacing).toBe(path.join(root, 'models/ko-spacing'));
    const spacer = await pipeline('spacing');
    const out = await spacer.run(SPACING_GOLDEN.map(([spaced]) => spaced.replace(/ /g, '')));
    expect(out.map((r) => r.text)).toEqual(SPACING_GOLDEN.map(([, expected]) => expected));
    await spacer.dispose();
  });

  it('kornlu space restores spacing without --model; --json gives words with offsets', () => {
    const input = '그는대학에서경제학을공부했다';
    const r = cli(['space', '--json'], input + '\n');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { text: string; words: Array<{ text: string; start: number; end: number }> };
    expect(out.text).toBe('그는 대학에서 경제학을 공부했다');
    expect(out.words.map((w) => input.slice(w.start, w.end))).toEqual(['그는', '대학에서', '경제학을', '공부했다']);
  });

  it('reply: pipeline("reply") loads models/ko-reply and answers in Korean; kornlu reply works without --model', async () => {
    expect(DEFAULT_MODELS.reply).toBe(path.join(root, 'models/ko-reply'));
    const gen = await pipeline('reply');
    const r = await gen.run('요즘 너무 피곤해', { maxNewTokens: 40 });
    expect(r.text).toMatch(/[가-힣]/);
    expect(r.ids.length).toBeGreaterThan(0);
    await gen.dispose();
    const c = cli(['reply', '--json'], '배고파\n');
    expect(c.status).toBe(0);
    expect((JSON.parse(c.stdout) as { text: string }).text).toMatch(/[가-힣]/);
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
