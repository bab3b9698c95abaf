/**
 * The browser entry points must not reach Node built-ins: bundle each for the browser with
 * esbuild and fail on any unresolved `node:` or built-in import.
 */
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const entries = ['src/index.ts', 'src/text/index.ts', 'src/tokenizers/index.ts', 'src/tokenizers/subword/index.ts', 'src/pipelines/browser.ts', 'src/korquad/index.ts'];

describe('browser-safe entry points', () => {
  it.each(entries)('%s bundles for the browser with no Node built-ins', async (entry) => {
    const result = await build({
      entryPoints: [entry],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      logLevel: 'silent',
      metafile: true,
    });
    expect(result.errors).toEqual([]);
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((f) => f.startsWith('src/node/') || f.startsWith('src/cli/'))).toBe(false);
    const code = result.outputFiles[0]!.text;
    expect(code).not.toMatch(/from\s*["']node:|require\(["'](fs|path|os|node:)/);
  });

  it('fails for the Node loader (so the check can fail)', async () => {
    await expect(
      build({ entryPoints: ['src/node/index.ts'], bundle: true, platform: 'browser', write: false, logLevel: 'silent' }),
    ).rejects.toThrow(/node:fs/);
  });
});

describe('pipeline entry registers its platform even when only pipeline() is imported', () => {
  it('keeps the setPlatform side effect through tree shaking (package.json sideEffects)', async () => {
    const result = await build({
      stdin: { contents: "import { pipeline } from './src/pipelines/browser.ts'; console.log(pipeline);", resolveDir: '.', loader: 'ts' },
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      logLevel: 'silent',
      external: ['onnxruntime-web'],
    });
    expect(result.outputFiles[0]!.text).toContain('kornlu-models'); // the web platform's cache name
  });
});
