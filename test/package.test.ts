/**
 * A real install: pack the package as npm would publish it, install the tarball into an
 * empty prefix, and run the installed binary. Proves `files`, `bin` and `dependencies`.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from './helpers/cli.js';

const run = promisify(execFile);
const work = mkdtempSync(join(tmpdir(), 'promo-doctor-pack-'));
const prefix = join(work, 'prefix');
let installedBin = '';
let packedFiles: string[] = [];

// npm pack would run `prepare` (the build) again; the tests already built, and a rebuild
// would swap dist/ under the feet of tests running in parallel.
const npm = (args: string[], cwd: string) => run('npm', [...args, '--ignore-scripts', '--no-audit', '--no-fund'], { cwd, env: { ...process.env, npm_config_loglevel: 'error' }, maxBuffer: 16 * 1024 * 1024 });

beforeAll(async () => {
  const { stdout } = await npm(['pack', '--json', '--pack-destination', work], REPO_ROOT);
  const [packed] = JSON.parse(stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
  packedFiles = packed!.files.map((f) => f.path);
  // --prefer-offline: the dependencies are in the npm cache after `npm ci`.
  await npm(['install', '--global', '--prefix', prefix, '--prefer-offline', join(work, packed!.filename)], work);
  installedBin = join(prefix, 'bin', 'promo-doctor');
}, 180_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

const installed = (args: string[]) => run(installedBin, args, { cwd: work, env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' } });

describe('the packed package', () => {
  it('ships the built CLI, the schemas and the examples, and no sources or tests', () => {
    expect(packedFiles).toContain('bin/promo-doctor');
    expect(packedFiles).toContain('dist/entry.js');
    expect(packedFiles).toContain('schema/diagnosis.schema.json');
    expect(packedFiles).toContain('examples/promotion-code-2026-10-28.json');
    expect(packedFiles.filter((f) => f.startsWith('src/') || f.startsWith('test/'))).toEqual([]);
  });

  it('installs a working promo-doctor --version', async () => {
    const { stdout } = await installed(['--version']);
    expect(stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('runs reasons from the install', async () => {
    const { stdout } = await installed(['reasons', '--json']);
    expect((JSON.parse(stdout) as unknown[]).length).toBe(32);
  });

  it('explains a shipped example from the install', async () => {
    const example = join(prefix, 'lib', 'node_modules', 'promo-doctor', 'examples', 'customer-discount-2020-08-27.json');
    const { stdout } = await installed(['explain', example, '--json']);
    const doc = JSON.parse(stdout) as { verdict: string; reasons: Array<{ code: string }> };
    expect(doc.reasons.map((r) => r.code)).toEqual(['discount_outlives_coupon']);
    expect(doc.verdict).toBe('redeemable');
  });

  it('installs the stripe SDK as a runtime dependency, for the live commands', () => {
    expect(readdirSync(join(prefix, 'lib', 'node_modules', 'promo-doctor', 'node_modules'))).toContain('stripe');
  });
});
