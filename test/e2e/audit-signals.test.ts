/**
 * Ctrl-C and SIGTERM sent to the built binary (bin/promo-doctor) in the middle of an audit,
 * as a user's terminal or a job runner sends them: whole lines, the summary, a resume token,
 * exit 130 / 143; then `--resume` with the same flags reads the rest, every code once.
 * Signals need a real process; the fake answers with a little latency so the audit is
 * still running when the signal comes. Nothing here measures time.
 */
import type { ChildProcess } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { generateAccount } from '../helpers/auditAccount.js';
import { parseNdjson, spawnCli } from '../helpers/cli.js';
import { KEY } from '../helpers/keys.js';
import { startFake, stopFakes } from '../helpers/liveStripe.js';
import { AT_ISO } from '../helpers/time.js';

afterAll(stopFakes);

const ids = (stdout: string): string[] => parseNdjson(stdout).map((d) => (d as { target: { id: string } }).target.id);

describe('a signal in the middle of an audit (spawned binary)', () => {
  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)(
    '%s: exit %i with a token; --resume completes it, every code once',
    async (signal, exitCode) => {
      const account = generateAccount({ size: 1_200, seed: 21, prefix: 'Z' });
      const fake = await startFake(account.scenario, { latencyMs: 30 });
      const env = { STRIPE_API_KEY: KEY, STRIPE_API_BASE: fake.url };
      let child: ChildProcess | undefined;
      let seen = 0;
      const unsubscribe = fake.observe((request) => {
        if (request.path === '/v1/promotion_codes' && ++seen === 3) child?.kill(signal);
      });
      const first = await spawnCli(['audit', '--at', AT_ISO, '--json', '--max-rps', '100'], {
        env,
        onSpawn: (c) => (child = c),
        timeoutMs: 60_000,
      });
      unsubscribe();
      expect(first.code, first.stderr).toBe(exitCode);
      expect(first.stdout.endsWith('\n') || first.stdout === '').toBe(true);
      const before = first.stdout === '' ? [] : ids(first.stdout);
      expect(first.stderr).toMatch(/^Audited \d+ promotion codes/m);
      expect(first.stderr).not.toMatch(/\n\s+at /);
      const token = /--resume ([A-Za-z0-9_-]+)/.exec(first.stderr)?.[1];
      expect(token, first.stderr).toBeDefined();

      const second = await spawnCli(['audit', '--at', AT_ISO, '--json', '--max-rps', '100', '--resume', token!], {
        env,
        timeoutMs: 60_000,
      });
      expect(second.code, second.stderr).toBe(1);
      const all = [...before, ...ids(second.stdout)];
      expect(all.length).toBe(account.codes.length);
      expect(new Set(all)).toEqual(new Set(account.codes.map((c) => c.id)));
    },
    120_000,
  );
});
