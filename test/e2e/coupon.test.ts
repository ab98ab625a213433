/**
 * End to end: `promo-doctor coupon <id>` (in-process) against the fake Stripe API
 * (STRIPE_API_BASE). Exit codes per docs/architecture.md, The JSON document and exit codes: 0 redeemable or conditional, 1 not
 * redeemable, 2 bad input (an unknown coupon id included).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as build from '../support/builders.js';
import { parseJson } from '../helpers/cli.js';
import { assertDiagnosisDocument } from '../helpers/schema.js';
import {
  codesOf,
  type Doc,
  expectFailure,
  expectNoLeak,
  expectOnlyGets,
  jsonDoc,
  onlyFinding,
  runAgainst,
  startFake,
  stopFakes,
} from '../helpers/liveStripe.js';
import { AT as AT_SECONDS, DAY, AT_FLAG as AT } from '../helpers/time.js';
import { shoesCoupon } from '../helpers/scenarios.js';

beforeEach(() => build.resetBuilderIds());
afterEach(stopFakes);

function coupons() {
  return {
    coupons: [
      build.coupon({ id: 'SUMMER25', percent_off: 25, name: 'Summer sale' }),
      build.coupon({ id: 'USED_UP', max_redemptions: 50, times_redeemed: 50, valid: false }),
      build.coupon({ id: 'ENDING', redeem_by: AT_SECONDS + 2 * DAY }),
      shoesCoupon(),
      { id: 'DELETED10', object: 'coupon', deleted: true },
    ],
    customers: [build.customer({ id: 'cus_1' })],
    otherModeIds: ['LIVE_ONLY'],
  };
}

describe('coupon <id>', () => {
  it('a healthy coupon: redeemable, exit 0, one GET with applies_to and currency_options expanded', async () => {
    const fake = await startFake(coupons());
    const result = await runAgainst(fake, ['coupon', 'SUMMER25', ...AT, '--json']);
    const doc = jsonDoc(result);
    expect(result.code).toBe(0);
    expect(doc.target).toEqual({ type: 'coupon', id: 'SUMMER25' });
    expect(doc.verdict).toBe('redeemable');
    expect(doc.coupon).toMatchObject({ id: 'SUMMER25', percent_off: 25 });
    expectOnlyGets(fake);
    expect(fake.requests.map((r) => r.path)).toEqual(['/v1/coupons/SUMMER25']);
    expect(fake.requests[0]!.expand).toEqual(expect.arrayContaining(['applies_to', 'currency_options']));
  });

  it('human output names the coupon and the verdict', async () => {
    const fake = await startFake(coupons());
    const result = await runAgainst(fake, ['coupon', 'SUMMER25', ...AT]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('SUMMER25');
    expect(result.stdout).toMatch(/Redeemable/);
    expectNoLeak(result);
  });

  it('max redemptions reached: coupon_max_redemptions_reached, exit 1', async () => {
    const fake = await startFake(coupons());
    const result = await runAgainst(fake, ['coupon', 'USED_UP', ...AT, '--json']);
    const doc = jsonDoc(result);
    expect(result.code).toBe(1);
    expect(codesOf(doc.reasons)).toEqual(['coupon_max_redemptions_reached']);
    expect(onlyFinding(doc.reasons, 'coupon_max_redemptions_reached').evidence).toEqual({
      times_redeemed: 50,
      max_redemptions: 50,
      remaining: 0,
    });
    expectOnlyGets(fake);
  });

  it('redeem_by within --warn-within: a warning, exit 0; with --strict exit 1', async () => {
    const fake = await startFake(coupons());
    const result = await runAgainst(fake, ['coupon', 'ENDING', ...AT, '--json']);
    expect(result.code).toBe(0);
    expect(codesOf(jsonDoc(result).reasons)).toEqual(['coupon_redeem_by_soon']);
    const strict = await runAgainst(fake, ['coupon', 'ENDING', ...AT, '--json', '--strict']);
    expect(strict.code).toBe(1);
    const narrow = await runAgainst(fake, ['coupon', 'ENDING', ...AT, '--json', '--warn-within', '1d']);
    expect(narrow.code).toBe(0);
    expect(jsonDoc(narrow).reasons).toEqual([]);
    expectOnlyGets(fake);
  });

  it('products and currencies through expansion: product_not_eligible, currency_mismatch, and a pass in EUR', async () => {
    const fake = await startFake(coupons());
    const hats = await runAgainst(fake, [
      'coupon',
      'SHOES5',
      '--product',
      'prod_hats',
      '--currency',
      'usd',
      ...AT,
      '--json',
    ]);
    expect(hats.code).toBe(1);
    expect(codesOf(jsonDoc(hats).reasons)).toEqual(['product_not_eligible']);
    const gbp = await runAgainst(fake, [
      'coupon',
      'SHOES5',
      '--product',
      'prod_shoes',
      '--currency',
      'gbp',
      ...AT,
      '--json',
    ]);
    expect(gbp.code).toBe(1);
    expect(codesOf(jsonDoc(gbp).reasons)).toEqual(['currency_mismatch']);
    const eur = await runAgainst(fake, [
      'coupon',
      'SHOES5',
      '--product',
      'prod_shoes',
      '--currency',
      'eur',
      ...AT,
      '--json',
    ]);
    expect(eur.code).toBe(0);
    expect(jsonDoc(eur).reasons).toEqual([]);
    const bare = await runAgainst(fake, ['coupon', 'SHOES5', ...AT, '--json']);
    expect(bare.code).toBe(0);
    expect(codesOf(jsonDoc(bare).reasons).sort()).toEqual(['currency_restricted', 'products_restricted']);
    expectOnlyGets(fake);
    expect(fake.requests).toHaveLength(4);
  });

  it('a coupon of the other mode: livemode_mismatch, exit 1', async () => {
    const fake = await startFake(coupons());
    const result = await runAgainst(fake, ['coupon', 'LIVE_ONLY', ...AT, '--json']);
    expect(result.code).toBe(1);
    expectNoLeak(result);
    const doc = parseJson(result.stdout) as Doc;
    expect(codesOf(doc.reasons)).toEqual(['livemode_mismatch']);
    expect(onlyFinding(doc.reasons, 'livemode_mismatch').evidence).toMatchObject({
      key_mode: 'test',
      object_mode: 'live',
    });
    expectOnlyGets(fake);
  });

  it('a coupon of the other mode: the --json document matches the published schema', async () => {
    const fake = await startFake(coupons());
    const result = await runAgainst(fake, ['coupon', 'LIVE_ONLY', ...AT, '--json']);
    expect(result.code).toBe(1);
    expect(() => assertDiagnosisDocument(parseJson(result.stdout))).not.toThrow();
  });

  it('an unknown coupon id: exit 2, one sentence naming it, nothing on stdout', async () => {
    const fake = await startFake(coupons());
    const result = await runAgainst(fake, ['coupon', 'NOPE', ...AT, '--json']);
    expectFailure(result, 2, /NOPE/);
    expectOnlyGets(fake);
    expect(fake.requests).toHaveLength(1);
  });

  it('a deleted coupon (Stripe answers 404): exit 2 like an unknown one', async () => {
    const fake = await startFake(coupons());
    const result = await runAgainst(fake, ['coupon', 'DELETED10', ...AT, '--json']);
    expectFailure(result, 2, /DELETED10/);
    expectOnlyGets(fake);
  });

  it('a --customer that does not exist: exit 2', async () => {
    const fake = await startFake(coupons());
    const result = await runAgainst(fake, ['coupon', 'SUMMER25', '--customer', 'cus_nobody', ...AT, '--json']);
    expectFailure(result, 2, /cus_nobody/);
    expectOnlyGets(fake);
  });

  it('a promotion code id given to coupon: exit 2 before any request', async () => {
    const fake = await startFake(coupons());
    const result = await runAgainst(fake, ['coupon', 'promo_1Abc', ...AT]);
    expectFailure(result, 2, /check/);
    expect(fake.requests).toEqual([]);
  });
});
