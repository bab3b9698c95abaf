/**
 * Saves an ONNX graph with onnxruntime's graph rewrites already applied, so that a session does
 * not redo them at every load: what `SessionOptions.optimizedModelFilePath` writes, at the level
 * given. `basic`: constant folding and redundant nodes removed. `extended` (the QA models'
 * recipe): also operator fusions (LayerNormalization, DynamicQuantizeMatMul, FusedMatMul, …), the
 * CPU's; an execution provider without one of those kernels runs that node on the CPU, as it
 * already did for the int8 products it replaces. Level `all` would add x86-only layouts and is refused.
 *
 * Refuses to write the file unless it gives bit-identical outputs to the input graph, in
 * onnxruntime-node and in onnxruntime-web's WASM build, on random token windows.
 *
 *   npx tsx scripts/models/preoptimize.ts IN.onnx OUT.onnx [--level basic|extended]
 */
import { existsSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import * as ortNode from 'onnxruntime-node';
import * as ortWeb from 'onnxruntime-web';

type Ort = typeof ortNode | typeof ortWeb;
type Level = 'basic' | 'extended';

/** What the random windows may hold: from the model folder's config.json (the folder above `onnx/`) when there is one. */
interface Limits {
  vocabSize: number;
  maxLength: number;
}
function limitsOf(input: string): Limits {
  const config = path.join(path.dirname(path.dirname(input)), 'config.json');
  const c = existsSync(config) ? (JSON.parse(readFileSync(config, 'utf8')) as { vocab_size?: number; max_position_embeddings?: number }) : {};
  return { vocabSize: c.vocab_size ?? 1000, maxLength: Math.min(c.max_position_embeddings ?? 384, 384) };
}

/** Random int64 windows for every input of a text model (ids below the vocabulary size; mask 1; types 0 then 1). */
function feeds(ort: Ort, names: readonly string[], length: number, seed: number, vocabSize: number): Record<string, ortNode.Tensor> {
  let x = seed * 2654435761;
  const rand = () => ((x = (Math.imul(x, 1103515245) + 12345) >>> 0) >>> 8) / 2 ** 24;
  const out: Record<string, ortNode.Tensor> = {};
  for (const name of names) {
    const v = new BigInt64Array(length);
    for (let i = 0; i < length; i++) {
      v[i] = /mask/.test(name) ? 1n : /type/.test(name) ? BigInt(i >= length / 3 ? 1 : 0) : BigInt(5 + Math.floor(rand() * (vocabSize - 5)));
    }
    out[name] = new ort.Tensor('int64', v, [1, length]) as ortNode.Tensor;
  }
  return out;
}

/** Largest absolute difference between the two graphs' outputs (both at the runtime's default optimization) over a few windows. */
async function maxDifference(ort: Ort, a: Uint8Array, b: Uint8Array, limits: Limits): Promise<number> {
  const create = (bytes: Uint8Array) => (ort.InferenceSession as typeof ortNode.InferenceSession).create(bytes, { graphOptimizationLevel: 'all', intraOpNumThreads: 1 });
  const [sa, sb] = [await create(a), await create(b)];
  let d = 0;
  for (const [seed, length] of [[1, 16], [2, Math.min(128, limits.maxLength)], [3, limits.maxLength]] as const) {
    const f = feeds(ort, sa.inputNames, length, seed, limits.vocabSize);
    const [ra, rb] = [await sa.run(f), await sb.run(f)];
    for (const k of sa.outputNames) {
      const x = ra[k]!.data as Float32Array;
      const y = rb[k]!.data as Float32Array;
      if (x.length !== y.length) return Infinity;
      for (let i = 0; i < x.length; i++) d = Math.max(d, Math.abs(x[i]! - y[i]!));
    }
  }
  await sa.release();
  await sb.release();
  return d;
}

export async function preoptimize(input: string, output: string, level: Level = 'basic'): Promise<void> {
  const tmp = `${output}.tmp-${process.pid}`;
  const before = statSync(input).size; // read now: output may be input
  try {
    await ortNode.InferenceSession.create(input, { graphOptimizationLevel: level, optimizedModelFilePath: tmp });
    const [a, b] = [readFileSync(input), readFileSync(tmp)];
    ortWeb.env.wasm.numThreads = 1;
    for (const [name, ort] of [['onnxruntime-node', ortNode], ['onnxruntime-web', ortWeb]] as const) {
      const d = await maxDifference(ort, a, b, limitsOf(input));
      if (d !== 0) throw new Error(`${input}: the ${level}-optimized graph's outputs differ by up to ${d} in ${name}; not written`);
    }
    renameSync(tmp, output);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
  console.log(`${output}: ${level}-optimized, ${before} → ${statSync(output).size} bytes; outputs identical in onnxruntime-node and -web`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values, positionals } = parseArgs({ options: { level: { type: 'string', default: 'basic' } }, allowPositionals: true });
  const level = values.level as Level;
  if (positionals.length !== 2 || (level !== 'basic' && level !== 'extended')) {
    console.error('usage: tsx scripts/models/preoptimize.ts IN.onnx OUT.onnx [--level basic|extended]');
    process.exit(2);
  }
  await preoptimize(positionals[0]!, positionals[1]!, level);
  process.exit(0); // onnxruntime-web's worker threads would keep the process alive
}
