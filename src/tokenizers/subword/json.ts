/** Reading tokenizer.json safely: typed accessors that fail with the file path and the JSON path. */
import { KornluError } from '../../errors.js';

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type JsonObject = { [k: string]: Json };

/** Where in which file we are, for error messages. */
export class JsonCursor {
  constructor(
    readonly value: Json | undefined,
    readonly where: string,
    readonly file: string | undefined,
  ) {}

  fail(reason: string): never {
    throw new KornluError('INVALID_TOKENIZER_FILE', `malformed tokenizer.json at ${this.where}: ${reason}`, {
      ...(this.file !== undefined ? { path: this.file } : {}),
    });
  }

  unsupported(what: string): never {
    throw new KornluError('UNSUPPORTED_COMPONENT', `tokenizer.json at ${this.where}: ${what} is not supported`, {
      ...(this.file !== undefined ? { path: this.file } : {}),
    });
  }

  get(key: string): JsonCursor {
    const v = this.value;
    const child = v !== null && typeof v === 'object' && !Array.isArray(v) ? v[key] : undefined;
    return new JsonCursor(child, `${this.where}.${key}`, this.file);
  }

  isNull(): boolean {
    return this.value === null || this.value === undefined;
  }

  object(): JsonObject {
    const v = this.value;
    if (v === null || typeof v !== 'object' || Array.isArray(v)) this.fail('expected an object');
    return v;
  }

  array(): JsonCursor[] {
    if (!Array.isArray(this.value)) this.fail('expected an array');
    return this.value.map((x, i) => new JsonCursor(x, `${this.where}[${i}]`, this.file));
  }

  string(fallback?: string): string {
    if (this.isNull() && fallback !== undefined) return fallback;
    if (typeof this.value !== 'string') this.fail('expected a string');
    return this.value;
  }

  optString(): string | null {
    return this.isNull() ? null : this.string();
  }

  number(fallback?: number): number {
    if (this.isNull() && fallback !== undefined) return fallback;
    if (typeof this.value !== 'number' || !Number.isFinite(this.value)) this.fail('expected a number');
    return this.value;
  }

  int(fallback?: number): number {
    const n = this.number(fallback);
    if (!Number.isInteger(n)) this.fail('expected an integer');
    return n;
  }

  bool(fallback?: boolean): boolean {
    if (this.isNull() && fallback !== undefined) return fallback;
    if (typeof this.value !== 'boolean') this.fail('expected true or false');
    return this.value;
  }

  type(): string {
    return this.get('type').string();
  }
}
