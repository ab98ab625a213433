/**
 * Read-only (issue item 4, docs/architecture.md, Read-only, secrets and failures): promo-doctor sends only GET requests; it never
 * creates, updates or deletes anything. Every command runs against the fake, which records
 * every request: the live commands in each of their reading modes (by id, by code, with the
 * first-time history, shared codes, filters, pagination, retries, failures), and the
 * commands that need no API (explain, reasons, --help, --version, bad usage) send nothing,
 * even with a key and an API base in the environment.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FakeStripe, RecordedRequest } from '../support/fakeStripe.js';
import { REPO_ROOT } from '../helpers/cli.js';
import { generateAccount } from '../helpers/auditAccount.js';
import { expectOnlyGets, richScenario, runAgainst, startFake } from '../helpers/liveStripe.js';
import { AT_FLAG as AT } from '../helpers/time.js';

/** The read endpoints promo-doctor may use: retrieves by id and lists. */
const READ_PATHS = [
  /^\/v1\/promotion_codes$/,
  /^\/v1\/promotion_codes\/promo_\w+$/,
  /^\/v1\/coupons\/[\w-]+$/,
  /^\/v1\/customers\/cus_\w+$/,
  /^\/v1\/subscriptions$/,
  /^\/v1\/charges$/,
  /^\/v1\/payment_intents$/,
  /^\/v1\/invoices$/,
  /^\/v1\/billing_portal\/configurations$/,
];

/** Every request: GET, to a read endpoint, with no body and none of the headers a write carries. */
function expectReadsOnly(fake: FakeStripe, atLeast = 1): void {
  expect(fake.requests.length, 'the command did reach the fake').toBeGreaterThanOrEqual(atLeast);
  expectOnlyGets(fake);
  const describe = (r: RecordedRequest) => `${r.method} ${r.path}`;
  expect(
    fake.requests.filter((r) => !READ_PATHS.some((p) => p.test(r.path))).map(describe),
    'only read endpoints',
  ).toEqual([]);
  for (const r of fake.requests) {
    expect(r.headers['idempotency-key'], `${describe(r)} carries an Idempotency-Key (a write)`).toBeUndefined();
    expect(Number(r.headers['content-length'] ?? 0), `${describe(r)} has a body`).toBe(0);
    expect(r.headers['transfer-encoding'], `${describe(r)} has a chunked body`).toBeUndefined();
  }
}

const paths = (fake: FakeStripe): Set<string> => new Set(fake.requests.map((r) => r.path));

interface LiveCase {
  readonly name: string;
  readonly args: readonly string[];
  readonly exit: 0 | 1 | 2 | 3;
  /** Paths the run must have read (so the case really exercised that reading mode). */
  readonly reads: readonly string[];
}

const LIVE: readonly LiveCase[] = [
  {
    name: 'check by id',
    args: ['check', 'promo_new', ...AT, '--json'],
    exit: 0,
    reads: ['/v1/promotion_codes/promo_new'],
  },
  {
    name: 'check by code with --customer on a first-time code (history read)',
    args: ['check', 'WELCOME', '--customer', 'cus_h', ...AT, '--json'],
    exit: 0,
    reads: [
      '/v1/promotion_codes',
      '/v1/customers/cus_h',
      '/v1/charges',
      '/v1/payment_intents',
      '/v1/invoices',
      '/v1/subscriptions',
    ],
  },
  {
    name: 'check of a code shared by two promotion codes',
    args: ['check', 'SHARED', '--customer', 'cus_vip', ...AT],
    exit: 0,
    reads: ['/v1/promotion_codes', '/v1/customers/cus_vip'],
  },
  {
    name: 'check of a code that does not exist',
    args: ['check', 'NOSUCHCODE', ...AT, '--json'],
    exit: 1,
    reads: ['/v1/promotion_codes'],
  },
  {
    name: 'check with every context flag and --stripe-account',
    args: [
      'check',
      'promo_vip',
      '--customer',
      'cus_vip',
      '--amount',
      '4000',
      '--currency',
      'usd',
      '--product',
      'prod_1',
      '--stripe-account',
      'acct_1Connected',
      ...AT,
    ],
    exit: 0,
    reads: ['/v1/promotion_codes/promo_vip'],
  },
  { name: 'coupon', args: ['coupon', 'WELCOME', ...AT, '--json'], exit: 0, reads: ['/v1/coupons/WELCOME'] },
  {
    name: 'coupon with --customer',
    args: ['coupon', 'VIP20', '--customer', 'cus_vip', '--currency', 'eur', ...AT],
    exit: 0,
    reads: ['/v1/coupons/VIP20', '/v1/customers/cus_vip'],
  },
  {
    name: 'coupon that does not exist (exit 2 after the lookup)',
    args: ['coupon', 'NOPE', ...AT],
    exit: 2,
    reads: ['/v1/coupons/NOPE'],
  },
  {
    name: 'customer',
    args: ['customer', 'cus_1', ...AT, '--json'],
    exit: 0,
    reads: ['/v1/customers/cus_1', '/v1/subscriptions'],
  },
  {
    name: 'customer (human, --strict)',
    args: ['customer', 'cus_1', ...AT, '--strict'],
    exit: 0,
    reads: ['/v1/customers/cus_1', '/v1/subscriptions'],
  },
  { name: 'audit', args: ['audit', ...AT], exit: 1, reads: ['/v1/promotion_codes'] },
  {
    name: 'audit with filters and --customer (history read once)',
    args: [
      'audit',
      ...AT,
      '--json',
      '--active',
      '--coupon',
      'VIP20',
      '--created-after',
      '2026-01-01',
      '--created-before',
      '2026-12-31',
      '--customer',
      'cus_vip',
      '--max-rps',
      '50',
    ],
    exit: 0,
    reads: [
      '/v1/promotion_codes',
      '/v1/customers/cus_vip',
      '/v1/charges',
      '/v1/payment_intents',
      '/v1/invoices',
      '/v1/subscriptions',
    ],
  },
  {
    name: 'audit --inactive --code --format csv',
    args: ['audit', ...AT, '--inactive', '--code', 'SHARED', '--format', 'csv'],
    exit: 1,
    reads: ['/v1/promotion_codes'],
  },
];

