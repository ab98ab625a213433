/**
 * The exit-code contract (issue item 6, docs/architecture.md, The JSON document and exit codes), for every command:
 *   0  redeemable or conditional (audit: nothing blocking; customer: every discount applies)
 *   1  not redeemable (audit: a code with a blocking finding); with --strict, conditional
 *      and warning findings too (info findings never)
 *   2  bad usage or bad input
 *   3  could not diagnose: Stripe or network failure after retries, authentication, permission
 * Each command is run into each code it can give. For --json runs the document is checked
 * against the exit code: 1 without --strict exactly when the verdict is not_redeemable; with
 * --strict also when a conditional or warning finding is reported.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import * as build from '../support/builders.js';
import type { Fault, Scenario } from '../support/fakeStripe.js';
import type { CliResult } from '../helpers/cli.js';
import { customerScenario } from '../helpers/scenarios.js';
import {
  closedPortUrl,
  type Doc,
  expectFailure,
  jsonDoc,
  ndjsonDocs,
  runAgainst,
  startFake,
} from '../helpers/liveStripe.js';
import { RK_LIVE_KEY } from '../helpers/keys.js';
import { AT, AT_FLAG, DAY } from '../helpers/time.js';

// ------------------------------------------------------------------ one account, every state

/** Coupons and promotion codes in each state that decides an exit code, at AT. */
function accountScenario(
  codes: readonly string[] = ['promo_ok', 'promo_cond', 'promo_warn', 'promo_expired'],
): Scenario {
  build.resetBuilderIds();
  const coupons = [
    build.coupon({ id: 'PLAIN', percent_off: 10 }),
    build.coupon({ id: 'FIVEOFF', percent_off: null, amount_off: 500, currency: 'usd' }),
    build.coupon({ id: 'LASTCALL', redeem_by: AT + 3 * DAY }),
    build.coupon({ id: 'MAXED', max_redemptions: 10, times_redeemed: 10, valid: false }),
  ];
  const all: Record<string, Stripe.PromotionCode> = {
    promo_ok: build.promotionCode({ id: 'promo_ok', code: 'OK', coupon: 'PLAIN' }),
    promo_cond: build.promotionCode({
      id: 'promo_cond',
      code: 'FIRSTONLY',
      coupon: 'PLAIN',
      restrictions: { first_time_transaction: true },
    }),
    promo_warn: build.promotionCode({ id: 'promo_warn', code: 'SOON', coupon: 'PLAIN', expires_at: AT + 2 * DAY }),
    promo_expired: build.promotionCode({
      id: 'promo_expired',
      code: 'OLD',
      coupon: 'PLAIN',
      expires_at: AT - DAY,
      active: false,
    }),
  };
  return {
    coupons,
    promotionCodes: codes.map((id) => all[id]!),
    customers: [build.customer({ id: 'cus_new' }), build.deletedCustomer('cus_gone') as unknown as Stripe.Customer],
  };
}

/** customerScenario() variants: every discount applies / one ended / one outlives its closed coupon. */
const customerApplies = (): Scenario => {
  build.resetBuilderIds();
  return customerScenario();
};
const customerEnded = (): Scenario => {
  build.resetBuilderIds();
  return customerScenario({ subscriptionDiscountEnd: AT - DAY });
};
const customerOutlives = (): Scenario => {
  build.resetBuilderIds();
  return customerScenario({ customerDiscountCoupon: { max_redemptions: 1, times_redeemed: 1, valid: false } });
};
const customerDeleted = (): Scenario => ({
  customers: [build.deletedCustomer('cus_gone') as unknown as Stripe.Customer],
});

const SEVERE = new Set(['conditional', 'warning']);

/** The exit code a --json document calls for, per docs/architecture.md, The JSON document and exit codes. */
function exitFor(docs: readonly Doc[], strict: boolean): 0 | 1 {
  if (docs.some((d) => d.verdict === 'not_redeemable')) return 1;
  if (strict && docs.some((d) => d.reasons.some((r) => SEVERE.has(r.severity)))) return 1;
  return 0;
}

