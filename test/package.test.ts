/**
 * A real install: pack the package as npm would publish it, install the tarball into an
 * empty prefix, and run the installed binary. Proves `files`, `bin` and `dependencies`.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATALOGUE } from '../src/rules/catalogue.js';
import { REPO_ROOT } from './helpers/cli.js';
import { KEY } from './helpers/keys.js';
import { startFake, stopFakes } from './helpers/liveStripe.js';
import * as build from './support/builders.js';

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

afterAll(async () => {
  rmSync(work, { recursive: true, force: true });
  await stopFakes();
});

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
    expect((JSON.parse(stdout) as unknown[]).length).toBe(Object.keys(CATALOGUE).length);
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

/** The `$ …` example lines of every --help of the installed binary. */
async function helpExamples(): Promise<string[]> {
  const pages = await Promise.all(
    [[], ['explain'], ['check'], ['customer'], ['coupon'], ['audit'], ['reasons']].map((command) => installed([...command, '--help'])),
  );
  return pages.flatMap((page) => [...page.stdout.matchAll(/^\s+\$ (.+)$/gm)].map((m) => m[1]!));
}

/** The commands of the README's "First run" section. */
function firstRunCommands(): string[] {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## First run, with no API key'), readme.indexOf('## First live run'));
  return [...section.matchAll(/```sh\n([\s\S]*?)```/g)]
    .flatMap((m) => m[1]!.split('\n'))
    .map((line) => line.replace(/\s+#\s.*$/, '').trim())
    .filter((line) => line !== '');
}

/** The objects the live examples name, served by the fake Stripe API. */
function exampleAccount() {
  build.resetBuilderIds();
  const coupon = build.coupon({ id: 'SUMMER25', percent_off: 25, applies_to: { products: ['prod_NWjs8kKbJWmuuc'] } });
  return {
    coupons: [coupon],
    promotionCodes: [
      build.promotionCode({ id: 'promo_1MiM6KLkdIwHu7ixrIaX4wgn', code: 'SUMMER20', coupon: 'SUMMER25', restrictions: { minimum_amount: 3000, minimum_amount_currency: 'usd' } }),
    ],
    customers: [build.customer({ id: 'cus_NffrFeUfNV2Hib' })],
    prices: [build.price({ id: 'price_1MoBy5LkdIwHu7ixZhnattbh', product: 'prod_NWjs8kKbJWmuuc' })],
  };
}

function hasJq(): boolean {
  return (process.env.PATH ?? '').split(':').some((dir) => {
    try {
      readFileSync(join(dir, 'jq'));
      return true;
    } catch {
      return false;
    }
  });
}

/** A command line as a user types it, in an empty directory, with the installed promo-doctor first on PATH. */
function shell(command: string, env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-o', 'pipefail', '-c', command], {
      cwd: work,
      env: { PATH: `${join(prefix, 'bin')}:${process.env.PATH ?? ''}`, NO_COLOR: '1', HOME: work, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('every example of --help and of the README first run works as written, from any directory', () => {
  it('runs each one from an empty directory after the global install', async () => {
    const fake = await startFake(exampleAccount());
    // The live examples talk to the fake; `rk_test_…` in an example stands for the reader's key.
    const env = { STRIPE_API_KEY: KEY, STRIPE_API_BASE: fake.url };
    const commands = [...(await helpExamples()), ...firstRunCommands()];
    expect(commands.length).toBeGreaterThanOrEqual(20);
    for (const written of commands) {
      const command = written.replaceAll('rk_test_…', KEY);
      // jq is not a dependency: where it is missing, run the promo-doctor part of a pipe.
      const runnable = hasJq() ? command : command.split(' | jq')[0]!;
      const r = await shell(runnable, env);
      expect([0, 1], `${written}\n${r.stderr}`).toContain(r.code);
      expect(r.stderr, written).not.toMatch(/does not exist|promo-doctor: |not found/i);
    }
  }, 120_000);
});
