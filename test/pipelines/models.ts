/** The tiny ONNX fixtures (scripts/models/make_tiny_models.py) and PyTorch's outputs on them. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const MODELS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/models');

export const model = (name: string) => path.join(MODELS, name);

export function expected<T>(name: string): T {
  return JSON.parse(readFileSync(path.join(MODELS, name, 'expected.json'), 'utf8')) as T;
}

export interface Inputs {
  vocab_size: number;
  singles: string[];
  pairs: Array<[string, string]>;
  inputs: Array<{ input_ids: number[]; token_type_ids: number[] }>;
}

export const inputs: Inputs = JSON.parse(readFileSync(path.join(MODELS, 'inputs.json'), 'utf8')) as Inputs;

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}
