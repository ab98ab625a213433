/**
 * Golden files under test/fixtures/golden/: compared byte for byte; UPDATE_GOLDEN=1
 * rewrites them (then review the diff with git).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { expect } from 'vitest';
import { FIXTURES } from './cli.js';

export const GOLDEN = join(FIXTURES, 'golden');

/** A file name from a case name: "customer_deleted (the redeeming customer)" -> "customer_deleted-the-redeeming-customer". */
export function slug(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

export function expectGolden(relative: string, actual: string): void {
  const file = join(GOLDEN, relative);
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, actual);
    return;
  }
  if (!existsSync(file))
    throw new Error(`golden file ${relative} is missing: run UPDATE_GOLDEN=1 npx vitest run to write it`);
  expect(actual, `golden file ${relative} (UPDATE_GOLDEN=1 rewrites it)`).toBe(readFileSync(file, 'utf8'));
}
