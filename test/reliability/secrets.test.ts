/**
 * Secrets (issue item 3, README, Commands and docs/architecture.md, Read-only, secrets and failures): the API key never appears in any output, log,
 * error or JSON; --debug shows it masked (sk_test_…abcd); it reaches Stripe only in the
 * Authorization header. Every run here goes through `runAgainst` (test/helpers/liveStripe.ts),
 * which already asserts that the recognisable key sk_test_51PromoDoctorLeakCheck9876 (or
 * any other key of the test) is on neither stream nor in any request line, query, expand
 * or header but Authorization; the tests add what each case is about.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as build from '../support/builders.js';
import type { FakeStripe, Fault, Scenario } from '../support/fakeStripe.js';
import { REPO_ROOT, runCli } from '../helpers/cli.js';
import { closedPortUrl, jsonDoc, richScenario, runAgainst, startFake, type TestHooks } from '../helpers/liveStripe.js';
import {
  KEY,
  KEY_MASKED,
  LEAK_MARKERS,
  PUBLISHABLE_KEY,
  RK_LIVE_KEY,
  RK_LIVE_KEY_MASKED,
  UNKNOWN_KEY,
} from '../helpers/keys.js';
import { AT_FLAG as AT } from '../helpers/time.js';

const EXAMPLE = 'examples/promotion-code-2024-06-20.json';

/** `debug: using the secret test mode key sk_test_…9876 from STRIPE_API_KEY, API http://…` */
const keyLine = (masked: string, source: string): RegExp =>
  new RegExp(
    `^debug: using the (secret|restricted) (test|live) mode key ${masked} from ${source}, API http://127\\.0\\.0\\.1:\\d+$`,
    'm',
  );

interface LeakCase {
  readonly name: string;
  readonly args: readonly string[];
  readonly exit: 0 | 1 | 2 | 3;
  /** Where the run points: the rich fake (default), a fake that does not know the key, or a closed port. */
  readonly against?: 'fake' | 'key-unknown' | 'restricted' | 'closed-port';
  readonly key?: string | null;
  readonly fault?: Fault;
  /** A reader is opened, so --debug names the key (masked). */
  readonly opensReader: boolean;
  readonly env?: Record<string, string | undefined>;
}

