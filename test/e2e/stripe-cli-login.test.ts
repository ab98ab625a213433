/**
 * With no key given, the test-mode key that `stripe login` stored is used. Each test writes a
 * config.toml under a temporary XDG_CONFIG_HOME (or HOME), shaped as stripe/stripe-cli writes
 * it (pkg/config/profile.go, writeProfile: one table per profile, the live key redacted, the
 * expiry a plain date), and runs the CLI in-process against the fake Stripe API.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { keyFromStripeCliConfig, stripeCliAcceptsKey, stripeCliConfigPath } from '../../src/stripe/key.js';
import { VirtualClock } from '../helpers/clock.js';
import { KEY, RESTRICTED_KEY, UNKNOWN_KEY } from '../helpers/keys.js';
import { runAgainst, startFake, stopFakes } from '../helpers/liveStripe.js';
import { firstTimeScenario } from '../helpers/scenarios.js';
import { AT_FLAG as AT } from '../helpers/time.js';

/** The runs' clock: expiry is judged against it (the real now), not against --at. */
const NOW = Date.parse('2026-11-22T12:00:00Z');
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
afterAll(stopFakes);

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'promo-doctor-login-'));
  dirs.push(dir);
  return dir;
}

/** A config.toml in a fresh XDG_CONFIG_HOME; returns that folder. */
function xdgWith(toml: string): string {
  const xdg = tempDir();
  mkdirSync(join(xdg, 'stripe'));
  writeFileSync(join(xdg, 'stripe', 'config.toml'), toml);
  return xdg;
}

function profile(name: string, key: string, expires = '2027-01-15'): string {
  return [
    `[${name}]`,
    "device_name = 'laptop'",
    "display_name = 'Promo Doctor sandbox'",
    "live_mode_api_key = 'rk_live_*********************************abcd'",
    "live_mode_key_expires_at = '2027-01-15'",
    "live_mode_pub_key = 'pk_live_51Whatever'",
    `test_mode_api_key = '${key}'`,
    `test_mode_key_expires_at = '${expires}'`,
    "test_mode_pub_key = 'pk_test_51Whatever'",
    '',
  ].join('\n');
}

const run = (fake: Parameters<typeof runAgainst>[0], args: string[], env: Record<string, string | undefined>) =>
  runAgainst(fake, args, { key: null, env, clock: new VirtualClock(NOW) });

describe('the Stripe CLI login as a key source', () => {
  it('uses the default profile of $XDG_CONFIG_HOME/stripe/config.toml when no key is given', async () => {
    const fake = await startFake(firstTimeScenario());
    const xdg = xdgWith(`color = 'auto'\n\n${profile('default', KEY)}`);
    const result = await run(fake, ['check', 'promo_new', ...AT, '--json', '--debug'], { XDG_CONFIG_HOME: xdg });
    expect(result.code, result.stderr).toBe(0);
    expect(fake.requests[0]!.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(result.stderr).toContain(`from the Stripe CLI profile default (${join(xdg, 'stripe', 'config.toml')})`);
  });

  it('falls back to ~/.config/stripe/config.toml, HOME taken from the environment given', async () => {
    const fake = await startFake(firstTimeScenario());
    const home = tempDir();
    mkdirSync(join(home, '.config', 'stripe'), { recursive: true });
    writeFileSync(join(home, '.config', 'stripe', 'config.toml'), profile('default', KEY));
    const result = await run(fake, ['check', 'promo_new', ...AT, '--json'], { HOME: home });
    expect(result.code, result.stderr).toBe(0);
    expect(fake.requests[0]!.headers.authorization).toBe(`Bearer ${KEY}`);
  });

  it('picks the profile from --project-name, else STRIPE_PROJECT_NAME', async () => {
    const fake = await startFake(firstTimeScenario());
    const xdg = xdgWith(`${profile('default', 'sk_test_51NotTheOneWanted0000')}\n${profile('shop', KEY)}`);
    const flag = await run(fake, ['check', 'promo_new', ...AT, '--json', '--project-name', 'shop'], {
      XDG_CONFIG_HOME: xdg,
    });
    expect(flag.code, flag.stderr).toBe(0);
    const env = await run(fake, ['check', 'promo_new', ...AT, '--json'], {
      XDG_CONFIG_HOME: xdg,
      STRIPE_PROJECT_NAME: 'shop',
    });
    expect(env.code, env.stderr).toBe(0);
    expect(fake.requests.map((r) => r.headers.authorization)).toEqual([`Bearer ${KEY}`, `Bearer ${KEY}`]);
  });

  it('a profile name that cannot be one: exit 2, naming where it came from', async () => {
    const result = await run(null, ['coupon', 'WELCOME', ...AT], {
      XDG_CONFIG_HOME: tempDir(),
      STRIPE_PROJECT_NAME: 'a b',
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'promo-doctor: STRIPE_PROJECT_NAME "a b" is not a Stripe CLI profile name (letters, digits, dashes and underscores).\n',
    );
  });

  it('a key given by variable wins over the login', async () => {
    const fake = await startFake(firstTimeScenario());
    const xdg = xdgWith(profile('default', 'sk_test_51NotTheOneWanted0000'));
    const result = await runAgainst(fake, ['check', 'promo_new', ...AT, '--json'], {
      env: { XDG_CONFIG_HOME: xdg },
      clock: new VirtualClock(NOW),
    });
    expect(result.code, result.stderr).toBe(0);
    expect(fake.requests[0]!.headers.authorization).toBe(`Bearer ${KEY}`);
  });

  it('an expired key: exit 2 before any request, saying when it expired', async () => {
    const fake = await startFake(firstTimeScenario());
    const xdg = xdgWith(profile('default', KEY, '2026-11-12'));
    const result = await run(fake, ['coupon', 'WELCOME', ...AT], { XDG_CONFIG_HOME: xdg });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'promo-doctor: The test key from the Stripe CLI profile default expired on 2026-11-12 (10 days ago); run `stripe login` to renew it, or set STRIPE_API_KEY.\n',
    );
    expect(fake.requests).toEqual([]);
  });

  it('a missing profile or a profile without a test key: exit 2, naming the file and what to do for live mode', async () => {
    const fake = await startFake(firstTimeScenario());
    const xdg = xdgWith(profile('default', KEY));
    const missing = await run(fake, ['coupon', 'WELCOME', ...AT, '--project-name', 'other'], { XDG_CONFIG_HOME: xdg });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('has no profile "other"; run `stripe login --project-name other`');
    const noTest = xdgWith("[default]\nlive_mode_api_key = 'rk_live_*********************************abcd'\n");
    const live = await run(fake, ['coupon', 'WELCOME', ...AT], { XDG_CONFIG_HOME: noTest });
    expect(live.code).toBe(2);
    expect(live.stderr).toMatch(
      /the Stripe CLI profile default in .* has no test_mode_api_key; .*for live mode, set STRIPE_API_KEY/,
    );
    expect(fake.requests).toEqual([]);
  });

  it('no config file and no key: the usual "No Stripe API key", which mentions stripe login', async () => {
    const result = await run(null, ['coupon', 'WELCOME', ...AT], { XDG_CONFIG_HOME: tempDir() });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^promo-doctor: No Stripe API key: .*stripe login/);
  });

  it('a file that is not TOML: exit 2, one sentence, the key not echoed', async () => {
    const xdg = xdgWith(`[default\ntest_mode_api_key = '${KEY}'\n`);
    const result = await run(null, ['coupon', 'WELCOME', ...AT], { XDG_CONFIG_HOME: xdg });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^promo-doctor: The Stripe CLI configuration .* is not valid TOML; .*\n$/);
  });

  it('on a 403 the restricted login key is named with its source and the missing permission', async () => {
    const fake = await startFake(
      firstTimeScenario({ keys: { [RESTRICTED_KEY]: { mode: 'test', permissions: ['promotion_codes:read'] } } }),
    );
    const xdg = xdgWith(profile('default', RESTRICTED_KEY));
    const result = await run(fake, ['coupon', 'WELCOME', ...AT], { XDG_CONFIG_HOME: xdg });
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(
      /Permission denied: the restricted key from the Stripe CLI profile default lacks "[^"]*[Cc]oupon/,
    );
  });
});

