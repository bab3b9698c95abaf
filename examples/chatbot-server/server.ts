/**
 * Runs the example chatbot backend.
 *
 *   npx tsx examples/chatbot-server/server.ts          (PORT=3000 HOST=127.0.0.1 by default)
 *   INTENT_MODEL=intent-model.json npx tsx examples/chatbot-server/server.ts   (a saved model instead of training at start)
 *
 *   curl -s localhost:3000/message -H 'content-type: application/json' -d '{"text":"환불은 얼마나 걸려요?"}'
 */
import { buildServer, loadBot } from './app.js';

const t0 = performance.now();
const bot = await loadBot(process.env.INTENT_MODEL ? { intentModel: process.env.INTENT_MODEL } : {});
const app = buildServer(bot, { logger: process.env.LOG === '1' });
const address = await app.listen({ port: Number(process.env.PORT ?? 3000), host: process.env.HOST ?? '127.0.0.1' });
console.log(`chatbot listening on ${address} (models ready in ${((performance.now() - t0) / 1000).toFixed(1)} s; intents: ${bot.intentSource})`);

// Graceful shutdown: stop accepting, let requests in flight finish, free the ONNX session, exit 0.
let closing = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, async () => {
    if (closing) return;
    closing = true;
    console.log(`${signal}: closing`);
    await app.close();
    await bot.sentiment.dispose();
    console.log('closed');
    process.exit(0);
  });
}