describe.concurrent('every live command sends only GET requests to read endpoints', () => {
  for (const c of LIVE) {
    it(c.name, async ({ onTestFinished }) => {
      const fake = await startFake(richScenario(), { until: { onTestFinished } });
      const result = await runAgainst(fake, c.args);
      expect(result.code, result.stderr).toBe(c.exit);
      expectReadsOnly(fake);
      for (const path of c.reads) expect(paths(fake), `read ${path}`).toContain(path);
    });
  }

  it('audit through several pages, with --starting-after', async ({ onTestFinished }) => {
    const account = generateAccount({ size: 250, seed: 3, prefix: 'RO' });
    const fake = await startFake(account.scenario, { until: { onTestFinished } });
    const result = await runAgainst(fake, ['audit', ...AT, '--json', '--starting-after', account.codes[9]!.id]);
    expect(result.code, result.stderr).toBe(1);
    expectReadsOnly(fake, 3);
    expect(fake.requests.map((r) => r.query.starting_after)).toEqual([
      account.codes[9]!.id,
      account.codes[109]!.id,
      account.codes[209]!.id,
    ]);
  });

  it('retries after 429, 5xx and dropped connections are GETs too', async ({ onTestFinished }) => {
    const fake = await startFake(richScenario(), { until: { onTestFinished } });
    fake.inject({ path: '/v1/promotion_codes', kind: 'status', status: 429, retryAfter: 0 });
    fake.inject({ path: '/v1/customers/cus_h', kind: 'status', status: 503, retryAfter: 0 });
    fake.inject({ path: '/v1/invoices', kind: 'reset' });
    const result = await runAgainst(fake, [
      'check',
      'WELCOME',
      '--customer',
      'cus_h',
      ...AT,
      '--json',
      '--max-retries',
      '2',
    ]);
    expect(result.code, result.stderr).toBe(0);
    expectReadsOnly(fake, 9);
    expect(fake.requests.map((r) => r.status)).toContain(429);
  });

  it('failures (401, 403, 500 for good) send nothing but GETs', async ({ onTestFinished }) => {
    const fake = await startFake({ ...richScenario(), keys: {} }, { until: { onTestFinished } });
    expect((await runAgainst(fake, ['customer', 'cus_1', ...AT])).code).toBe(3);
    const denied = await startFake(
      { ...richScenario(), keys: { rk_test_ReadOnlyCheck1: { mode: 'test', permissions: ['customers:read'] } } },
      { until: { onTestFinished } },
    );
    expect((await runAgainst(denied, ['customer', 'cus_1', ...AT], { key: 'rk_test_ReadOnlyCheck1' })).code).toBe(3);
    const failing = await startFake(richScenario(), { until: { onTestFinished } });
    failing.inject({ kind: 'status', status: 500, retryAfter: 0, times: Infinity });
    expect((await runAgainst(failing, ['audit', ...AT, '--max-retries', '1'])).code).toBe(3);
    for (const f of [fake, denied, failing]) expectReadsOnly(f);
  });
});

