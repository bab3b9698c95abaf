/**
 * The `kornlu` command line. Commands: tour, tokenize, pos, subword train, w2v, qa, classify, space, reply,
 * eval korquad, bench korquad. `kornlu <command> --help` explains each.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { KornluError } from '../errors.js';
import { fileCorpus, loadMorphAnalyzer, loadSubwordTokenizer, loadVectors, MorphAnalyzerPool, pretokenizedCorpus, readLines, saveSubwordTokenizer, saveVectors, Word2Vec, writeFileAtomic } from '../node/index.js';
import { formatAnalysis, type AnalysisFormat } from '../node/morph-format.js';
import { streamLines } from '../node/lines.js';
import { evaluate, parseAnalogies, parseSimilarityCsv } from '../embeddings/evaluate.js';
import { embeddingMapSvg } from '../embeddings/plot.js';
import { parseUserDictionary } from '../morph/dict/user-dict.js';
import { createTokenizer, TOKEN_UNITS } from '../tokenizers/registry.js';
import type { Token, TokenUnit, Tokenizer } from '../tokenizers/types.js';
import { trainBPE, trainUnigram, trainWordPiece } from '../tokenizers/subword/trainers/index.js';
import { defaultTokenizerPath, runTour } from './tour.js';
import { progress } from './progress.js';
import { benchCommand, classifyCommand, evalCommand, qaCommand, readText, replyCommand, spaceCommand } from './tasks.js';

const HELP = `kornlu — Korean NLU toolkit

Usage: kornlu <command> [options]

Commands:
  tour                 Show what kornlu does on a sample text (no setup needed)
  tokenize             Tokenize UTF-8 text from stdin, one document per line
  pos                  Morphological analysis of stdin: lemma/TAG pairs per line
  subword train        Train a BPE / WordPiece / Unigram tokenizer.json from a text file
  w2v <train|similar|analogy|eval|plot>   Word vectors: train, query, evaluate, draw
  qa                   Extractive question answering over a passage (ONNX model)
  classify             Classify stdin lines: sentiment, intent (ONNX model)
  space                Restore word spacing (띄어쓰기) in stdin lines (ONNX model)
  reply                Generate a chit-chat reply to each stdin line (ONNX seq2seq model)
  eval korquad         Official KorQuAD 1.0 EM/F1 of a predictions file
  bench korquad        Run a QA model over KorQuAD: EM/F1, questions/s, latency, memory

Run 'kornlu <command> --help' for the options of a command.
`;

const TOKENIZE_HELP = `Usage: kornlu tokenize --unit <unit> [options] < input.txt

Reads UTF-8 text from stdin, one document per line, and prints its tokens.

Options:
  --unit <unit>          eojeol | syllable | jamo | subword | morpheme (required)
  --tokenizer <path>     tokenizer.json (or a folder holding one) for --unit subword
                         (default: kornlu's bundled Korean WordPiece, models/ko-wordpiece-16k)
  --json                 One JSON array per input line; each token has text, start, end
                         (UTF-16 offsets into the line), plus id and token for subword
  --normalize            NFC, whitespace and control-character normalization first
                         (offsets still point into the input line)
  --punctuation <mode>   eojeol only: attach (default) | split | strip
  --jamo-form <form>     jamo only: conjoining (default) | compatibility
  --split-complex        jamo only, compatibility form: ㄳ → ㄱ ㅅ, ㅘ → ㅗ ㅏ
  --nbest <n>            morpheme only: print the n best distinct analyses, n ≤ 1000
                         (JSON: an array of arrays)
  --user-dict <file>     morpheme only: extra words, one per line: surface<TAB>TAG or
                         surface<TAB>lemma/TAG+lemma/TAG…, then optionally <TAB>cost
  --threads <n>          morpheme only: analyze on n worker threads (default 1); same output,
                         same order
  -h, --help             Show this help

Without --json, tokens are printed separated by spaces (subword: the vocabulary pieces;
jamo: the jamo; morpheme: lemma/TAG), one line per input line. Morpheme tokens in JSON have
text, start, end, tag and lemma (the restored base form; text is always the input's slice).
`;

const POS_HELP = `Usage: kornlu pos [--json] [--nbest n] [--user-dict file] [--threads n] < input.txt

Morphological analysis, one input line per output line: lemma/TAG pairs separated by spaces,
eojeols separated by ' | '. Same as 'kornlu tokenize --unit morpheme'.

Options:
  --json          One JSON array per line (text, start, end, tag, lemma)
  --nbest <n>     The n best distinct analyses (n ≤ 1000), one per output line (JSON: an
                  array of arrays)
  --user-dict <f> Extra words, one per line: surface<TAB>TAG (여름휴가철	NNG) or a forced
                  analysis surface<TAB>lemma/TAG+lemma/TAG… (했다	하/VV+였/EP+다/EF),
                  then optionally <TAB>cost (default 2; lower wins more often); # comments
  --threads <n>   Analyze on n worker threads (default 1): about n times the speed on n
                  free cores for large inputs; the same output in the same order
  -h, --help      Show this help
`;

const TRAIN_HELP = `Usage: kornlu subword train --model <bpe|wordpiece|unigram> --input <file> --output <tokenizer.json> [options]

Options:
  --model <kind>         bpe (byte-level) | wordpiece (BERT) | unigram (SentencePiece-style)
  --input <file>         UTF-8 text, one document per line (streamed)
  --output <file>        Where to write tokenizer.json
  --vocab-size <n>       Target vocabulary size (default 16000)
  --min-frequency <n>    Minimum pair / piece frequency (default 2)
  --limit <n>            Read only the first n lines
  --limit-alphabet <n>   Keep the n most frequent characters
  -h, --help             Show this help
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
    process.stdout.write(HELP);
    return 0;
  }
  if (command === 'tour') {
    if (rest.includes('--help') || rest.includes('-h')) {
      process.stdout.write('Usage: kornlu tour\n\nTokenizes a sample Korean text with every unit and prints the result.\n');
      return 0;
    }
    await runTour(process.stdout);
    return 0;
  }
  if (command === 'tokenize') return tokenize(rest);
  if (command === 'pos') {
    if (rest.includes('--help') || rest.includes('-h')) {
      process.stdout.write(POS_HELP);
      return 0;
    }
    return tokenize(['--unit', 'morpheme', '--pos', ...rest]);
  }
  if (command === 'subword' && rest[0] === 'train') return train(rest.slice(1));
  if (command === 'w2v') return w2v(rest);
  if (command === 'qa') return qaCommand(rest);
  if (command === 'classify') return classifyCommand(rest);
  if (command === 'space') return spaceCommand(rest);
  if (command === 'reply') return replyCommand(rest);
  if (command === 'eval') return evalCommand(rest);
  if (command === 'bench') return benchCommand(rest);
  if (command === 'subword') {
    process.stdout.write(TRAIN_HELP);
    return rest.length === 0 || rest.includes('--help') ? 0 : 2;
  }
  process.stderr.write(`kornlu: unknown command "${command}"\n\n${HELP}`);
  return 2;
}

async function tokenize(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      unit: { type: 'string' },
      tokenizer: { type: 'string' },
      json: { type: 'boolean', default: false },
      normalize: { type: 'boolean', default: false },
      punctuation: { type: 'string' },
      'jamo-form': { type: 'string' },
      'split-complex': { type: 'boolean', default: false },
      nbest: { type: 'string' },
      'user-dict': { type: 'string' },
      threads: { type: 'string' },
      pos: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(TOKENIZE_HELP);
    return 0;
  }
  const unit = values.unit as TokenUnit | undefined;
  if (unit === undefined || !TOKEN_UNITS.includes(unit)) {
    process.stderr.write(`kornlu tokenize: --unit must be one of ${TOKEN_UNITS.join(', ')}\n`);
    return 2;
  }
  const punctuation = values.punctuation;
  if (punctuation !== undefined && !['attach', 'split', 'strip'].includes(punctuation)) {
    process.stderr.write('kornlu tokenize: --punctuation must be attach, split or strip\n');
    return 2;
  }
  const form = values['jamo-form'];
  if (form !== undefined && form !== 'conjoining' && form !== 'compatibility') {
    process.stderr.write('kornlu tokenize: --jamo-form must be conjoining or compatibility\n');
    return 2;
  }
  const nbest = values.nbest === undefined ? 1 : Number(values.nbest);
  if (!Number.isInteger(nbest) || nbest < 1) {
    process.stderr.write('kornlu tokenize: --nbest must be a positive integer\n');
    return 2;
  }
  for (const opt of ['user-dict', 'threads'] as const) {
    if (values[opt] !== undefined && unit !== 'morpheme') {
      process.stderr.write(`kornlu tokenize: --${opt} applies to --unit morpheme only\n`);
      return 2;
    }
  }
  const threads = values.threads === undefined ? 1 : Number(values.threads);
  if (!Number.isInteger(threads) || threads < 1) {
    process.stderr.write('kornlu tokenize: --threads must be a positive integer\n');
    return 2;
  }
  if (unit === 'morpheme') return analyze({ json: values.json, nbest, eojeolBars: values.pos }, values['user-dict'], threads);
  let tokenizer: Tokenizer;
  switch (unit) {
    case 'subword':
      tokenizer = await loadSubwordTokenizer(values.tokenizer ?? defaultTokenizerPath());
      break;
    case 'eojeol':
      tokenizer = createTokenizer('eojeol', { normalize: values.normalize, punctuation: (punctuation ?? 'attach') as 'attach' });
      break;
    case 'syllable':
      tokenizer = createTokenizer('syllable', { normalize: values.normalize });
      break;
    default:
      tokenizer = createTokenizer('jamo', { form: form ?? 'conjoining', splitComplex: values['split-complex'] });
  }
  const out = batchedStdout();
  for await (const line of streamLines(process.stdin)) {
    const tokens = tokenizer.tokenize(line);
    out.write((values.json ? JSON.stringify(tokens.map(jsonToken)) : tokens.map(humanToken).join(' ')) + '\n');
  }
  out.flush();
  return 0;
}

/** Output lines gathered and written 256 at a time (fewer writes to the pipe); `flush` at the end or on error. */
function batchedStdout() {
  const lines: string[] = [];
  const flush = () => {
    if (lines.length) process.stdout.write(lines.join(''));
    lines.length = 0;
  };
  return {
    write(s: string) {
      lines.push(s);
      if (lines.length >= 256) flush();
    },
    flush,
  };
}

