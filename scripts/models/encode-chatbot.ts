/**
 * Training data for the reply model (seq2seq) from ChatbotData (songys, MIT): 90/10 split by
 * distinct question (a question's pairs all fall on one side, so no held-out question was seen),
 * a SentencePiece-style BPE vocabulary (Metaspace: decoding restores the spaces exactly) trained by
 * kornlu's own trainer on the training side, and the ids exactly as the text2text pipeline encodes
 * them: source = encode(question), target = <s> encode(answer) </s>.
 *
 *   tsx scripts/models/encode-chatbot.ts --out DIR [--vocab-size 4000]
 *
 * Writes DIR/tokenizer.json, DIR/train.jsonl ({"src", "tgt"}), DIR/test.jsonl ({"q", "a", "label"}),
 * DIR/split.json (counts).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parseCsv } from '../../benchmarks/lib/csv.js';
import { requireData } from '../../benchmarks/lib/data.js';
import { fnv1a } from '../../src/hash.js';
import { trainBPE } from '../../src/tokenizers/subword/trainers/index.js';

export const SPECIALS = ['<pad>', '<unk>', '<s>', '</s>'];
const { values } = parseArgs({ options: { out: { type: 'string' }, 'vocab-size': { type: 'string', default: '4000' } } });
if (!values.out) {
  console.error('usage: encode-chatbot.ts --out DIR [--vocab-size 4000]');
  process.exit(2);
}
const rows = parseCsv(readFileSync(requireData('chatbot-data/ChatbotData.csv'), 'utf8')).slice(1).filter((r) => r.length >= 2 && r[0]!.trim() && r[1]!.trim());
const pairs = rows.map(([q, a, label]) => ({ q: q!.trim(), a: a!.trim(), label: (label ?? '').trim() }));
const held = (q: string) => fnv1a(q) % 10 === 0;
const train = pairs.filter((p) => !held(p.q));
const test = pairs.filter((p) => held(p.q));
const tok = await trainBPE(train.flatMap((p) => [p.q, p.a]), { vocabSize: Number(values['vocab-size']), preTokenizer: 'metaspace', specialTokens: SPECIALS, minFrequency: 2 });
writeFileSync(path.join(values.out, 'tokenizer.json'), JSON.stringify(tok.toJSON()));
const [BOS, EOS] = [2, 3];
writeFileSync(path.join(values.out, 'train.jsonl'), train.map((p) => JSON.stringify({ src: tok.encode(p.q).ids, tgt: [BOS, ...tok.encode(p.a).ids, EOS] })).join('\n') + '\n');
writeFileSync(path.join(values.out, 'test.jsonl'), test.map((p) => JSON.stringify(p)).join('\n') + '\n');
const split = { pairs: pairs.length, train: train.length, test: test.length, trainQuestions: new Set(train.map((p) => p.q)).size, testQuestions: new Set(test.map((p) => p.q)).size, vocabulary: tok.vocabSize };
writeFileSync(path.join(values.out, 'split.json'), JSON.stringify(split, null, 2));
process.stderr.write(`${JSON.stringify(split)}\n`);
