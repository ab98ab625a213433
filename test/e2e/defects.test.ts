/**
 * The ten defects a new user found (issue 9, section 2), each end to end through runCli,
 * with golden files of what a person sees (NO_COLOR, COLUMNS=80 and 120) under
 * test/fixtures/golden/defects/. UPDATE_GOLDEN=1 rewrites them.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as build from '../support/builders.js';
import type { Scenario } from '../support/fakeStripe.js';
import { REPO_ROOT, runCli, type CliResult } from '../helpers/cli.js';
import { expectGolden } from '../helpers/golden.js';
import { scratchDir } from '../helpers/scratch.js';
import { codesOf, expectFailure, jsonDoc, runAgainst, startFake, stopFakes } from '../helpers/liveStripe.js';
import { AT_FLAG as AT } from '../helpers/time.js';

beforeEach(() => build.resetBuilderIds());
afterEach(stopFakes);

/** A human run at 80 and at 120 columns, each compared with its golden file; the 80-column result is returned. */
async function goldenRuns(name: string, run: (env: Record<string, string>) => Promise<CliResult>): Promise<CliResult> {
  const wide = await run({ COLUMNS: '120' });
  const narrow = await run({ COLUMNS: '80' });
  // The audit summary states its duration: not a fact a golden file can hold.
  const text = (r: CliResult) =>
    r.stdout +
    (r.stderr
      ? `--- stderr\n${r.stderr.replace(/, [\d.]+ s$/m, ', … s').replace(/codes created after \S+ are out of scope/, 'codes created after <start> are out of scope')}`
      : '');
  expectGolden(`defects/${name}.80.txt`, text(narrow));
  expectGolden(`defects/${name}.120.txt`, text(wide));
  return narrow;
}

function single(
  couponOverrides: Parameters<typeof build.coupon>[0] = {},
  codeOverrides: build.PromotionCodeOverrides = {},
  extra: Scenario = {},
): Scenario {
  const coupon = build.coupon({ id: 'COUPON_X', ...couponOverrides });
  const code = build.promotionCode({ id: 'promo_x', code: 'SPRING', coupon: 'COUPON_X', ...codeOverrides });
  return { coupons: [coupon], promotionCodes: [code], ...extra };
}

describe('1. a code restricted to a deleted customer', () => {
  it('is customer_deleted alone: no conditional "pass --customer", since nobody can redeem it', async () => {
    const fake = await startFake(
      single({}, { customer: 'cus_gone' }, { customers: [build.deletedCustomer('cus_gone')] }),
    );
    const doc = jsonDoc(await runAgainst(fake, ['check', 'promo_x', ...AT, '--json']));
    expect(codesOf(doc.reasons)).toEqual(['customer_deleted']);
    const r = await goldenRuns('1-restricted-to-deleted-customer', (env) =>
      runAgainst(fake, ['check', 'promo_x', ...AT], { env }),
    );
    expect(r.stdout).not.toContain('--customer');
  });
});

describe('2. customer of a deleted customer', () => {
  it('says the customer was deleted first, not "A discount has ended"', async () => {
    const fake = await startFake({ customers: [build.deletedCustomer('cus_gone')] });
    const r = await goldenRuns('2-deleted-customer', (env) =>
      runAgainst(fake, ['customer', 'cus_gone', ...AT], { env }),
    );
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n')[1]).toBe('✗ Customer deleted: 1 blocking reason');
    expect(r.stdout).toContain('The customer cus_gone was deleted');
    expect(r.stdout).not.toContain('A discount has ended');
  });
});

describe('3. a promotion code whose coupon is only an id', () => {
  const plain = (active: boolean) =>
    JSON.stringify({
      id: 'promo_plain',
      object: 'promotion_code',
      code: 'PLAIN',
      active,
      promotion: { type: 'coupon', coupon: 'COUPON_X' },
    });

  it('active: a conditional coupon_not_checked that says how to check it, not "Redeemable (no findings)"', async () => {
    const doc = jsonDoc(await runCli(['explain', '-', ...AT, '--json'], { stdin: plain(true) }));
    expect(doc.verdict).toBe('conditional');
    expect(doc.reasons.map((f) => [f.code, f.severity])).toEqual([['coupon_not_checked', 'conditional']]);
    const r = await goldenRuns('3-active-coupon-not-expanded', (env) =>
      runCli(['explain', '-', ...AT], { stdin: plain(true), env }),
    );
    expect(r.stdout).toContain('expand[]=promotion.coupon');
    expect(r.stdout).toContain('promo-doctor check');
    expect(r.stdout).not.toContain('no findings');
  });

  it('inactive: still blocking, but the sentence and the fix name the unchecked coupon instead of "Reactivate it"', async () => {
    const doc = jsonDoc(await runCli(['explain', '-', ...AT, '--json'], { stdin: plain(false) }));
    expect(codesOf(doc.reasons)).toEqual(['promotion_code_inactive']);
    expect(doc.reasons[0]!.message).toContain('its coupon was not in the data and may be the cause');
    expect(doc.reasons[0]!.fix).not.toContain('Reactivate');
    const r = await goldenRuns('3-inactive-coupon-not-expanded', (env) =>
      runCli(['explain', '-', ...AT], { stdin: plain(false), env }),
    );
    expect(r.stdout).not.toContain('Reactivate');
  });
});

