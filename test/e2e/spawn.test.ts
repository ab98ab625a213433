/**
 * Smoke tests of the built binary (bin/promo-doctor -> dist/entry.js), spawned as a user runs
 * it. Everything else runs main() in-process (test/helpers/cli.ts); these cover what only a
 * real process shows: the exit code as the shell sees it (set by entry.ts), stdout and
 * stderr as separate pipes, --version answered by entry.ts before the CLI loads, standard
 * input through a pipe, and a reader that closes the pipe early.
 */
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { generateAccount } from '../helpers/auditAccount.js';
import { REPO_ROOT, parseJson, parseNdjson, spawnCli } from '../helpers/cli.js';
import { KEY } from '../helpers/keys.js';
import { closedPortUrl, startFake, stopFakes } from '../helpers/liveStripe.js';
import { AT_FLAG as AT } from '../helpers/time.js';

const PKG = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

afterAll(stopFakes);

describe('exit codes as the shell sees them', () => {
  it('0: a redeemable code, the diagnosis on stdout, nothing on stderr', async () => {
    const r = await spawnCli(['explain', 'examples/promotion-code-2024-06-20.json', ...AT]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('promo_');
    expect(r.stderr).toBe('');
  });

  it('1: a code that cannot be redeemed, one JSON document on stdout', async () => {
    const r = await spawnCli(['explain', 'examples/promotion-code-2026-10-28.json', ...AT, '--json']);
    expect(r.code, r.stderr).toBe(1);
    expect(parseJson(r.stdout)).toMatchObject({ schema_version: 1, verdict: 'not_redeemable' });
    expect(r.stderr).toBe('');
  });

  it('2: bad usage, one sentence on stderr and nothing on stdout', async () => {
    const r = await spawnCli(['audit', '--max-rps', 'fast']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^promo-doctor: [^\n]*--max-rps "fast"[^\n]*\n$/);
  });

  it('3: Stripe cannot be reached, one sentence on stderr and nothing on stdout', async () => {
    const r = await spawnCli(['check', 'promo_1', ...AT, '--max-retries', '0'], {
      env: { STRIPE_API_KEY: KEY, STRIPE_API_BASE: await closedPortUrl() },
    });
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^promo-doctor: [^\n]+\n$/);
  });
});

describe('the process shell', () => {
  it('--version is answered by entry.ts: the version of package.json, alone on stdout', async () => {
    for (const flag of ['--version', '-v']) {
      const r = await spawnCli([flag]);
      expect(r).toMatchObject({ code: 0, stdout: `${PKG.version}\n`, stderr: '' });
    }
  });

  it('standard input through a pipe (explain -)', async () => {
    const r = await spawnCli(['explain', '-', ...AT, '--json'], {
      stdin: readFileSync(`${REPO_ROOT}examples/promotion-code-2024-06-20.json`),
    });
    expect(r.code, r.stderr).toBe(0);
    expect(parseJson(r.stdout)).toMatchObject({ target: { id: 'promo_Example0003' }, verdict: 'conditional' });
  });

  it('audit: NDJSON alone on stdout, the summary alone on stderr', async () => {
    const account = generateAccount({ size: 150, seed: 5, prefix: 'P' });
    const fake = await startFake(account.scenario);
    const r = await spawnCli(['audit', ...AT, '--json'], { env: { STRIPE_API_KEY: KEY, STRIPE_API_BASE: fake.url } });
    expect(r.code, r.stderr).toBe(1);
    expect(parseNdjson(r.stdout)).toHaveLength(150);
    expect(r.stderr).toMatch(/^Audited 150 promotion codes in 2 pages/);
    expect(r.stderr).not.toContain('{');
  });
});

describe('a reader that stops early (promo-doctor audit --json | head -1)', () => {
  it.each([{ format: ['--json'] }, { format: ['--format', 'csv'] }])(
    '$format: no crash or stack trace on stderr, and no more pages requested',
    async ({ format }) => {
      const small = generateAccount({ size: 1000, seed: 8, prefix: 'H' });
      const f = await startFake(small.scenario, { latencyMs: 20 });
      const { code, stderr } = await spawnCli(['audit', ...AT, ...format], {
        env: { STRIPE_API_KEY: KEY, STRIPE_API_BASE: f.url },
        closeStdoutEarly: true,
      });
      expect(stderr, 'stderr').not.toMatch(/\n\s+at |Unhandled 'error' event|node:events/);
      expect(stderr).not.toMatch(/unexpected error/);
      expect(code, stderr).not.toBeNull();
      expect(f.requests.filter((r) => r.path === '/v1/promotion_codes').length).toBeLessThanOrEqual(2);
    },
  );
});
