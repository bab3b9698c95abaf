/** `kornlu tour`: what the library does, on a sample text, with nothing to download. */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { KornluError } from '../errors.js';
import { IntentClassifier } from '../chatbot/intent.js';
import { wordVectorFeaturizer } from '../chatbot/features.js';
import { loadMorphAnalyzer, loadSubwordTokenizer, loadVectors } from '../node/index.js';
import { getChoseong } from '../text/hangul.js';
import { decomposeToJamo, composeJamo } from '../text/jamo.js';
import { josa } from '../text/josa.js';
import { normalize } from '../text/normalize.js';
import { createTokenizer } from '../tokenizers/registry.js';
import type { Token } from '../tokenizers/types.js';
import { DEFAULT_MODELS, pipeline } from '../pipelines/node.js';

export const SAMPLE = '여름휴가는 시작하기 전이 가장 즐겁다!! ㅋㅋㅋㅋㅋ 👍🏽 BTS의 2024년 공연은 10,000명이 봤다.';

/** The bundled Korean WordPiece tokenizer (src/cli and dist/cli are both two levels down). */
export function defaultTokenizerPath(): string {
  return fileURLToPath(new URL('../../models/ko-wordpiece-16k/tokenizer.json', import.meta.url));
}

export async function runTour(out: NodeJS.WritableStream): Promise<void> {
  const p = (s = '') => out.write(s + '\n');
  const show = (tokens: Token[], label: (t: Token) => string) => tokens.map((t) => `${label(t)}@${t.start}`).join(' ');
  p(`kornlu tour — input (${SAMPLE.length} UTF-16 units):`);
  p(`  ${SAMPLE}`);
  p();
  p('1. eojeol (punctuation split), token@start:');
  p('   ' + show(createTokenizer('eojeol', { punctuation: 'split' }).tokenize(SAMPLE), (t) => t.text));
  p('2. syllable (numbers, Latin words and emoji kept whole):');
  p('   ' + show(createTokenizer('syllable').tokenize(SAMPLE), (t) => t.text));
  p('3. jamo (compatibility form; reversible):');
  const jamo = createTokenizer('jamo', { form: 'compatibility' }).tokenize('여름휴가는');
  p('   ' + jamo.map((t) => t.jamo).join(' ') + `   (all ${jamo.length} carry the span of their syllable)`);
  const conj = decomposeToJamo(SAMPLE);
  p(`   round trip on the whole input: ${composeJamo(conj) === SAMPLE ? 'exact' : 'BROKEN'}`);
  p('4. subword (bundled WordPiece, models/ko-wordpiece-16k):');
  const path = defaultTokenizerPath();
  if (existsSync(path)) {
    const tok = await loadSubwordTokenizer(path);
    const enc = tok.encode(SAMPLE);
    p('   ' + enc.tokens.map((t, k) => `${t}@${enc.offsets[k]![0]}`).join(' '));
    p(`   ids: ${enc.ids.slice(0, 12).join(' ')} …`);
  } else {
    p(`   (no bundled tokenizer at ${path}; run npm run recipe:wordpiece)`);
  }
  p('5. morpheme (bundled analyzer, models/ko-morph), lemma/TAG@start:');
  try {
    const ma = await loadMorphAnalyzer();
    p('   ' + ma.analyze(SAMPLE).map((m) => `${m.lemma}/${m.tag}@${m.start}`).join(' '));
    const fused = ma.analyze('눈물을 흘렸다').filter((m) => m.lemma !== m.text);
    p(`   restored forms: ${fused.map((m) => `${m.text}[${m.start},${m.end}) → ${m.lemma}/${m.tag}`).join(', ')}`);
  } catch (e) {
    p(`   ${e instanceof KornluError ? `${e.code}: ${e.message}` : String(e)}`);
  }
  p('6. task pipelines on the bundled default models (ONNX, CPU):');
  await tasks(p);
  p();
  p('Text layer:');
  const ns = normalize(SAMPLE, { squash: { max: 2 } });
  p(`   squash repeats: ${ns.normalized}`);
  const k = ns.normalized.indexOf('ㅋㅋ');
  const [a, b] = ns.toOriginal(k, k + 2);
  p(`   'ㅋㅋ' in the normalized text maps back to ${a}..${b} = '${SAMPLE.slice(a, b)}'`);
  p(`   choseong of 여름휴가: ${getChoseong('여름휴가')}`);
  p(`   josa: ${josa('휴가', '은/는')}, ${josa('공연', '이/가')}, ${josa('서울', '으로/로')}, ${josa('BTS', '을/를')}, ${josa('2024', '과/와')}`);
}