function expectConsistent(result: CliResult, args: readonly string[], ndjson: boolean): void {
  if (!args.includes('--json')) return;
  const docs = ndjson ? ndjsonDocs(result.stdout) : [jsonDoc(result)];
  expect(result.code, 'the exit code follows from the documents').toBe(exitFor(docs, args.includes('--strict')));
}

interface Row {
  readonly name: string;
  readonly args: readonly string[];
  readonly exit: 0 | 1 | 2 | 3;
  readonly scenario?: () => Scenario;
  readonly fault?: Fault;
  /** A key the fake does not accept (401) or a restricted key without a permission (403). */
  readonly keys?: Scenario['keys'];
  readonly key?: string;
  /** Point at a closed port instead of a fake. */
  readonly refused?: boolean;
  /** Offline command: no fake. */
  readonly offline?: boolean;
  /** --json output is NDJSON. */
  readonly ndjson?: boolean;
  /** For 0/1: what the document must say. */
  readonly verdict?: Doc['verdict'];
  /** Written to standard input. */
  readonly stdin?: string;
}

async function runRow(t: { onTestFinished(fn: () => unknown): void }, row: Row): Promise<void> {
  let target: Awaited<ReturnType<typeof startFake>> | string | null = null;
  if (row.refused) target = await closedPortUrl();
  else if (!row.offline) {
    const scenario = (row.scenario ?? accountScenario)();
    target = await startFake(row.keys ? { ...scenario, keys: row.keys } : scenario, { until: t });
    if (row.fault) target.inject(row.fault);
  }
  const args = [...row.args, ...(row.refused ? ['--api-base', target as string] : [])];
  const result = await runAgainst(target, args, {
    ...(row.key ? { key: row.key } : {}),
    ...(row.stdin === undefined ? {} : { stdin: row.stdin }),
  });
  if (row.exit === 2) return expectFailure(result, 2);
  if (row.exit === 3) return expectFailure(result, 3);
  expect(result.code, result.stderr).toBe(row.exit);
  expectConsistent(result, args, row.ndjson ?? false);
  if (row.verdict) expect(jsonDoc(result).verdict).toBe(row.verdict);
}

const FAIL_500: Fault = { kind: 'status', status: 500, retryAfter: 0, times: Infinity };

// ------------------------------------------------------------------ check