async function analyze(format: AnalysisFormat, userDict: string | undefined, threads: number): Promise<number> {
  const userEntries = userDict === undefined ? [] : parseUserDictionary(await readText(userDict, 'the user dictionary'), userDict);
  const out = batchedStdout();
  if (threads === 1) {
    const ma = await loadMorphAnalyzer({ userEntries });
    try {
      for await (const line of streamLines(process.stdin)) out.write(formatAnalysis(ma, line, format));
    } finally {
      out.flush(); // the lines before a bad one still come out
    }
    return 0;
  }
  // Blocks of lines go to the workers; the next block is read and sent while the last is analyzed.
  const pool = await MorphAnalyzerPool.start({ threads, userEntries });
  const block = threads * 256;
  const write = async (pending: ReturnType<MorphAnalyzerPool['format']>) => {
    const { output, error } = await pending;
    for (const line of output) out.write(line);
    if (error) throw error;
  };
  try {
    let previous: ReturnType<MorphAnalyzerPool['format']> | null = null;
    let lines: string[] = [];
    for await (const line of streamLines(process.stdin)) {
      lines.push(line);
      if (lines.length < block) continue;
      const next = pool.format(lines, format);
      next.catch(() => undefined); // a failure is reported when its turn to be written comes
      lines = [];
      if (previous) await write(previous);
      previous = next;
    }
    if (previous) await write(previous);
    if (lines.length > 0) await write(pool.format(lines, format));
  } finally {
    out.flush(); // the lines before a bad one still come out
    await pool.close();
  }
  return 0;
}