async function tasks(p: (s?: string) => void): Promise<void> {
  const reviews = ['배우들 연기가 정말 최고였어요 또 보고 싶다', '시간 아깝다 이런 영화는 처음 봄'];
  if (DEFAULT_MODELS.sentiment) {
    const clf = await pipeline('sentiment');
    const out = await clf.run(reviews);
    reviews.forEach((r, i) => p(`   sentiment: ${r} → ${out[i]![0]!.label} ${out[i]![0]!.score.toFixed(2)}`));
    await clf.dispose();
  } else p('   (no bundled sentiment model; run npm run recipe:sentiment)');
  const utterances = ['내일 날씨 알려줘', '오늘 회의는 몇 시야?', '점심 먹었어'];
  if (DEFAULT_MODELS.intent) {
    const clf = await pipeline('intent');
    const out = await clf.run(utterances);
    p('   intent: ' + utterances.map((u, i) => `${u} → ${out[i]![0]!.label}`).join(', '));
    await clf.dispose();
  } else p('   (no bundled intent model; run npm run recipe:intent)');
  if (DEFAULT_MODELS.qa) {
    const qa = await pipeline('qa');
    const context = '한글은 조선의 세종이 1443년에 창제하여 1446년에 훈민정음이라는 이름으로 반포한 문자이다.';
    const question = '훈민정음이 반포된 해는?';
    const [best] = await qa.run({ question, context });
    p(`   question answering (KorQuAD-style): ${question} → ${best ? `${best.answer} [${best.start},${best.end}) ${best.score.toFixed(2)}` : '(no answer)'}`);
    await qa.dispose();
  } else p('   (no bundled QA model; run npm run recipe:qa)');
  if (DEFAULT_MODELS.spacing) {
    const spacer = await pipeline('spacing');
    const text = '여름휴가는시작하기전이가장즐겁다';
    p(`   word spacing: ${text} → ${(await spacer.run(text)).text}`);
    await spacer.dispose();
  } else p('   (no bundled spacing model; run npm run recipe:spacing)');
  if (DEFAULT_MODELS.reply) {
    const gen = await pipeline('reply');
    const message = '요즘 너무 피곤해';
    p(`   reply (seq2seq, chit-chat): ${message} → ${(await gen.run(message, { maxNewTokens: 40 })).text}`);
    await gen.dispose();
  } else p('   (no bundled reply model; run npm run recipe:reply)');
  const faq = await pipeline('retrieval', undefined, {
    documents: [
      { text: '배송은 보통 얼마나 걸리나요?', answer: '2~3일 걸립니다.' },
      { text: '환불은 어떻게 신청하나요?', answer: '마이페이지 > 주문내역에서 신청하세요.' },
      { text: '영업 시간이 어떻게 되나요?', answer: '평일 9시부터 6시까지입니다.' },
    ],
  });
  const [hit] = await faq.search('환불신청어떻게해요', { topK: 1 });
  p(`   retrieval (BM25, syllable bigrams, no spaces in the query): 환불신청어떻게해요 → ${hit?.text} → ${hit?.answer}`);
  await chatbotHead(p);
}

/** A chatbot intent head trained right here on a handful of utterances (kornlu/chatbot). */
async function chatbotHead(p: (s?: string) => void): Promise<void> {
  const intents: Record<string, string[]> = {
    delivery: ['배송 언제 와요?', '택배 어디쯤 왔나요', '주문한 물건 언제 도착해요?', '아직도 물건이 안 왔어요', '배송 조회 하고 싶어요'],
    refund: ['환불하고 싶어요', '돈 돌려주세요', '환불 신청은 어떻게 해요', '반품하고 환불해 주세요', '환불 언제 들어와요?'],
    hours: ['영업시간이 어떻게 되나요?', '몇 시까지 해요?', '주말에도 문 열어요?', '언제 문 닫아요', '점심시간이 언제예요?'],
    greeting: ['안녕하세요', '반가워요', '좋은 아침이에요', '여보세요 계세요?', '안녕'],
  };
  const examples = Object.entries(intents).flatMap(([label, texts]) => texts.map((text) => ({ text, label })));
  const [vectors, analyzer] = await Promise.all([loadVectors(), loadMorphAnalyzer()]);
  const featurizer = wordVectorFeaturizer(vectors, { analyzer });
  const t0 = performance.now();
  const { classifier } = await IntentClassifier.train(examples, { featurizer, testFraction: 0, validationFraction: 0 });
  const ms = performance.now() - t0;
  const shown: string[] = [];
  for (const text of ['택배가 아직 안 와요', '환불 받고 싶어요']) {
    const pred = await classifier.predict(text);
    const { attributions } = await classifier.explain(text, pred.label);
    const top = attributions.reduce((a, b) => (b.score > a.score ? b : a));
    shown.push(`${text} → ${pred.label} ${pred.confidence.toFixed(2)} (most telling: '${top.text}'@${top.start})`);
  }
  p(`   chatbot intent head, trained here on ${examples.length} utterances in ${ms.toFixed(0)} ms: ${shown.join(', ')}`);
}
