/** The fields of a Hugging Face config.json the pipelines read, typed and checked. */
import { KornluError } from '../errors.js';

export interface ModelConfig {
  modelType: string | undefined;
  /** Label of each logit index (text classification). */
  id2label: string[] | undefined;
  problemType: 'single_label_classification' | 'multi_label_classification' | undefined;
  maxPositionEmbeddings: number | undefined;
  decoderStartTokenId: number | undefined;
  eosTokenId: number[];
  padTokenId: number | undefined;
  /** Training data the model saw (kornlu model cards), so benchmarks can warn about leakage. */
  trainedOn: string[];
  /** The whole parsed file, for anything else. */
  raw: Record<string, unknown>;
}

function int(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isInteger(v) ? v : undefined;
}

export function parseConfig(json: unknown, file: string): ModelConfig {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new KornluError('INVALID_ARGUMENT', 'config.json must hold a JSON object', { path: file });
  }
  const raw = json as Record<string, unknown>;
  let id2label: string[] | undefined;
  if (raw.id2label !== undefined) {
    const m = raw.id2label;
    if (m === null || typeof m !== 'object') throw new KornluError('MODEL_MISMATCH', 'id2label must be an object of index → label', { path: file });
    const entries = Object.entries(m as Record<string, unknown>);
    id2label = new Array<string>(entries.length);
    for (const [k, v] of entries) {
      const i = Number(k);
      if (!Number.isInteger(i) || i < 0 || i >= entries.length || typeof v !== 'string' || id2label[i] !== undefined) {
        throw new KornluError('MODEL_MISMATCH', `id2label must map 0…${entries.length - 1} to label strings; bad entry ${JSON.stringify(k)}: ${JSON.stringify(v)}`, { path: file });
      }
      id2label[i] = v;
    }
  }
  const eos = raw.eos_token_id;
  const problem = raw.problem_type;
  return {
    modelType: typeof raw.model_type === 'string' ? raw.model_type : undefined,
    id2label,
    problemType: problem === 'multi_label_classification' || problem === 'single_label_classification' ? problem : undefined,
    maxPositionEmbeddings: int(raw.max_position_embeddings),
    decoderStartTokenId: int(raw.decoder_start_token_id),
    eosTokenId: Array.isArray(eos) ? eos.filter((x): x is number => int(x) !== undefined) : int(eos) !== undefined ? [eos as number] : [],
    padTokenId: int(raw.pad_token_id),
    trainedOn: Array.isArray(raw.kornlu_trained_on) ? raw.kornlu_trained_on.filter((x): x is string => typeof x === 'string') : [],
    raw,
  };
}
