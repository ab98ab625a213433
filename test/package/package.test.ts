/**
 * A real install: pack the package as npm would publish it, install the tarball into an
 * empty prefix, and run the installed binary. Proves `files`, `bin` and `dependencies`.
 * Then the library as an application gets it: publint and arethetypeswrong on the tarball,
 * and a consumer project (test/fixtures/consumer/) type-checked and run against the install.
 * The install prefers the npm cache (--prefer-offline): `npm ci` fills it with the tarballs, but not
 * with the registry's version lists that resolving a tarball's ranges needs, so on a fresh machine
 * those come from the registry (CI reaches it). The checks read the tarball.
 */
import { execFile, spawn } from 'node:child_process';
import {
  accessSync,
  constants,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statfsSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATALOGUE } from '../../src/rules/catalogue.js';
import { FIXTURES, REPO_ROOT, runShell } from '../helpers/cli.js';
import { KEY } from '../helpers/keys.js';
import { expectOnlyGets, startFake, stopFakes } from '../helpers/liveStripe.js';
import { firstTimeScenario, fullHistory } from '../helpers/scenarios.js';
import * as build from '../support/builders.js';

const run = promisify(execFile);
/**
 * Where the install goes: memory (/dev/shm, a tmpfs) when the machine has one with room, else
 * the temporary directory. The install writes 5,656 small files: on this project's machine npm
 * took 11 s of CPU for it on disk and 5.5 s on tmpfs (most of it the kernel creating files).
 * A container's /dev/shm can be as small as 64 MB, hence the room asked for.
 */
function scratchDir(): string {
  try {
    const fs = statfsSync('/dev/shm');
    if (fs.bavail * fs.bsize >= 1024 * 1024 * 1024) {
      accessSync('/dev/shm', constants.W_OK);
      return '/dev/shm';
    }
  } catch {
    // No /dev/shm (macOS, Windows) or not writable: the temporary directory.
  }
  return tmpdir();
}

const work = mkdtempSync(join(scratchDir(), 'promo-doctor-pack-'));
const prefix = join(work, 'prefix');
let installedBin = '';
let installedPackage = '';
let tarball = '';
let packedFiles: string[] = [];
let installOutput = '';

// npm pack would run `prepack` (the build) again; the tests already built, and a rebuild
// would swap dist/ under the feet of tests running in parallel.
const npm = (args: string[], cwd: string) =>
  run('npm', [...args, '--ignore-scripts', '--no-audit', '--no-fund'], {
    cwd,
    env: { ...process.env, npm_config_loglevel: 'error' },
    maxBuffer: 16 * 1024 * 1024,
  });