/** JSON form: text/start/end first, then the unit's own fields. */
function jsonToken(t: Token): Record<string, unknown> {
  return { ...t };
}

function humanToken(t: Token): string {
  const r = t as Token & { token?: string; jamo?: string; tag?: string };
  if (r.token !== undefined) return r.token;
  if (r.jamo !== undefined) return r.jamo;
  return t.text;
}

async function train(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      model: { type: 'string' },
      input: { type: 'string' },
      output: { type: 'string' },
      'vocab-size': { type: 'string', default: '16000' },
      'min-frequency': { type: 'string', default: '2' },
      limit: { type: 'string' },
      'limit-alphabet': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(TRAIN_HELP);
    return 0;
  }
  const kind = values.model;
  if (kind !== 'bpe' && kind !== 'wordpiece' && kind !== 'unigram') {
    process.stderr.write('kornlu subword train: --model must be bpe, wordpiece or unigram\n');
    return 2;
  }
  if (!values.input || !values.output) {
    process.stderr.write('kornlu subword train: --input and --output are required\n');
    return 2;
  }
  const num = (name: string, v: string | undefined) => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new KornluError('INVALID_ARGUMENT', `--${name} must be a positive integer`);
    return n;
  };
  const bar = progress(`train ${kind}`);
  const limitAlphabet = num('limit-alphabet', values['limit-alphabet']);
  const limit = num('limit', values.limit);
  const options = {
    vocabSize: num('vocab-size', values['vocab-size'])!,
    minFrequency: num('min-frequency', values['min-frequency'])!,
    ...(limitAlphabet !== undefined ? { limitAlphabet } : {}),
    onProgress: (p: { stage: string; done: number; total: number }) => bar(p.done, p.total, p.stage),
  };
  const t0 = Date.now();
  const lines = readLines(values.input, limit !== undefined ? { limit } : {});
  const trainer = kind === 'bpe' ? trainBPE : kind === 'wordpiece' ? trainWordPiece : trainUnigram;
  const tok = await trainer(lines, options);
  await saveSubwordTokenizer(tok, values.output);
  process.stderr.write(`wrote ${values.output}: ${tok.vocabSize} tokens in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof KornluError) process.stderr.write(`kornlu: ${err.message} [${err.code}]\n`);
    else if (err instanceof Error && (err as NodeJS.ErrnoException).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') process.stderr.write(`kornlu: ${err.message}\n`);
    else process.stderr.write(`kornlu: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
    process.exitCode = err instanceof KornluError || (err as NodeJS.ErrnoException)?.code?.startsWith?.('ERR_PARSE_ARGS') ? 2 : 1;
  },
);