const CHECK: readonly Row[] = [
  { name: 'redeemable: 0', args: ['check', 'promo_ok', ...AT_FLAG, '--json'], exit: 0, verdict: 'redeemable' },
  {
    name: 'redeemable with --strict: still 0 (nothing conditional or warning)',
    args: ['check', 'OK', ...AT_FLAG, '--json', '--strict'],
    exit: 0,
    verdict: 'redeemable',
  },
  {
    name: 'conditional (first-time, no --customer): 0',
    args: ['check', 'promo_cond', ...AT_FLAG, '--json'],
    exit: 0,
    verdict: 'conditional',
  },
  {
    name: 'conditional with --strict: 1',
    args: ['check', 'promo_cond', ...AT_FLAG, '--json', '--strict'],
    exit: 1,
    verdict: 'conditional',
  },
  {
    name: 'conditional resolved by --customer (a new customer): 0 even with --strict',
    args: ['check', 'promo_cond', '--customer', 'cus_new', ...AT_FLAG, '--json', '--strict'],
    exit: 0,
    verdict: 'redeemable',
  },
  {
    name: 'warning (expires in 2 days): 0',
    args: ['check', 'promo_warn', ...AT_FLAG, '--json'],
    exit: 0,
    verdict: 'redeemable',
  },
  {
    name: 'warning with --strict: 1',
    args: ['check', 'promo_warn', ...AT_FLAG, '--json', '--strict'],
    exit: 1,
    verdict: 'redeemable',
  },
  {
    name: 'warning outside a shorter --warn-within, --strict: 0',
    args: ['check', 'promo_warn', ...AT_FLAG, '--warn-within', '1d', '--json', '--strict'],
    exit: 0,
  },
  {
    name: 'not redeemable (expired): 1',
    args: ['check', 'promo_expired', ...AT_FLAG, '--json'],
    exit: 1,
    verdict: 'not_redeemable',
  },
  { name: 'not redeemable, human output: 1', args: ['check', 'OLD', ...AT_FLAG], exit: 1 },
  { name: 'not found: 1', args: ['check', 'NOSUCHCODE', ...AT_FLAG, '--json'], exit: 1, verdict: 'not_redeemable' },
  {
    name: 'a deleted redeeming customer: 1',
    args: ['check', 'promo_ok', '--customer', 'cus_gone', ...AT_FLAG, '--json'],
    exit: 1,
    verdict: 'not_redeemable',
  },
  {
    name: 'bad usage (malformed --amount): 2',
    args: ['check', 'promo_ok', ...AT_FLAG, '--amount', '40.00', '--currency', 'usd'],
    exit: 2,
  },
  {
    name: 'bad input (--customer that does not exist): 2',
    args: ['check', 'promo_ok', '--customer', 'cus_nobody', ...AT_FLAG, '--json'],
    exit: 2,
  },
  { name: 'bad usage with --strict is still 2', args: ['check', 'cus_123', '--strict'], exit: 2 },
  {
    name: 'Stripe 500 after retries: 3',
    args: ['check', 'promo_ok', ...AT_FLAG, '--json', '--max-retries', '1'],
    exit: 3,
    fault: FAIL_500,
  },
  {
    name: 'Stripe failure with --strict is still 3',
    args: ['check', 'promo_ok', ...AT_FLAG, '--strict', '--max-retries', '0'],
    exit: 3,
    fault: FAIL_500,
  },
  {
    name: 'authentication (401): 3',
    args: ['check', 'promo_ok', ...AT_FLAG],
    exit: 3,
    keys: { sk_test_someoneelse: { mode: 'test' } },
  },
  {
    name: 'network (connection refused): 3',
    args: ['check', 'promo_ok', ...AT_FLAG, '--max-retries', '0'],
    exit: 3,
    refused: true,
  },
];

// ------------------------------------------------------------------ coupon

const COUPON: readonly Row[] = [
  { name: 'redeemable: 0', args: ['coupon', 'PLAIN', ...AT_FLAG, '--json'], exit: 0, verdict: 'redeemable' },
  {
    name: 'redeemable with --strict: 0',
    args: ['coupon', 'PLAIN', ...AT_FLAG, '--json', '--strict'],
    exit: 0,
    verdict: 'redeemable',
  },
  {
    name: 'conditional (amount off, no --currency): 0',
    args: ['coupon', 'FIVEOFF', ...AT_FLAG, '--json'],
    exit: 0,
    verdict: 'conditional',
  },
  {
    name: 'conditional with --strict: 1',
    args: ['coupon', 'FIVEOFF', ...AT_FLAG, '--json', '--strict'],
    exit: 1,
    verdict: 'conditional',
  },
  {
    name: 'the currency given, --strict: 0',
    args: ['coupon', 'FIVEOFF', '--currency', 'usd', ...AT_FLAG, '--json', '--strict'],
    exit: 0,
    verdict: 'redeemable',
  },
  {
    name: 'a currency it has no amount for: 1',
    args: ['coupon', 'FIVEOFF', '--currency', 'eur', ...AT_FLAG, '--json'],
    exit: 1,
    verdict: 'not_redeemable',
  },
  {
    name: 'warning (redeem_by in 3 days): 0',
    args: ['coupon', 'LASTCALL', ...AT_FLAG, '--json'],
    exit: 0,
    verdict: 'redeemable',
  },
  { name: 'warning with --strict: 1', args: ['coupon', 'LASTCALL', ...AT_FLAG, '--json', '--strict'], exit: 1 },
  {
    name: 'not redeemable (max redemptions reached): 1',
    args: ['coupon', 'MAXED', ...AT_FLAG, '--json'],
    exit: 1,
    verdict: 'not_redeemable',
  },
  { name: 'bad usage (a promotion code id): 2', args: ['coupon', 'promo_ok', ...AT_FLAG], exit: 2 },
  { name: 'bad input (no such coupon): 2', args: ['coupon', 'NOPE', ...AT_FLAG, '--json'], exit: 2 },
  {
    name: 'Stripe 503 after retries: 3',
    args: ['coupon', 'PLAIN', ...AT_FLAG, '--json', '--max-retries', '1'],
    exit: 3,
    fault: { kind: 'status', status: 503, retryAfter: 0, times: Infinity },
  },
  {
    name: 'permission (403, no coupon permission): 3',
    args: ['coupon', 'PLAIN', ...AT_FLAG],
    exit: 3,
    keys: { [RK_LIVE_KEY]: { mode: 'test', permissions: ['promotion_codes:read'] } },
    key: RK_LIVE_KEY,
  },
];

