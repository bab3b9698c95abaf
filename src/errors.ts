/**
 * Typed errors. Every error kornlu throws on purpose is a `KornluError` with a stable `code`,
 * so callers can branch on `err.code` instead of parsing messages.
 */
export type KornluErrorCode =
  | 'INVALID_ARGUMENT'
  | 'INVALID_TOKENIZER_FILE'
  | 'UNSUPPORTED_COMPONENT'
  | 'FILE_NOT_FOUND'
  | 'ANALYZER_NOT_AVAILABLE'
  | 'TRAINING_FAILED'
  /** An ONNX file onnxruntime cannot load (corrupt, truncated, unsupported operator). */
  | 'INVALID_MODEL_FILE'
  /** Model files that do not fit together or the task: input names, shapes, label maps. */
  | 'MODEL_MISMATCH'
  /** A remote (hub or URL) load while remote loading is switched off, or a failed download. */
  | 'REMOTE_NOT_ALLOWED'
  | 'DOWNLOAD_FAILED'
  /** A task with no default model yet, or an unknown task name. */
  | 'NO_DEFAULT_MODEL'
  /** A worker thread stopped (crashed, or was closed) before it answered. */
  | 'WORKER_FAILED';

export class KornluError extends Error {
  readonly code: KornluErrorCode;
  /** Path or URL of the file involved, when there is one. */
  readonly path?: string;

  constructor(code: KornluErrorCode, message: string, options?: { path?: string; cause?: unknown }) {
    super(options?.path ? `${message} (${options.path})` : message, { cause: options?.cause });
    this.name = 'KornluError';
    this.code = code;
    if (options?.path !== undefined) this.path = options.path;
  }
}

export function invalidArgument(message: string): KornluError {
  return new KornluError('INVALID_ARGUMENT', message);
}

/** Rejects anything that is not a string: the one input check every text entry point shares. */
export function assertText(value: unknown, what = 'text'): asserts value is string {
  if (typeof value !== 'string') {
    throw invalidArgument(`${what} must be a string, got ${value === null ? 'null' : typeof value}`);
  }
}