const W2V_HELP = `Usage:
  kornlu w2v train --input F --output F [--model cbow|skipgram] [--dim 100] [--window 5] [--negative 5]
                   [--hs] [--min-count 5] [--max-vocab N] [--epochs 5] [--sample 1e-3] [--threads N]
                   [--unit eojeol|morpheme|syllable|subword] [--seed N]
  kornlu w2v similar --vectors F WORD [-k 10]
  kornlu w2v analogy --vectors F A B C [-k 1]           (A − B + C)
  kornlu w2v eval --vectors F --ws353 F --analogy F [--json]
  kornlu w2v plot --vectors F --words W1,W2,… --out map.svg

--output/--vectors: .bin is word2vec binary, .kv8 kornlu's compact int8, anything else word2vec
text. Output files are written to a temporary file and renamed, never half-written. Training
streams the input (one pass for the vocabulary, one per epoch) and prints progress with words/s.
`;

async function w2v(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === '--help' || sub === '-h' || rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(W2V_HELP);
    return sub === undefined ? 2 : 0;
  }
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    strict: true,
    options: {
      input: { type: 'string' }, output: { type: 'string' }, vectors: { type: 'string' },
      model: { type: 'string', default: 'cbow' }, dim: { type: 'string', default: '100' }, window: { type: 'string', default: '5' },
      negative: { type: 'string', default: '5' }, hs: { type: 'boolean', default: false }, 'min-count': { type: 'string', default: '5' },
      'max-vocab': { type: 'string' }, epochs: { type: 'string', default: '5' }, sample: { type: 'string', default: '1e-3' },
      threads: { type: 'string', default: '1' }, unit: { type: 'string', default: 'eojeol' }, seed: { type: 'string', default: '1' },
      k: { type: 'string', short: 'k' }, ws353: { type: 'string' }, analogy: { type: 'string' }, json: { type: 'boolean', default: false },
      words: { type: 'string' }, out: { type: 'string' },
    },
  });
  const int = (name: string, v: string | undefined, min = 1) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) throw new KornluError('INVALID_ARGUMENT', `--${name} must be an integer ≥ ${min}`);
    return n;
  };
  const need = (name: string, v: string | undefined) => {
    if (!v) throw new KornluError('INVALID_ARGUMENT', `--${name} is required (see kornlu w2v --help)`);
    return v;
  };
  if (sub === 'train') {
    const model = values.model;
    if (model !== 'cbow' && model !== 'skipgram') throw new KornluError('INVALID_ARGUMENT', '--model must be cbow or skipgram');
    const unit = values.unit as TokenUnit;
    if (!TOKEN_UNITS.includes(unit)) throw new KornluError('INVALID_ARGUMENT', `--unit must be one of ${TOKEN_UNITS.join(', ')}`);
    const tokenizer: Tokenizer | undefined =
      unit === 'subword' ? await loadSubwordTokenizer(defaultTokenizerPath())
      : unit === 'morpheme' ? createTokenizer('morpheme', { analyzer: await loadMorphAnalyzer() })
      : unit === 'syllable' ? createTokenizer('syllable')
      : unit === 'jamo' ? createTokenizer('jamo')
      : undefined; // eojeol: the fast whitespace path
    const sample = Number(values.sample);
    if (!Number.isFinite(sample) || sample < 0) throw new KornluError('INVALID_ARGUMENT', '--sample must be a number ≥ 0');
    const maxVocab = values['max-vocab'] === undefined ? undefined : int('max-vocab', values['max-vocab']);
    const w = new Word2Vec({
      model, dim: int('dim', values.dim), window: int('window', values.window), negative: int('negative', values.negative, 0), hs: values.hs,
      minCount: int('min-count', values['min-count']), epochs: int('epochs', values.epochs), sample, threads: int('threads', values.threads),
      seed: int('seed', values.seed, 0), ...(maxVocab !== undefined ? { maxVocab } : {}),
    });
    const input = need('input', values.input);
    const output = need('output', values.output);
    const t0 = Date.now();
    // Tokenize once into a temporary file, which every epoch then reads on the fast whitespace path
    // (the same tokens; tokenizing again at each epoch cost most of a morpheme run). Jamo streams:
    // its tokens include the spaces themselves.
    const scratch = tokenizer && unit !== 'jamo' ? mkdtempSync(path.join(tmpdir(), 'kornlu-w2v-')) : null;
    try {
      let corpus = fileCorpus(input, tokenizer);
      if (tokenizer && scratch) {
        const bar = progress(`tokenizing (${unit})`);
        let lines = 0;
        corpus = await pretokenizedCorpus(input, tokenizer, path.join(scratch, 'tokens.txt'), (n) => bar((lines = n), 0, 'lines'));
        const clear = process.stderr.isTTY ? '\r\x1b[K' : '';
        process.stderr.write(`${clear}tokenized (${unit}): ${lines.toLocaleString('en')} lines in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
      }
      const vocab = await w.buildVocab(corpus);
      process.stderr.write(`vocabulary: ${vocab.size} words (${w.corpusWords} tokens) in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
      const bar = progress('w2v');
      const kv = await w.train(corpus, { onProgress: (p) => bar(p.words, p.totalWords, `epoch ${p.epoch} · ${Math.round(p.wordsPerSecond).toLocaleString('en')} words/s`) });
      await saveVectors(kv, output);
      process.stderr.write(`wrote ${output}: ${kv.size} × ${kv.dim} in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
    } finally {
      if (scratch) rmSync(scratch, { recursive: true, force: true });
    }
    return 0;
  }
  const kv = await loadVectors(need('vectors', values.vectors));
  if (sub === 'similar') {
    const word = positionals[0];
    if (!word) throw new KornluError('INVALID_ARGUMENT', 'kornlu w2v similar: give a word');
    for (const n of kv.mostSimilar([word], { topK: int('k', values.k ?? '10') })) process.stdout.write(`${n.word}\t${n.score.toFixed(4)}\n`);
    return 0;
  }
  if (sub === 'analogy') {
    const [a, b, c] = positionals;
    if (!a || !b || !c) throw new KornluError('INVALID_ARGUMENT', 'kornlu w2v analogy: give three words A B C (A − B + C)');
    // A − B + C is the analogy B : A :: C : ?
    for (const n of kv.analogy(b, a, c, { topK: int('k', values.k ?? '1') })) process.stdout.write(`${n.word}\t${n.score.toFixed(4)}\n`);
    return 0;
  }
  if (sub === 'eval') {
    const res = evaluate(kv, {
      ...(values.ws353 ? { similarity: parseSimilarityCsv(await readText(values.ws353, 'the WS-353 file')) } : {}),
      ...(values.analogy ? { analogies: parseAnalogies(await readText(values.analogy, 'the analogy file')) } : {}),
    });
    const out = { ws353_spearman: res.ws353_spearman, analogy_top1: res.analogy_top1, analogy_cosine: res.analogy_cosine, oov: res.oov };
    process.stdout.write(values.json ? JSON.stringify(out) + '\n' : Object.entries(out).map(([k, v]) => `${k}\t${JSON.stringify(v)}`).join('\n') + '\n');
    return 0;
  }
  if (sub === 'plot') {
    const words = need('words', values.words).split(',').map((w) => w.trim()).filter(Boolean);
    await writeFileAtomic(need('out', values.out), embeddingMapSvg(kv, words));
    return 0;
  }
  process.stderr.write(`kornlu w2v: unknown subcommand "${sub}"\n${W2V_HELP}`);
  return 2;
}