// ------------------------------------------------------------------ customer

const CUSTOMER: readonly Row[] = [
  {
    name: 'every discount applies: 0',
    args: ['customer', 'cus_1', ...AT_FLAG, '--json'],
    exit: 0,
    scenario: customerApplies,
    verdict: 'redeemable',
  },
  {
    name: 'every discount applies, --strict: 0',
    args: ['customer', 'cus_1', ...AT_FLAG, '--json', '--strict'],
    exit: 0,
    scenario: customerApplies,
  },
  {
    name: 'a discount outlives its closed coupon (info only): 0',
    args: ['customer', 'cus_1', ...AT_FLAG, '--json'],
    exit: 0,
    scenario: customerOutlives,
    verdict: 'redeemable',
  },
  {
    name: 'info only with --strict: still 0 (info is neither conditional nor warning)',
    args: ['customer', 'cus_1', ...AT_FLAG, '--json', '--strict'],
    exit: 0,
    scenario: customerOutlives,
  },
  {
    name: 'a discount has ended: 1',
    args: ['customer', 'cus_1', ...AT_FLAG, '--json'],
    exit: 1,
    scenario: customerEnded,
    verdict: 'not_redeemable',
  },
  { name: 'ended, human output: 1', args: ['customer', 'cus_1', ...AT_FLAG], exit: 1, scenario: customerEnded },
  {
    name: 'a deleted customer: 1',
    args: ['customer', 'cus_gone', ...AT_FLAG, '--json'],
    exit: 1,
    scenario: customerDeleted,
    verdict: 'not_redeemable',
  },
  {
    name: 'bad usage (a subscription id): 2',
    args: ['customer', 'sub_123', ...AT_FLAG],
    exit: 2,
    scenario: customerApplies,
  },
  {
    name: 'bad input (no such customer): 2',
    args: ['customer', 'cus_nobody', ...AT_FLAG, '--json'],
    exit: 2,
    scenario: customerApplies,
  },
  {
    name: 'Stripe 500 after retries: 3',
    args: ['customer', 'cus_1', ...AT_FLAG, '--json', '--max-retries', '1'],
    exit: 3,
    scenario: customerApplies,
    fault: FAIL_500,
  },
  {
    name: 'permission (403, no subscription permission): 3',
    args: ['customer', 'cus_1', ...AT_FLAG],
    exit: 3,
    scenario: customerApplies,
    keys: { [RK_LIVE_KEY]: { mode: 'test', permissions: ['customers:read', 'coupons:read', 'promotion_codes:read'] } },
    key: RK_LIVE_KEY,
  },
];

// ------------------------------------------------------------------ audit

const only =
  (...codes: string[]) =>
  () =>
    accountScenario(codes);

