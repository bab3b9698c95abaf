/**
 * The example chatbot backend: models loaded once (`loadBot`), one Fastify app (`buildServer`)
 * with `POST /message` and `GET /health`. server.ts runs it; the tests start it on a free port.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance } from 'fastify';
import { FaqBot, IntentClassifier, labeledTextsFromCSV, wordVectorFeaturizer, type Attribution } from 'kornlu/chatbot';
import { loadMorphAnalyzer, loadVectors } from 'kornlu/node';
import { pipeline, type TextClassificationPipeline } from 'kornlu/pipelines';

export interface Bot {
  intents: IntentClassifier;
  faq: FaqBot;
  sentiment: TextClassificationPipeline;
  /** How the intent model came to be: loaded from a file or trained at start. */
  intentSource: string;
}

export interface BotOptions {
  /** CSV with `text,intent` rows (default data/intents.csv); used when no saved model is given. */
  intentsCsv?: string;
  /** A saved intent model (IntentClassifier.toJSON()) to load instead of training. */
  intentModel?: string;
  faqCsv?: string;
}

// fileURLToPath, not URL#pathname: the latter keeps %20 and friends in folder names.
const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export async function loadBot(o: BotOptions = {}): Promise<Bot> {
  const [vectors, analyzer, sentiment] = await Promise.all([loadVectors(), loadMorphAnalyzer(), pipeline('sentiment')]);
  const featurizer = wordVectorFeaturizer(vectors, { analyzer });
  let intents: IntentClassifier;
  let intentSource: string;
  if (o.intentModel) {
    intents = IntentClassifier.fromJSON(JSON.parse(await readFile(o.intentModel, 'utf8')), featurizer);
    intentSource = o.intentModel;
  } else {
    const file = o.intentsCsv ?? here('./data/intents.csv');
    const examples = labeledTextsFromCSV(await readFile(file, 'utf8'));
    intents = (await IntentClassifier.train(examples, { featurizer, testFraction: 0, seed: 1 })).classifier;
    intentSource = `trained at start on ${examples.length} examples from ${file}`;
  }
  const faq = await FaqBot.fromCSV(await readFile(o.faqCsv ?? here('./data/faq.csv'), 'utf8'));
  return { intents, faq, sentiment, intentSource };
}

export interface MessageReply {
  intent: string;
  confidence: number;
  fallback: boolean;
  faq?: { question: string; answer: string; score: number };
  sentiment: { label: string; score: number };
  explanation: Attribution[];
}

export async function reply(bot: Bot, text: string): Promise<MessageReply> {
  const [intent, faq, sentiment] = await Promise.all([bot.intents.predict(text), bot.faq.answer(text), bot.sentiment.run(text)]);
  const { attributions } = await bot.intents.explain(text, intent.label);
  return {
    intent: intent.label,
    confidence: intent.confidence,
    fallback: intent.fallback,
    ...(faq && !faq.fallback ? { faq: { question: faq.question, answer: faq.answer, score: faq.score } } : {}),
    sentiment: { label: sentiment[0]!.label, score: sentiment[0]!.score },
    explanation: attributions,
  };
}

export interface ServerOptions {
  /** Largest request body in bytes (default 16 kB): larger bodies get 413 before parsing. */
  bodyLimit?: number;
  /** Longest `text` in characters (default 1,000): longer gets 413. */
  maxTextLength?: number;
  logger?: boolean;
}

/** Errors as `{ error: { code, message } }` with the status code in the HTTP status. */
function fail(status: number, code: string, message: string) {
  return Object.assign(new Error(message), { statusCode: status, code });
}

export function buildServer(bot: Bot, o: ServerOptions = {}): FastifyInstance {
  const maxText = o.maxTextLength ?? 1000;
  const app = Fastify({ bodyLimit: o.bodyLimit ?? 16 * 1024, logger: o.logger ?? false });
  // JSON only: without this, text/plain bodies would reach the handler as strings.
  app.removeContentTypeParser('text/plain');

  app.setErrorHandler((err: Error & { statusCode?: number; code?: string }, _req, res) => {
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 600 ? err.statusCode : 500;
    // Fastify's own parser errors get stable names a client can branch on.
    const code =
      err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ? 'UNSUPPORTED_MEDIA_TYPE'
      : err.code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? 'BODY_TOO_LARGE'
      : err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || (status === 400 && err.code?.startsWith('FST_')) ? 'BAD_JSON'
      : status === 500 ? 'INTERNAL' : (err.code ?? 'ERROR');
    if (status === 500) app.log.error(err);
    res.status(status).send({ error: { code, message: status === 500 ? 'internal error' : err.message } });
  });
  app.setNotFoundHandler((req, res) => res.status(404).send({ error: { code: 'NOT_FOUND', message: `no route ${req.method} ${req.url}` } }));

  app.get('/health', async () => ({ status: 'ok', intents: bot.intents.labels, intentModel: bot.intentSource, faqEntries: bot.faq.entries.length }));

  app.post('/message', async (req) => {
    const body = req.body as { text?: unknown } | null;
    if (body === null || typeof body !== 'object' || Array.isArray(body)) throw fail(400, 'BAD_REQUEST', 'body must be a JSON object { "text": "…" }');
    if (!('text' in body)) throw fail(400, 'MISSING_TEXT', 'body has no "text"');
    if (typeof body.text !== 'string') throw fail(400, 'TEXT_NOT_STRING', `"text" must be a string, got ${body.text === null ? 'null' : typeof body.text}`);
    if (body.text.trim() === '') throw fail(400, 'EMPTY_TEXT', '"text" is empty');
    if (body.text.length > maxText) throw fail(413, 'TEXT_TOO_LONG', `"text" has ${body.text.length} characters; the limit is ${maxText}`);
    return reply(bot, body.text);
  });
  return app;
}