const CASES: readonly LeakCase[] = [
  // success, every command and output form
  {
    name: 'check by id --json (history read)',
    args: ['check', 'promo_new', '--customer', 'cus_h', ...AT, '--json'],
    exit: 0,
    opensReader: true,
  },
  { name: 'check by code (human)', args: ['check', 'WELCOME', ...AT], exit: 0, opensReader: true },
  {
    name: 'check of a shared code --json',
    args: ['check', 'SHARED', '--customer', 'cus_other', ...AT, '--json'],
    exit: 1,
    opensReader: true,
  },
  { name: 'coupon --json', args: ['coupon', 'WELCOME', ...AT, '--json'], exit: 0, opensReader: true },
  { name: 'coupon (human)', args: ['coupon', 'VIP20', ...AT], exit: 0, opensReader: true },
  { name: 'customer --json', args: ['customer', 'cus_1', ...AT, '--json'], exit: 0, opensReader: true },
  { name: 'customer (human)', args: ['customer', 'cus_1', ...AT], exit: 0, opensReader: true },
  { name: 'audit --json', args: ['audit', ...AT, '--json'], exit: 1, opensReader: true },
  { name: 'audit (table)', args: ['audit', ...AT], exit: 1, opensReader: true },
  { name: 'audit --format csv', args: ['audit', ...AT, '--format', 'csv'], exit: 1, opensReader: true },
  {
    name: 'explain --json (a key in the environment, not needed)',
    args: ['explain', EXAMPLE, ...AT, '--json'],
    exit: 0,
    opensReader: false,
  },
  { name: 'reasons --json', args: ['reasons', '--json'], exit: 0, opensReader: false },
  // failures: Stripe, network, authentication, permission
  {
    name: '401: Stripe does not know the key',
    args: ['check', 'promo_new', ...AT, '--json'],
    exit: 3,
    against: 'key-unknown',
    opensReader: true,
  },
  {
    name: '403: a restricted key without a permission',
    args: ['coupon', 'WELCOME', ...AT, '--json'],
    exit: 3,
    against: 'restricted',
    key: RK_LIVE_KEY,
    opensReader: true,
  },
  {
    name: '500 every time',
    args: ['customer', 'cus_1', ...AT, '--json', '--max-retries', '1'],
    exit: 3,
    fault: { kind: 'status', status: 500, retryAfter: 0, times: Infinity },
    opensReader: true,
  },
  {
    name: 'a page lost in an audit',
    args: ['audit', ...AT, '--json', '--max-retries', '0'],
    exit: 3,
    fault: { kind: 'reset', times: Infinity },
    opensReader: true,
  },
  {
    name: 'connection refused',
    args: ['check', 'WELCOME', ...AT, '--max-retries', '0'],
    exit: 3,
    against: 'closed-port',
    opensReader: true,
  },
  // bad input, before and after a lookup
  {
    name: 'a bad flag value',
    args: ['check', 'WELCOME', ...AT, '--amount', 'x', '--currency', 'usd'],
    exit: 2,
    opensReader: false,
  },
  {
    name: 'a --customer that does not exist (after a lookup)',
    args: ['check', 'WELCOME', '--customer', 'cus_nobody', ...AT, '--json'],
    exit: 2,
    opensReader: true,
  },
  {
    name: 'Stripe refuses the request (400: an unknown --starting-after)',
    args: ['audit', ...AT, '--json', '--starting-after', 'promo_unknown'],
    exit: 2,
    opensReader: true,
  },
  { name: 'a publishable key', args: ['check', 'WELCOME', ...AT], exit: 2, key: PUBLISHABLE_KEY, opensReader: false },
  {
    name: 'a key with a stray character',
    args: ['check', 'WELCOME', ...AT],
    exit: 2,
    key: `${KEY}!`,
    opensReader: false,
  },
  {
    name: 'a key given by --api-key that is not a Stripe key',
    args: ['coupon', 'WELCOME', ...AT, '--api-key', `"${KEY}"`],
    exit: 2,
    key: null,
    opensReader: false,
  },
];

async function targetFor(t: TestHooks, c: LeakCase): Promise<FakeStripe | string> {
  if (c.against === 'closed-port') return closedPortUrl();
  const scenario: Scenario = richScenario();
  if (c.against === 'key-unknown')
    return startFake({ ...scenario, keys: { sk_test_someoneelse: { mode: 'test' } } }, { until: t });
  if (c.against === 'restricted')
    return startFake(
      { ...scenario, keys: { [RK_LIVE_KEY]: { mode: 'test', permissions: ['promotion_codes:read'] } } },
      { until: t },
    );
  const fake = await startFake(scenario, { until: t });
  if (c.fault) fake.inject(c.fault);
  return fake;
}

describe.concurrent('the key appears in no output of any command: success, failure, --json, --debug', () => {
  for (const c of CASES) {
    for (const debug of [false, true]) {
      it(`${c.name}${debug ? ' --debug' : ''}`, async ({ onTestFinished }) => {
        const target = await targetFor({ onTestFinished }, c);
        const args = [...c.args, ...(debug ? ['--debug'] : [])];
        const result = await runAgainst(target, args, {
          key: c.key === undefined ? KEY : c.key,
          ...(c.env ? { env: c.env } : {}),
        });
        expect(result.code, result.stderr).toBe(c.exit);
        if (debug && c.opensReader) {
          const masked = c.key === RK_LIVE_KEY ? RK_LIVE_KEY_MASKED : KEY_MASKED;
          expect(result.stderr, '--debug names the key, masked').toContain(masked);
        }
        if (!debug) expect(result.stderr, 'no debug lines without --debug').not.toMatch(/^debug: /m);
        if (typeof target !== 'string' && c.opensReader && c.exit !== 2) {
          // It was really used, and only as a bearer token.
          const sent = c.key === undefined ? KEY : c.key;
          expect(target.requests.length).toBeGreaterThan(0);
          expect(target.requests.every((r) => r.headers.authorization === `Bearer ${sent}`)).toBe(true);
        }
      });
    }
  }
});