describe('4. offline and live agree on --at', () => {
  it('explain of a code with --at before its expiry reasons as live check does: closed after the evaluation time, no "Reactivate it"', async () => {
    const example = JSON.parse(
      readFileSync(join(REPO_ROOT, 'examples/promotion-code-2026-10-28.json'), 'utf8'),
    ) as object;
    const fake = await startFake({ promotionCodes: [example] });
    const args = ['--at', '2026-02-01'];
    const live = jsonDoc(await runAgainst(fake, ['check', 'promo_Example0002', ...args, '--json']));
    const offline = jsonDoc(await runCli(['explain', 'examples/promotion-code-2026-10-28.json', ...args, '--json']));
    // Live reads applies_to expanded; the pasted example has none, which offline names (issue 17, item 3).
    expect(codesOf(offline.reasons).filter((c) => c !== 'coupon_not_checked')).toEqual(codesOf(live.reasons));
    expect(codesOf(offline.reasons)).toContain('coupon_not_checked');
    expect(offline.verdict).toBe(live.verdict);
    expect(codesOf(offline.reasons)).not.toContain('promotion_code_inactive');
    const r = await goldenRuns('4-offline-at-before-expiry', (env) =>
      runCli(['explain', 'examples/promotion-code-2026-10-28.json', ...args], { env }),
    );
    expect(r.stdout).not.toContain('Reactivate');
    expect(r.stdout.replace(/\s+/g, ' ')).toContain('expired or closed after the evaluation time');
  });
});

describe('5. --product lists and --price', () => {
  const shoes = () => single({ applies_to: { products: ['prod_B'] } });

  it('--product prod_A,prod_B is two products: the coupon for prod_B applies', async () => {
    const fake = await startFake(shoes());
    const doc = jsonDoc(await runAgainst(fake, ['check', 'promo_x', ...AT, '--product', 'prod_A,prod_B', '--json']));
    expect(doc.context.products).toEqual(['prod_A', 'prod_B']);
    expect(doc.verdict).toBe('redeemable');
    await goldenRuns('5-product-list', (env) =>
      runAgainst(fake, ['check', 'promo_x', ...AT, '--product', 'prod_A,prod_B'], { env }),
    );
  });

  it('--product price_123 is refused with a hint, exit 2, before any request', async () => {
    const r = await runCli(['explain', 'examples/promotion-code-2026-10-28.json', '--product', 'price_123']);
    expectFailure(r, 2, /--product price_123 is a price id, not a product id: give its product \(prod_…\), or --price/);
    await goldenRuns('5-product-price-id', (env) =>
      runCli(['explain', 'examples/promotion-code-2026-10-28.json', '--product', 'price_123'], { env }),
    );
  });

  it("--price (repeatable) reads each price's product in the first round trip", async () => {
    const fake = await startFake(
      {
        ...shoes(),
        prices: [
          build.price({ id: 'price_shoes', product: 'prod_B' }),
          build.price({ id: 'price_hat', product: 'prod_H' }),
        ],
      },
      { latencyMs: 100 },
    );
    const doc = jsonDoc(
      await runAgainst(fake, ['check', 'promo_x', ...AT, '--price', 'price_shoes', '--price', 'price_hat', '--json']),
    );
    expect(doc.context.products).toEqual(['prod_B', 'prod_H']);
    expect(doc.verdict).toBe('redeemable');
    expect(fake.requests.map((q) => q.path).filter((path) => path.startsWith('/v1/prices/'))).toEqual(
      expect.arrayContaining(['/v1/prices/price_shoes', '/v1/prices/price_hat']),
    );
    expect(fake.roundTrips()).toBe(1);
  });

  it('a --price that does not exist is bad input: exit 2, one sentence', async () => {
    const fake = await startFake(shoes());
    expectFailure(
      await runAgainst(fake, ['check', 'promo_x', ...AT, '--price', 'price_missing']),
      2,
      /--price price_missing does not exist in this account \(test mode\)/,
    );
  });

  it('explain has no --price: it reads no API', async () => {
    expectFailure(
      await runCli(['explain', 'examples/promotion-code-2026-10-28.json', '--price', 'price_1']),
      2,
      /Unknown option '--price'/,
    );
  });
});

