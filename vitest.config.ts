import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The package's own name resolves to its sources, as tsconfig.json's "paths" say (examples import 'kornlu/…').
const src = (p: string) => fileURLToPath(new URL(`./src/${p}`, import.meta.url));

export default defineConfig({
  resolve: {
    alias: [
      { find: /^kornlu$/, replacement: src('index.ts') },
      { find: /^kornlu\/node$/, replacement: src('node/index.ts') },
      { find: /^kornlu\/chatbot$/, replacement: src('chatbot/index.ts') },
      { find: /^kornlu\/morph$/, replacement: src('morph/index.ts') },
      { find: /^kornlu\/pipelines$/, replacement: src('pipelines/node.ts') },
    ],
  },
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
    pool: 'forks',
  },
});
