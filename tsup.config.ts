import { defineConfig } from 'tsup';

// Library: ESM + CJS + .d.ts, one entry per subpath export so bundlers load only what is used.
// The browser entries (index, text, tokenizers, subword) must not reach Node built-ins;
// test/browser-safety.test.ts bundles them for the browser to prove it.
export default defineConfig([
  {
    entry: {
      index: 'src/index.ts',
      'text/index': 'src/text/index.ts',
      'tokenizers/index': 'src/tokenizers/index.ts',
      'tokenizers/subword/index': 'src/tokenizers/subword/index.ts',
      'morph/index': 'src/morph/index.ts',
      'embeddings/index': 'src/embeddings/index.ts',
      'node/index': 'src/node/index.ts',
      // Pipelines: one build per platform; package.json's "browser" condition picks the second.
      'pipelines/node': 'src/pipelines/node.ts',
      'pipelines/browser': 'src/pipelines/browser.ts',
      'korquad/index': 'src/korquad/index.ts',
      'chatbot/index': 'src/chatbot/index.ts',
      // Worker threads (Word2Vec, MorphAnalyzerPool), found at run time by src/node/workers.ts.
      'node/w2v-worker': 'src/node/w2v-worker.ts',
      'node/morph-worker': 'src/node/morph-worker.ts',
    },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    splitting: true,
    treeshake: true,
    target: 'es2022',
    // import.meta.url (the Node loader finds models/ through it) also works in the CJS build.
    shims: true,
  },
  {
    // One bundle; Word2Vec finds its worker in dist/node/ (see workerFile in src/node/word2vec.ts).
    entry: { 'cli/main': 'src/cli/main.ts' },
    format: ['esm'],
    sourcemap: true,
    target: 'node20',
    platform: 'node',
    banner: { js: '#!/usr/bin/env node' },
  },
]);