describe('6. fix texts do not send the user to the command they are running', () => {
  it('check of a first-time code with --customer acct_…: says the account has no history to read, not "use check"', async () => {
    const fake = await startFake(single({}, { restrictions: { first_time_transaction: true } }));
    const r = await goldenRuns('6-first-time-account-id', (env) =>
      runAgainst(fake, ['check', 'promo_x', ...AT, '--customer', 'acct_1Nv0FGQ9RKHgCVdK'], { env }),
    );
    expect(r.stdout).not.toContain('use check');
    expect(r.stdout).not.toContain('offline');
    expect(r.stdout.replace(/\s+/g, ' ')).toContain(
      'acct_1Nv0FGQ9RKHgCVdK is an account id, which has no customer history to read',
    );
  });

  it('conditional fixes speak of Stripe; the promo-doctor flag is a separate tip', async () => {
    const fake = await startFake(
      single({}, { restrictions: { minimum_amount: 5000, minimum_amount_currency: 'usd' } }),
    );
    const doc = jsonDoc(await runAgainst(fake, ['check', 'promo_x', ...AT, '--json']));
    expect(doc.reasons[0]!.fix).not.toContain('--');
    const r = await runAgainst(fake, ['check', 'promo_x', ...AT]);
    expect(r.stdout).toContain('Tip: --amount and --currency check an order against it.');
  });
});

describe('7. audit says what it found', () => {
  it('a filter that matches nothing: "No promotion code matched the filters."; --json --format csv: exit 2', async () => {
    const fake = await startFake(single());
    const r = await goldenRuns('7-audit-no-match', (env) =>
      runAgainst(fake, ['audit', ...AT, '--code', 'NOPE'], { env }),
    );
    expect(r.stdout).toBe('No promotion code matched the filters.\n');
    expect(r.stderr).toMatch(/^Audited 0 promotion codes in 1 page/);
    expectFailure(
      await runAgainst(fake, ['audit', '--json', '--format', 'csv']),
      2,
      /--json and --format csv ask for two formats/,
    );
  });
});

describe('8. errors quote at most ~60 characters of the input, escaped', () => {
  it('a 5,000-character code', async () => {
    const r = await runCli(['check', `${'A'.repeat(4999)}!`]);
    expectFailure(r, 2);
    expect(r.stderr.length).toBeLessThan(250);
    expect(r.stderr).toContain(`"${'A'.repeat(60)}…"`);
    await goldenRuns('8-long-code', (env) => runCli(['check', `${'A'.repeat(4999)}!`], { env }));
  });

  it('a binary file: no raw bytes in the error', async () => {
    const dir = scratchDir('binary');
    const file = join(dir, 'blob.bin');
    writeFileSync(
      file,
      Buffer.from([0x1b, 0x5b, 0x32, 0x4a, 0xff, 0xfe, 0x7b, 0x0a, 0x9b, 0x41, ...Buffer.from('x'.repeat(3000))]),
    );
    const r = await runCli(['explain', file]);
    expectFailure(r, 2);
    expect(r.stderr).not.toContain('\u001b');
    expect(r.stderr).not.toContain('\ufffd');
    expect(r.stderr.length).toBeLessThan(300);
  });

  it('a long unknown option', async () => {
    const r = await runCli(['explain', `--${'x'.repeat(500)}`]);
    expectFailure(r, 2);
    expect(r.stderr.length).toBeLessThan(250);
    expect(r.stderr).toContain('…');
  });
});

describe('9. --help examples work from any directory', () => {
  it('explain examples/… reads the shipped example when the current directory has none (the pack-install test runs every example)', async () => {
    const elsewhere = scratchDir('elsewhere');
    const r = await runCli(['explain', 'examples/customer-discount-2020-08-27.json', ...AT, '--json'], {
      cwd: elsewhere,
    });
    expect(r.code, r.stderr).toBe(0);
    expect(codesOf(jsonDoc(r).reasons)).toEqual(['discount_outlives_coupon']);
    expectFailure(
      await runCli(['explain', 'examples/no-such-example.json'], { cwd: elsewhere }),
      2,
      /examples\/no-such-example.json does not exist/,
    );
    const help = await runCli(['explain', '--help']);
    expect(help.stdout).toContain('$ promo-doctor explain examples/customer-discount-2020-08-27.json');
    expect(help.stdout).toContain('examples/… names the examples shipped with promo-doctor, from any directory.');
  });
});

describe('10. a live coupon without applies_to applies to any product', () => {
  it('live: "any product"; offline input that lacks applies_to keeps "not in the data"', async () => {
    const fake = await startFake(single());
    const live = await runAgainst(fake, ['coupon', 'COUPON_X', ...AT, '--verbose']);
    expect(live.stdout).toMatch(/Coupon products +all products/);
    expect(live.stdout).not.toContain('applies_to not in the data');
    const offline = await runCli(['explain', '-', ...AT, '--verbose'], {
      stdin: JSON.stringify({
        id: 'C1',
        object: 'coupon',
        percent_off: 10,
        duration: 'once',
        valid: true,
        times_redeemed: 0,
      }),
    });
    expect(offline.stdout).toContain('applies_to not in the data');
    await goldenRuns('10-live-coupon-any-product', (env) =>
      runAgainst(fake, ['coupon', 'COUPON_X', ...AT, '--verbose'], { env }),
    );
  });
});