describe.concurrent('commands that need no API send no request at all, even with a key and an API base set', () => {
  const OFFLINE: ReadonlyArray<readonly [string, readonly string[], number]> = [
    ['explain a file', ['explain', 'examples/promotion-code-2024-06-20.json', ...AT, '--json'], 0],
    ['explain a list (NDJSON)', ['explain', 'test/fixtures/explain/list-promotion-codes.json', ...AT, '--json'], 1],
    [
      'explain with --customer (never looked up offline)',
      ['explain', 'examples/customer-discount-2020-08-27.json', '--customer', 'cus_h', ...AT],
      0,
    ],
    ['reasons', ['reasons'], 0],
    ['reasons <code> --json', ['reasons', 'coupon_deleted', '--json'], 0],
    ['--help', ['--help'], 0],
    ['--version', ['--version'], 0],
    ['check --help', ['check', '--help'], 0],
    ['coupon --help', ['coupon', '--help'], 0],
    ['customer --help', ['customer', '--help'], 0],
    ['audit --help', ['audit', '--help'], 0],
    ['no command', [], 2],
    ['bad usage of a live command (caught before any request)', ['check', 'cus_123', ...AT], 2],
  ];

  for (const [name, args, exit] of OFFLINE) {
    it(name, async ({ onTestFinished }) => {
      const fake = await startFake(richScenario(), { until: { onTestFinished } });
      const result = await runAgainst(fake, args);
      expect(result.code, result.stderr).toBe(exit);
      expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual([]);
    });
  }
});

describe('the source calls only read methods of the Stripe SDK', () => {
  function sources(dir: string): string[] {
    return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const path = join(dir, entry.name);
      return entry.isDirectory() ? sources(path) : entry.name.endsWith('.ts') ? [path] : [];
    });
  }

  it('every client.<resource>.<method>() in src/ is retrieve or list, but the one invoice preview of --ask-stripe; no raw requests', () => {
    const methods = new Map<string, string[]>();
    for (const file of sources(join(REPO_ROOT, 'src'))) {
      const text = readFileSync(file, 'utf8');
      expect(text, `${file} makes a raw request`).not.toMatch(/\brawRequest\s*\(/);
      for (const match of text.matchAll(/\bclient\s*\.\s*(\w+)\s*\.\s*(\w+)\s*\(/g)) {
        methods.set(match[2]!, [...(methods.get(match[2]!) ?? []), `${file.slice(REPO_ROOT.length)}: ${match[0]}`]);
      }
    }
    const calls = [...methods.values()].flat();
    expect(calls.length, 'the scan finds the SDK calls at all').toBeGreaterThanOrEqual(5);
    const others = [...methods.entries()]
      .filter(([method]) => method !== 'retrieve' && method !== 'list')
      .flatMap(([, where]) => where);
    // The one exception: POST /v1/invoices/create_preview, creating nothing, sent only for check --ask-stripe.
    expect(others).toEqual(['src/stripe/reader.ts: client.invoices.createPreview(']);
  });
});

describe('--ask-stripe: exactly one POST, to create_preview, and only with the flag', () => {
  const ORDER = ['--customer', 'cus_h', '--amount', '4000', '--currency', 'usd', '--product', 'prod_A'];

  it('without --ask-stripe the same check sends only reads', async () => {
    const fake = await startFake(richScenario());
    const result = await runAgainst(fake, ['check', 'promo_new', ...AT, ...ORDER, '--json']);
    expect([0, 1], result.stderr).toContain(result.code);
    expectReadsOnly(fake);
  });

  it('with --ask-stripe: the reads, plus one POST /v1/invoices/create_preview', async () => {
    const fake = await startFake(richScenario());
    const result = await runAgainst(fake, ['check', 'promo_new', ...AT, ...ORDER, '--ask-stripe', '--json']);
    expect([0, 1], result.stderr).toContain(result.code);
    const posts = fake.requests.filter((r) => r.method !== 'GET');
    expect(posts.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /v1/invoices/create_preview']);
    const reads = fake.requests.filter((r) => r.method === 'GET');
    expect(reads.length).toBeGreaterThan(0);
    expect(reads.filter((r) => !READ_PATHS.some((p) => p.test(r.path))).map((r) => r.path)).toEqual([]);
  });

  it('coupon, customer, audit and explain have no --ask-stripe', async () => {
    for (const args of [['coupon', 'C1'], ['customer', 'cus_h'], ['audit'], ['explain', '-']]) {
      const result = await runAgainst(null, [...args, '--ask-stripe']);
      expect(result.code, args.join(' ')).toBe(2);
    }
  });
});