beforeAll(async () => {
  const { stdout } = await npm(['pack', '--json', '--pack-destination', work], REPO_ROOT);
  const [packed] = JSON.parse(stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
  packedFiles = packed!.files.map((f) => f.path);
  tarball = join(work, packed!.filename);
  // --prefer-offline, not --offline: on a fresh machine the cache that `npm ci` filled has the
  // tarballs but not the version lists (packuments) that resolve the package's ranges.
  // Installed as a user installs it: scripts allowed and warnings shown, to see that there are none.
  const install = await run(
    'npm',
    ['install', '--global', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', tarball],
    { cwd: work, env: { ...process.env, npm_config_loglevel: 'warn' }, maxBuffer: 16 * 1024 * 1024 },
  );
  installOutput = install.stdout + install.stderr;
  installedBin = join(prefix, 'bin', 'promo-doctor');
  installedPackage = join(prefix, 'lib', 'node_modules', 'promo-doctor');
}, 180_000);

afterAll(async () => {
  // The install holds thousands of files: removing them in the test worker blocked it for
  // seconds (7 s of unlink in a profile of the suite). A detached rm does it beside the suite,
  // niced so that it takes the cores only when the tests leave them idle.
  spawn('nice', ['-n', '19', 'rm', '-rf', work], { detached: true, stdio: 'ignore' })
    .on('error', () => rmSync(work, { recursive: true, force: true }))
    .unref();
  await stopFakes();
});

const installed = (args: string[]) =>
  run(installedBin, args, { cwd: work, env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' } });

describe('the packed package', () => {
  it('ships the built CLI, the schemas and the examples, and no sources or tests', () => {
    expect(packedFiles).toContain('bin/promo-doctor');
    expect(packedFiles).toContain('dist/entry.js');
    expect(packedFiles).toContain('schema/diagnosis.schema.json');
    expect(packedFiles).toContain('examples/promotion-code-2026-10-28.json');
    expect(packedFiles.filter((f) => f.startsWith('src/') || f.startsWith('test/'))).toEqual([]);
  });

  it('installs quietly: no lifecycle script runs at install, so npm 11 has none to warn about', async () => {
    const manifest = JSON.parse(readFileSync(join(installedPackage, 'package.json'), 'utf8')) as {
      scripts?: Record<string, string>;
    };
    // What npm runs when a package is installed (https://docs.npmjs.com/cli/v11/using-npm/scripts).
    const atInstall = ['preinstall', 'install', 'postinstall', 'prepare'];
    expect(Object.keys(manifest.scripts ?? {}).filter((name) => atInstall.includes(name))).toEqual([]);
    expect(installOutput).not.toMatch(/install-scripts|allowScripts|allow-scripts|lifecycle/i);
    // A clone still builds: npm test builds first, npm pack (and publish) through prepack.
    expect(manifest.scripts?.test).toMatch(/^npm run build && /);
    expect(manifest.scripts?.prepack).toBe('npm run build');
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
    const example = join(
      prefix,
      'lib',
      'node_modules',
      'promo-doctor',
      'examples',
      'customer-discount-2020-08-27.json',
    );
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
    [[], ['explain'], ['check'], ['customer'], ['coupon'], ['audit'], ['reasons']].map((command) =>
      installed([...command, '--help']),
    ),
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
      build.promotionCode({
        id: 'promo_1MiM6KLkdIwHu7ixrIaX4wgn',
        code: 'SUMMER20',
        coupon: 'SUMMER25',
        restrictions: { minimum_amount: 3000, minimum_amount_currency: 'usd' },
      }),
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
function shell(command: string, env: Record<string, string>): ReturnType<typeof runShell> {
  return runShell(command, {
    cwd: work,
    env: { PATH: `${join(prefix, 'bin')}:${process.env.PATH ?? ''}`, HOME: work, ...env },
  });
}

describe('every example of --help and of the README first run works as written, from any directory', () => {
  it('runs each one from an empty directory after the global install', async () => {
    const fake = await startFake(exampleAccount());
    // The live examples talk to the fake; `rk_test_…` in an example stands for the reader's key.
    const env = { STRIPE_API_KEY: KEY, STRIPE_API_BASE: fake.url };
    // Each distinct command once: the help pages and the README repeat some (each is a process).
    const commands = [...new Set([...(await helpExamples()), ...firstRunCommands()])];
    expect(commands.length).toBeGreaterThanOrEqual(18);
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

const bin = (name: string): string => join(REPO_ROOT, 'node_modules', '.bin', name);

describe('the library in the packed package', () => {
  it('passes publint, strict: exports, types and files agree', async () => {
    const { stdout } = await run(bin('publint'), [tarball, '--strict'], { cwd: work });
    expect(stdout).toMatch(/All good!/);
  }, 60_000);

  it('passes arethetypeswrong for an ES module package: types resolve for node16 from ESM and for bundlers', async () => {
    // esm-only: the package is ESM (`"type": "module"`, Node >= 20), so CommonJS and node10 resolution are out of scope.
    // attw exits non-zero on any problem the profile counts; run() rejects then.
    const { stdout } = await run(bin('attw'), [tarball, '--profile', 'esm-only', '--no-emoji', '--no-color'], {
      cwd: work,
      maxBuffer: 16 * 1024 * 1024,
    });
    expect(stdout).toContain('"promo-doctor"');
    expect(stdout).toContain('"promo-doctor/stripe"');
  }, 60_000);

  it('reaches neither the stripe SDK nor the CLI dependencies from its entries (every import, dynamic ones too)', () => {
    const lib = join(installedPackage, 'dist', 'lib');
    const seen = new Set<string>();
    const external = new Set<string>();
    const visit = (file: string): void => {
      if (seen.has(file)) return;
      seen.add(file);
      const code = readFileSync(file, 'utf8');
      for (const [, specifier] of code.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm)) {
        if (specifier!.startsWith('.')) visit(resolve(dirname(file), specifier!));
        else external.add(specifier!);
      }
    };
    visit(join(lib, 'index.js'));
    visit(join(lib, 'live.js'));
    expect([...seen].map((f) => relative(lib, f))).toContain('rules/catalogue.js');
    expect([...external].filter((s) => !s.startsWith('node:'))).toEqual([]);
  });

  it('the resolve hook of the consumer run does fail an import of stripe from the library', async () => {
    const lib = join(work, 'hook-check', 'node_modules', 'promo-doctor', 'dist', 'lib');
    mkdirSync(lib, { recursive: true });
    writeFileSync(join(lib, 'probe.mjs'), "await import('stripe');\n");
    const hook = join(FIXTURES, 'consumer', 'hooks', 'register.mjs');
    await expect(run(process.execPath, ['--import', hook, join(lib, 'probe.mjs')], { cwd: work })).rejects.toThrow(
      /promo-doctor's library imported stripe/,
    );
  });

  it('a consumer project type-checks against the installed package and runs the README checkout example', async () => {
    build.resetBuilderIds();
    const scenario = firstTimeScenario(fullHistory());
    // Codes for the audit job besides WELCOME: an expired one, and ids of other Stripe shapes.
    const auditCodes = [
      build.promotionCode({ id: 'promo_abc_123', code: 'UNDERSCORED', coupon: 'WELCOME', created: 1_700_000_300 }),
      build.promotionCode({
        id: 'promo_old_1',
        code: 'OLDIE',
        coupon: 'WELCOME',
        created: 1_700_000_200,
        expires_at: 1_700_100_000,
        active: false,
      }),
      build.promotionCode({ id: 'promo_plain', code: 'PLAIN', coupon: 'WELCOME', created: 1_700_000_100 }),
    ];
    const fake = await startFake({
      ...scenario,
      promotionCodes: [...(scenario.promotionCodes ?? []), ...auditCodes],
      customers: [...(scenario.customers ?? []), build.customer({ id: 'cus_new' })],
    });
    const consumer = join(work, 'consumer');
    cpSync(join(FIXTURES, 'consumer'), consumer, { recursive: true });
    const modules = join(consumer, 'node_modules');
    mkdirSync(join(modules, '@types'), { recursive: true });
    // As an application that installed promo-doctor and already has stripe: the installed
    // package, and the stripe it brought, linked in; @types/node from this repository.
    symlinkSync(installedPackage, join(modules, 'promo-doctor'));
    symlinkSync(join(installedPackage, 'node_modules', 'stripe'), join(modules, 'stripe'));
    symlinkSync(join(REPO_ROOT, 'node_modules', '@types', 'node'), join(modules, '@types', 'node'));
    await run(
      process.execPath,
      [join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(consumer, 'tsconfig.json')],
      { cwd: consumer },
    );
    // The resolve hook fails the run if the library imports stripe, commander, chalk or cli-table3.
    const { stdout } = await run(process.execPath, ['--import', './hooks/register.mjs', 'build/main.js'], {
      cwd: consumer,
      env: { PATH: process.env.PATH ?? '', STRIPE_API_KEY: KEY, STRIPE_API_BASE: fake.url },
    });
    expect(JSON.parse(stdout)).toEqual({
      returning: {
        ok: false,
        reason: 'customer_has_prior_transactions',
        message: 'This code is for a first order only.',
      },
      first: { ok: true, promotionCode: 'promo_new' },
      unknown: {
        ok: false,
        reason: 'promotion_code_not_found',
        message: 'This code does not exist: check its spelling.',
      },
      offline: { verdict: 'not_redeemable', codes: expect.arrayContaining(['promotion_code_expired']) },
      refused: expect.stringMatching(/charge/),
      catalogue: true,
      // The library audit: every code judged, the expired one dead; stopped after one code
      // and resumed with its token, every code once.
      dead: { promo_old_1: 'promotion_code_expired' },
      resumed: { first: 1, union: ['promo_abc_123', 'promo_new', 'promo_old_1', 'promo_plain'] },
      history: true,
    });
    expectOnlyGets(fake);
  }, 120_000);
});
