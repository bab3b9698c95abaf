/** Line streaming: files and streams of any size, CRLF, and a byte-order mark that is not text. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readLines } from '../../src/node/index.js';
import { streamLines } from '../../src/node/lines.js';
import { stripBom } from '../../src/text/chars.js';

async function collect(lines: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const l of lines) out.push(l);
  return out;
}

describe('readLines / streamLines', () => {
  it('drop a byte-order mark at the start only, and read CRLF lines', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kornlu-lines-'));
    const f = path.join(dir, 'bom.txt');
    writeFileSync(f, '\uFEFF눈물을 흘렸다\r\n\uFEFF둘째 줄\r\n셋째');
    expect(await collect(readLines(f))).toEqual(['눈물을 흘렸다', '\uFEFF둘째 줄', '셋째']);
    expect(await collect(readLines(f, { limit: 1 }))).toEqual(['눈물을 흘렸다']);
    const plain = path.join(dir, 'plain.txt');
    writeFileSync(plain, '가\n\n나\n');
    expect(await collect(readLines(plain))).toEqual(['가', '', '나']);
  });

  it('a file that cannot be opened is FILE_NOT_FOUND, naming it', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kornlu-lines-'));
    const missing = path.join(dir, 'none.txt');
    await expect(collect(readLines(missing))).rejects.toMatchObject({ name: 'KornluError', code: 'FILE_NOT_FOUND', path: missing });
    await expect(collect(readLines(dir))).rejects.toMatchObject({ code: 'FILE_NOT_FOUND', path: dir }); // a folder
  });

  it('read a stream the same way (a BOM split from its line by the chunking too)', async () => {
    const bytes = Buffer.from('\uFEFF가나\n다', 'utf8');
    // One byte at a time: the BOM's three bytes arrive separately.
    const chunks = [...bytes].map((b) => Buffer.from([b]));
    expect(await collect(streamLines(Readable.from(chunks)))).toEqual(['가나', '다']);
    expect(stripBom('\uFEFF')).toBe('');
    expect(stripBom('a\uFEFF')).toBe('a\uFEFF');
  });
});