describe('the Stripe CLI key refused by Stripe', () => {
  it('a 401 names the profile and says to log in again', async () => {
    const fake = await startFake(firstTimeScenario());
    const xdg = xdgWith(profile('default', UNKNOWN_KEY));
    const result = await run(fake, ['coupon', 'WELCOME', ...AT], { XDG_CONFIG_HOME: xdg });
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(
      /^promo-doctor: Authentication failed: Stripe refused the test mode key from the Stripe CLI profile default( \(request req_\w+\))?; run `stripe login` again to get a new one\.\n$/,
    );
  });
});

describe('the Stripe CLI key rules', () => {
  it('accepts what the Stripe CLI validator accepts (sk_ or rk_, three parts, 12 characters)', () => {
    for (const key of ['sk_test_123456', 'rk_test_51Abc', 'sk_live_123456', 'rk_org_12345678', 'sk_test_a_bcd'])
      expect(stripeCliAcceptsKey(key), key).toBe(true);
    for (const key of ['pk_test_123456', 'sk_test_1', 'sk_1234567890ab', 'whsec_1234567890', ''])
      expect(stripeCliAcceptsKey(key), key).toBe(false);
  });

  it('the config path: XDG_CONFIG_HOME first, then HOME, else none', () => {
    expect(stripeCliConfigPath({ XDG_CONFIG_HOME: '/x', HOME: '/h' })).toBe(join('/x', 'stripe', 'config.toml'));
    expect(stripeCliConfigPath({ HOME: '/h' })).toBe(join('/h', '.config', 'stripe', 'config.toml'));
    expect(stripeCliConfigPath({})).toBeNull();
  });

  it('a key expiring today is expired; tomorrow is not; older logins wrote secret_key', async () => {
    const place = { profile: 'default', file: '/c.toml', now: Date.parse('2026-11-22T00:00:00Z') };
    await expect(keyFromStripeCliConfig(profile('default', KEY, '2026-11-22'), place)).rejects.toThrow(
      /expired on 2026-11-22 \(today\)/,
    );
    expect(await keyFromStripeCliConfig(profile('default', RESTRICTED_KEY, '2026-11-23'), place)).toMatchObject({
      kind: 'restricted',
      mode: 'test',
      source: 'the Stripe CLI profile default',
    });
    expect((await keyFromStripeCliConfig(`[default]\nsecret_key = '${KEY}'\n`, place)).value).toBe(KEY);
  });
});
