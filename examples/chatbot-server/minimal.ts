// A Korean chatbot backend in 30 lines (docs/chatbot.md). app.ts is the full version.
import { readFile } from 'node:fs/promises';
import Fastify from 'fastify';
import { FaqBot, IntentClassifier, labeledTextsFromCSV, wordVectorFeaturizer } from 'kornlu/chatbot';
import { loadMorphAnalyzer, loadVectors } from 'kornlu/node';
import { pipeline } from 'kornlu/pipelines';

const data = (f: string) => readFile(new URL(`./data/${f}`, import.meta.url), 'utf8');
const featurizer = wordVectorFeaturizer(await loadVectors(), { analyzer: await loadMorphAnalyzer() });
const examples = labeledTextsFromCSV(await data('intents.csv'));   // columns text,intent
const { classifier } = await IntentClassifier.train(examples, { featurizer, testFraction: 0 });
const faq = await FaqBot.fromCSV(await data('faq.csv'));
const sentiment = await pipeline('sentiment');

const app = Fastify({ bodyLimit: 16 * 1024 });
app.post('/message', async (req, res) => {
  const text = (req.body as { text?: unknown } | null)?.text;
  if (typeof text !== 'string' || !text.trim() || text.length > 1000) return res.status(400).send({ error: 'text: 1–1000 characters' });
  const [intent, hit, [mood]] = await Promise.all([classifier.predict(text), faq.answer(text), sentiment.run(text)]);
  const { attributions } = await classifier.explain(text, intent.label);
  return { intent: intent.label, confidence: intent.confidence, fallback: intent.fallback, ...(hit && !hit.fallback ? { faq: hit } : {}), sentiment: mood, explanation: attributions };
});
app.get('/health', async () => ({ status: 'ok' }));
const close = async () => (await app.close(), await sentiment.dispose(), process.exit(0));
process.on('SIGTERM', close).on('SIGINT', close);
console.log(`listening on ${await app.listen({ port: Number(process.env.PORT ?? 3000) })}`);
