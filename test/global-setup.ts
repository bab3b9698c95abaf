/**
 * Every test (and every CLI a test spawns) gets its temporary files under one fresh folder,
 * removed when the run ends: tests create temp dirs freely and the machine's /tmp stays clean.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export default function setup(): () => void {
  const dir = mkdtempSync(path.join(tmpdir(), 'kornlu-test-run-'));
  process.env.TMPDIR = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