describe.concurrent('--debug: request lines on stderr, the key masked', () => {
  it('every request is a debug line on stderr; the key line shows sk_test_…9876; stdout is still one clean document', async ({
    onTestFinished,
  }) => {
    const fake = await startFake(richScenario(), { until: { onTestFinished } });
    fake.inject({ path: '/v1/charges', kind: 'status', status: 500, retryAfter: 0 });
    const result = await runAgainst(fake, [
      'check',
      'WELCOME',
      '--customer',
      'cus_h',
      ...AT,
      '--json',
      '--debug',
      '--max-retries',
      '1',
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(jsonDoc(result).target.id).toBe('promo_new');
    expect(result.stderr).toMatch(keyLine(KEY_MASKED, 'STRIPE_API_KEY'));
    const requestLines = result.stderr.split('\n').filter((line) => /^debug: GET /.test(line));
    // One line per request the fake answered, with its path, status and request id.
    expect(requestLines).toHaveLength(fake.requests.length);
    for (const request of fake.requests) {
      const line = requestLines.find((l) => l.includes(`(${request.requestId})`));
      expect(line, `a debug line for ${request.requestId}`).toBeDefined();
      expect(line!.startsWith(`debug: GET ${request.path}`)).toBe(true);
      expect(line).toContain(`-> ${request.status}`);
    }
    expect(result.stderr).toMatch(/^debug: retry 1 in \d+ ms: server error \(500\)$/m);
    // Every stderr line is a debug line: nothing else was said.
    expect(
      result.stderr
        .trimEnd()
        .split('\n')
        .every((line) => line.startsWith('debug: ')),
    ).toBe(true);
  });

  it('a restricted live key is shown as rk_live_…4321', async ({ onTestFinished }) => {
    build.resetBuilderIds();
    const fake = await startFake(
      {
        coupons: [build.coupon({ id: 'LIVE10', livemode: true })],
        promotionCodes: [build.promotionCode({ id: 'promo_live', code: 'LIVE', coupon: 'LIVE10', livemode: true })],
        keys: { [RK_LIVE_KEY]: { mode: 'live', permissions: ['promotion_codes:read', 'coupons:read'] } },
      },
      { until: { onTestFinished } },
    );
    const result = await runAgainst(fake, ['check', 'promo_live', ...AT, '--json', '--debug'], { key: RK_LIVE_KEY });
    expect(result.code, result.stderr).toBe(0);
    expect(jsonDoc(result).target.id).toBe('promo_live');
    expect(result.stderr).toMatch(keyLine(RK_LIVE_KEY_MASKED, 'STRIPE_API_KEY'));
    expect(result.stderr).toContain('restricted live mode key rk_live_…4321');
    expect(fake.requests.map((r) => r.headers.authorization)).toEqual([`Bearer ${RK_LIVE_KEY}`]);
  });

  it('a 401 with --debug (stack trace allowed): still no key, only the masked one', async ({ onTestFinished }) => {
    const fake = await startFake(
      { ...richScenario(), keys: { sk_test_someoneelse: { mode: 'test' } } },
      { until: { onTestFinished } },
    );
    const result = await runAgainst(fake, ['check', 'promo_new', ...AT, '--debug'], { key: UNKNOWN_KEY });
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/^promo-doctor: Authentication failed/m);
    expect(result.stderr).toContain('sk_test_…5555');
    expect(fake.requests).toHaveLength(1);
  });
});

describe.concurrent('--api-key works, the environment is recommended', () => {
  it('--api-key with no key in the environment: the diagnosis runs, the key is sent only as a bearer token', async ({
    onTestFinished,
  }) => {
    const fake = await startFake(richScenario(), { until: { onTestFinished } });
    const result = await runAgainst(fake, ['check', 'promo_new', ...AT, '--json', '--debug', '--api-key', KEY], {
      key: null,
    });
    expect(result.code, result.stderr).toBe(0);
    expect(jsonDoc(result).target.id).toBe('promo_new');
    expect(result.stderr).toMatch(keyLine(KEY_MASKED, '--api-key'));
    expect(fake.requests.map((r) => r.headers.authorization)).toEqual([`Bearer ${KEY}`]);
  });

  it('a key read from a file with a trailing newline ($(cat key)) works, and is sent trimmed', async ({
    onTestFinished,
  }) => {
    const fake = await startFake(richScenario(), { until: { onTestFinished } });
    const result = await runAgainst(fake, ['coupon', 'WELCOME', ...AT, '--json'], { key: `${KEY}\n` });
    expect(result.code, result.stderr).toBe(0);
    expect(fake.requests.map((r) => r.headers.authorization)).toEqual([`Bearer ${KEY}`]);
  });

  it('STRIPE_SECRET_KEY works too, and --debug names it as the source', async ({ onTestFinished }) => {
    const fake = await startFake(richScenario(), { until: { onTestFinished } });
    const result = await runAgainst(fake, ['coupon', 'WELCOME', ...AT, '--json', '--debug'], {
      key: null,
      env: { STRIPE_SECRET_KEY: KEY },
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(keyLine(KEY_MASKED, 'STRIPE_SECRET_KEY'));
  });

  it.each(['check', 'coupon', 'customer', 'audit'])(
    '%s --help: --api-key says to prefer STRIPE_API_KEY (flags show in the process list)',
    async (command) => {
      const result = await runAgainst(null, [command, '--help']);
      expect(result.code).toBe(0);
      const line = result.stdout.split('\n').find((l) => l.trimStart().startsWith('--api-key'));
      expect(line).toBeDefined();
      expect(result.stdout).toMatch(/--api-key <key>[\s\S]*prefer\s+STRIPE_API_KEY[\s\S]*process\s+list/);
    },
  );

  it('the docs recommend the environment over --api-key, because of the process list', () => {
    const readme = readFileSync(`${REPO_ROOT}docs/cli.md`, 'utf8');
    const section = readme.slice(readme.indexOf('## The API key'));
    expect(section.slice(0, 800)).toMatch(
      /Prefer the\s+environment: a flag is visible to anyone who can list processes/,
    );
    expect(section.slice(0, 800)).toContain('`sk_test_…abcd`');
  });
});

/**
 * A shell variable swapped by mistake (`promo-doctor coupon "$STRIPE_API_KEY"`) puts the key
 * where an id goes. The issue: "It must never leak the key"; docs/architecture.md, Read-only, secrets and failures: the key never appears
 * in any output, log, error; and it must reach Stripe only in the Authorization header, never
 * in a URL (URLs end up in access logs of proxies and in Stripe's request log).
 */
describe('a key pasted where an id goes is neither echoed nor sent in a URL', () => {
  const PASTED: ReadonlyArray<readonly [string, string[]]> = [
    ['coupon <key>', ['coupon', KEY]],
    ['check <key>', ['check', KEY]],
    ['customer <key>', ['customer', KEY]],
    ['check X --customer <key>', ['check', 'WELCOME', '--customer', KEY]],
    ['audit --coupon <key>', ['audit', '--coupon', KEY]],
  ];

  it('exit 2 without echoing it, and no request carries it', async ({ onTestFinished }) => {
    const fake = await startFake(richScenario(), { until: { onTestFinished } });
    const leaks: string[] = [];
    for (const [name, args] of PASTED) {
      fake.reset();
      // runCli, not run: collect every leak instead of stopping at the first.
      const result = await runCli([...args, ...AT, '--max-retries', '0'], {
        env: { STRIPE_API_KEY: KEY, STRIPE_API_BASE: fake.url },
      });
      if (result.code !== 2) leaks.push(`${name}: exit ${result.code}, expected 2`);
      if (LEAK_MARKERS.some((m) => result.stderr.includes(m) || result.stdout.includes(m)))
        leaks.push(`${name}: the key is echoed on stderr: ${result.stderr.trim()}`);
      for (const request of fake.requests) {
        const line = `${request.path} ${JSON.stringify(request.query)}`;
        if (LEAK_MARKERS.some((m) => line.includes(m))) leaks.push(`${name}: the key is sent in the URL: GET ${line}`);
      }
    }
    expect(leaks).toEqual([]);
  });
});
