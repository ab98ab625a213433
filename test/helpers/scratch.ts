/**
 * A temporary folder for one test, removed when the test ends (passed or failed): a folder a
 * test leaves behind stays in the machine's temporary directory for good, and the suite runs
 * many times a day.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';

/** Call inside a test: `name` becomes the folder's prefix (promo-doctor-<name>-…). */
export function scratchDir(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `promo-doctor-${name}-`));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