const AUDIT: readonly Row[] = [
  {
    name: 'only redeemable codes: 0',
    args: ['audit', ...AT_FLAG, '--json'],
    exit: 0,
    scenario: only('promo_ok'),
    ndjson: true,
  },
  {
    name: 'only redeemable codes, --strict: 0',
    args: ['audit', ...AT_FLAG, '--json', '--strict'],
    exit: 0,
    scenario: only('promo_ok'),
    ndjson: true,
  },
  {
    name: 'a conditional code, nothing blocking: 0',
    args: ['audit', ...AT_FLAG, '--json'],
    exit: 0,
    scenario: only('promo_ok', 'promo_cond'),
    ndjson: true,
  },
  {
    name: 'a conditional code, --strict: 1',
    args: ['audit', ...AT_FLAG, '--json', '--strict'],
    exit: 1,
    scenario: only('promo_ok', 'promo_cond'),
    ndjson: true,
  },
  {
    name: 'a warning, nothing blocking: 0',
    args: ['audit', ...AT_FLAG, '--json'],
    exit: 0,
    scenario: only('promo_ok', 'promo_warn'),
    ndjson: true,
  },
  {
    name: 'a warning, --strict: 1',
    args: ['audit', ...AT_FLAG, '--json', '--strict'],
    exit: 1,
    scenario: only('promo_ok', 'promo_warn'),
    ndjson: true,
  },
  { name: 'a blocked code among others: 1', args: ['audit', ...AT_FLAG, '--json'], exit: 1, ndjson: true },
  { name: 'a blocked code, table output: 1', args: ['audit', ...AT_FLAG], exit: 1 },
  { name: 'a blocked code, csv output: 1', args: ['audit', ...AT_FLAG, '--format', 'csv'], exit: 1 },
  {
    name: 'the blocked code filtered out (--active): 0',
    args: ['audit', ...AT_FLAG, '--json', '--active'],
    exit: 0,
    ndjson: true,
  },
  {
    name: 'an empty account, --strict: 0',
    args: ['audit', ...AT_FLAG, '--json', '--strict'],
    exit: 0,
    scenario: only(),
    ndjson: true,
  },
  { name: 'bad usage (--format xml): 2', args: ['audit', ...AT_FLAG, '--format', 'xml'], exit: 2 },
  {
    name: 'bad input (--customer that does not exist): 2',
    args: ['audit', ...AT_FLAG, '--customer', 'cus_nobody'],
    exit: 2,
  },
  {
    name: 'the first page lost: 3',
    args: ['audit', ...AT_FLAG, '--json', '--max-retries', '1'],
    exit: 3,
    fault: FAIL_500,
  },
  {
    name: 'authentication (401): 3',
    args: ['audit', ...AT_FLAG],
    exit: 3,
    keys: { sk_test_someoneelse: { mode: 'test' } },
  },
];

describe.concurrent('check', () => {
  for (const row of CHECK) it(row.name, async ({ onTestFinished }) => runRow({ onTestFinished }, row));
});
describe.concurrent('coupon', () => {
  for (const row of COUPON) it(row.name, async ({ onTestFinished }) => runRow({ onTestFinished }, row));
});
describe.concurrent('customer', () => {
  for (const row of CUSTOMER) it(row.name, async ({ onTestFinished }) => runRow({ onTestFinished }, row));
});
describe.concurrent('audit', () => {
  for (const row of AUDIT) it(row.name, async ({ onTestFinished }) => runRow({ onTestFinished }, row));

  it('a page lost after the first: 3, and the first page kept', async ({ onTestFinished }) => {
    build.resetBuilderIds();
    const coupon = build.coupon({ id: 'PLAIN' });
    const codes = Array.from({ length: 120 }, (_, i) =>
      build.promotionCode({ id: `promo_E${String(i).padStart(4, '0')}`, code: `E${i}`, coupon: 'PLAIN' }),
    );
    const fake = await startFake({ coupons: [coupon], promotionCodes: codes }, { until: { onTestFinished } });
    // Faults match in the order they were added: page 1 takes the harmless one, every later request the 500.
    fake.inject({ path: '/v1/promotion_codes', kind: 'latency', ms: 0, times: 1 });
    fake.inject({ path: '/v1/promotion_codes', ...FAIL_500 });
    const result = await runAgainst(fake, ['audit', ...AT_FLAG, '--json', '--max-retries', '1']);
    expect(result.code).toBe(3);
    expect(ndjsonDocs(result.stdout).map((d) => d.target.id)).toEqual(
      codes
        .slice(20)
        .reverse()
        .map((c) => c.id),
    );
    // The summary of what was read, then one line: why it stopped and how to go on.
    expect(result.stderr).toMatch(/^Audited 100 promotion codes in 1 page/);
    expect(result.stderr.trimEnd().split('\n').at(-1)).toMatch(
      /^promo-doctor: the audit stopped after 100 codes: .*Resume with --starting-after promo_E0020 /,
    );
  });
});

// ------------------------------------------------------------------ explain (offline: never 3)

describe.concurrent('explain', () => {
  const dir = mkdtempSync(join(tmpdir(), 'promo-doctor-exit-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  build.resetBuilderIds();
  const plain = build.coupon({ id: 'PLAIN', percent_off: 10 });
  const maxed = build.coupon({ id: 'MAXED', max_redemptions: 1, times_redeemed: 1, valid: false });
  const inline = (code: Stripe.PromotionCode, coupon: Stripe.Coupon) => ({
    ...code,
    promotion: { type: 'coupon', coupon },
  });
  const file = (name: string, body: unknown): string => {
    const path = join(dir, name);
    writeFileSync(path, `${JSON.stringify(body, null, 2)}\n`);
    return path;
  };
  const ok = inline(build.promotionCode({ id: 'promo_ok', code: 'OK' }), plain);
  const cond = inline(
    build.promotionCode({ id: 'promo_cond', code: 'FIRST', restrictions: { first_time_transaction: true } }),
    plain,
  );
  const warn = inline(build.promotionCode({ id: 'promo_warn', code: 'SOON', expires_at: AT + 2 * DAY }), plain);
  const expired = inline(
    build.promotionCode({ id: 'promo_old', code: 'OLD', expires_at: AT - DAY, active: false }),
    plain,
  );
  const list = (...data: unknown[]) => ({ object: 'list', url: '/v1/promotion_codes', has_more: false, data });
  const outlives = build.customer({
    id: 'cus_keeps',
    discount: {
      ...build.discount({ id: 'di_keeps', customer: 'cus_keeps', start: AT - 100 * DAY }),
      source: { type: 'coupon', coupon: { ...maxed, duration: 'forever' } },
    } as Stripe.Discount,
  });

  const EXPLAIN: readonly Row[] = [
    {
      name: 'redeemable: 0',
      args: ['explain', file('ok.json', ok), ...AT_FLAG, '--json'],
      exit: 0,
      offline: true,
      verdict: 'redeemable',
    },
    {
      name: 'redeemable, --strict: 0',
      args: ['explain', file('ok2.json', ok), ...AT_FLAG, '--json', '--strict'],
      exit: 0,
      offline: true,
    },
    {
      name: 'conditional: 0',
      args: ['explain', file('cond.json', cond), ...AT_FLAG, '--json'],
      exit: 0,
      offline: true,
      verdict: 'conditional',
    },
    {
      name: 'conditional, --strict: 1',
      args: ['explain', file('cond2.json', cond), ...AT_FLAG, '--json', '--strict'],
      exit: 1,
      offline: true,
    },
    {
      name: 'warning: 0',
      args: ['explain', file('warn.json', warn), ...AT_FLAG, '--json'],
      exit: 0,
      offline: true,
      verdict: 'redeemable',
    },
    {
      name: 'warning, --strict: 1',
      args: ['explain', file('warn2.json', warn), ...AT_FLAG, '--json', '--strict'],
      exit: 1,
      offline: true,
    },
    {
      name: 'not redeemable: 1',
      args: ['explain', file('old.json', expired), ...AT_FLAG, '--json'],
      exit: 1,
      offline: true,
      verdict: 'not_redeemable',
    },
    {
      name: 'a customer whose discount outlives its coupon (info only), --strict: 0',
      args: ['explain', file('keeps.json', outlives), ...AT_FLAG, '--json', '--strict'],
      exit: 0,
      offline: true,
    },
    {
      name: 'a list, nothing blocking: 0',
      args: ['explain', file('list-ok.json', list(ok, cond, warn)), ...AT_FLAG, '--json'],
      exit: 0,
      offline: true,
      ndjson: true,
    },
    {
      name: 'a list, nothing blocking, --strict: 1',
      args: ['explain', file('list-ok2.json', list(ok, cond, warn)), ...AT_FLAG, '--json', '--strict'],
      exit: 1,
      offline: true,
      ndjson: true,
    },
    {
      name: 'a list with one blocked code: 1',
      args: ['explain', file('list-bad.json', list(ok, expired)), ...AT_FLAG, '--json'],
      exit: 1,
      offline: true,
      ndjson: true,
    },
    {
      name: 'an empty list: 0',
      args: ['explain', file('list-empty.json', list()), ...AT_FLAG, '--json', '--strict'],
      exit: 0,
      offline: true,
      ndjson: true,
    },
    {
      name: 'on standard input: 1',
      args: ['explain', '-', ...AT_FLAG, '--json'],
      exit: 1,
      offline: true,
      stdin: JSON.stringify(expired),
      verdict: 'not_redeemable',
    },
    {
      name: 'bad input (not a Stripe object): 2',
      args: ['explain', file('charge.json', { id: 'ch_1', object: 'charge' }), ...AT_FLAG],
      exit: 2,
      offline: true,
    },
    {
      name: 'bad usage (--strict=1): 2',
      args: ['explain', file('ok3.json', ok), '--strict=1'],
      exit: 2,
      offline: true,
    },
  ];
  for (const row of EXPLAIN) it(row.name, async ({ onTestFinished }) => runRow({ onTestFinished }, row));

  it('never 3: it sends no request, so an unreachable API (and a key) change nothing', async () => {
    const url = await closedPortUrl();
    const result = await runAgainst(null, ['explain', file('ok4.json', ok), ...AT_FLAG, '--json'], {
      env: { STRIPE_API_BASE: url },
    });
    expect(result.code, result.stderr).toBe(0);
  });
});

// ------------------------------------------------------------------ reasons, --help, --version, no command

describe.concurrent('reasons and the program itself', () => {
  const ROWS: ReadonlyArray<readonly [string, readonly string[], 0 | 2]> = [
    ['reasons: 0', ['reasons'], 0],
    ['reasons <code>: 0', ['reasons', 'coupon_deleted'], 0],
    ['reasons --json: 0', ['reasons', '--json'], 0],
    ['reasons <code> --json: 0', ['reasons', 'discount_outlives_coupon', '--json'], 0],
    ['reasons <unknown code>: 2', ['reasons', 'coupon_expired'], 2],
    ['reasons with too many arguments: 2', ['reasons', 'coupon_deleted', 'coupon_invalid'], 2],
    ['--help: 0', ['--help'], 0],
    ['--version: 0', ['--version'], 0],
    ['-v: 0', ['-v'], 0],
    ['<command> --help: 0', ['audit', '--help'], 0],
    ['an unknown command: 2', ['diagnose'], 2],
    ['an unknown global flag: 2', ['--verbose', 'reasons'], 2],
  ];
  for (const [name, args, exit] of ROWS) {
    it(name, async () => {
      const result = await runAgainst(null, args);
      if (exit === 2) expectFailure(result, 2);
      else {
        expect(result.code, result.stderr).toBe(0);
        expect(result.stdout.length).toBeGreaterThan(0);
        expect(result.stderr).toBe('');
      }
    });
  }

  it('no command at all: 2, the usage on stderr and nothing on stdout', async () => {
    const result = await runAgainst(null, []);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('Usage: promo-doctor');
  });
});
