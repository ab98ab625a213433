/**
 * `coupon` and `customer` in process: the real stripe SDK (openReader) against the fake,
 * then diagnoseCouponById / diagnoseCustomerById. Every test asserts that only GET requests
 * were sent, how many, and in how many round trips (both commands need one). The tests run
 * concurrently: each mostly waits on the fake's latency (roundTripFake).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { diagnoseCouponById } from '../../src/usecases/checkCoupon.js';
import { diagnoseCustomerById } from '../../src/usecases/explainCustomer.js';
import { diagnosisDocument } from '../../src/render/json.js';
import type { RedemptionContext } from '../../src/rules/context.js';
import type { Diagnosis } from '../../src/rules/diagnose.js';
import type { FakeStripe } from '../support/fakeStripe.js';
import * as build from '../support/builders.js';
import { assertDiagnosisDocument } from '../helpers/schema.js';
import { customerScenario, shoesCoupon } from '../helpers/scenarios.js';
import {
  codesOf,
  context,
  type Doc,
  expectOnlyGets,
  onlyFinding,
  readerFor,
  rejection,
  requestLines,
  roundTripFake,
  stopFakes,
} from '../helpers/liveStripe.js';
import { AT, DAY } from '../helpers/time.js';

// The tests of this file run concurrently (roundTripFake).
afterAll(stopFakes);

/** The diagnosis as its --json document, validated against the published schema unless `validate` is false. */
function doc(diagnosis: Diagnosis, ctx: RedemptionContext, validate = true): Doc {
  const document = diagnosisDocument(diagnosis, ctx);
  if (validate) assertDiagnosisDocument(document);
  return document as unknown as Doc;
}

function expectBudget(fake: FakeStripe, requests: number, roundTrips: number): void {
  expectOnlyGets(fake);
  expect(requestLines(fake), 'requests sent').toHaveLength(requests);
  expect(fake.roundTrips(), 'sequential round trips').toBe(roundTrips);
}

async function coupon(fake: FakeStripe, id: string, ctx: RedemptionContext = context(), validate = true): Promise<Doc> {
  return doc(await diagnoseCouponById(await readerFor(fake), id, ctx), ctx, validate);
}

async function customer(
  fake: FakeStripe,
  id: string,
  ctx: RedemptionContext = context(),
  validate = true,
): Promise<Doc> {
  return doc(await diagnoseCustomerById(await readerFor(fake), id, ctx), ctx, validate);
}

describe.concurrent('coupon <id>', () => {
  it('a healthy coupon: redeemable, in one request with applies_to and currency_options expanded', async () => {
    const fake = await roundTripFake(() => ({ coupons: [build.coupon({ id: 'SUMMER25', percent_off: 25 })] }));
    const result = await coupon(fake, 'SUMMER25');
    expect(result.target).toEqual({ type: 'coupon', id: 'SUMMER25' });
    expect(result.verdict).toBe('redeemable');
    expect(result.reasons).toEqual([]);
    expectBudget(fake, 1, 1);
    expect(fake.requests[0]!.path).toBe('/v1/coupons/SUMMER25');
    expect(fake.requests[0]!.expand).toEqual(expect.arrayContaining(['applies_to', 'currency_options']));
  });

  it('its own findings: max redemptions reached, and the product and currency rules through expansion', async () => {
    const fake = await roundTripFake(() => ({
      coupons: [build.coupon({ id: 'USED_UP', max_redemptions: 3, times_redeemed: 3, valid: false }), shoesCoupon()],
    }));
    const usedUp = await coupon(fake, 'USED_UP');
    expect(codesOf(usedUp.reasons)).toEqual(['coupon_max_redemptions_reached']);
    expect(usedUp.verdict).toBe('not_redeemable');

    const eurHats = context({ currency: 'eur', amount: 4000, products: ['prod_hats'] });
    const refused = await coupon(fake, 'SHOES5', eurHats);
    expect(codesOf(refused.reasons)).toEqual(['product_not_eligible']);

    const gbpShoes = context({ currency: 'gbp', amount: 4000, products: ['prod_shoes'] });
    const wrongCurrency = await coupon(fake, 'SHOES5', gbpShoes);
    expect(codesOf(wrongCurrency.reasons)).toEqual(['currency_mismatch']);
    expect(onlyFinding(wrongCurrency.reasons, 'currency_mismatch').evidence).toMatchObject({
      restriction: 'amount_off',
      currency_options_known: true,
    });
    expectBudget(fake, 3, 3);
  });

  it('a coupon of the other mode: livemode_mismatch', async () => {
    const fake = await roundTripFake(() => ({ otherModeIds: ['LIVE_ONLY'] }));
    const result = await coupon(fake, 'LIVE_ONLY', context(), false);
    expect(codesOf(result.reasons)).toEqual(['livemode_mismatch']);
    expect(onlyFinding(result.reasons, 'livemode_mismatch').evidence).toMatchObject({
      key_mode: 'test',
      object_mode: 'live',
    });
    expect(result.verdict).toBe('not_redeemable');
    expectBudget(fake, 1, 1);
  });

  it('a coupon of the other mode: its --json document matches the published schema', async () => {
    const fake = await roundTripFake(() => ({ otherModeIds: ['LIVE_ONLY'] }));
    const ctx = context();
    const document = diagnosisDocument(await diagnoseCouponById(await readerFor(fake), 'LIVE_ONLY', ctx), ctx);
    expect(() => assertDiagnosisDocument(document)).not.toThrow();
    expectBudget(fake, 1, 1);
  });

  it('an unknown coupon is bad input (exit 2), and so is a deleted one (Stripe answers 404 for it)', async () => {
    const fake = await roundTripFake(() => ({ coupons: [{ id: 'DELETED10', object: 'coupon', deleted: true }] }));
    const reader = await readerFor(fake);
    const unknown = await rejection(diagnoseCouponById(reader, 'NOPE', context()));
    expect(unknown).toBeInstanceOf(InputError);
    expect(unknown.message).toMatch(/No coupon NOPE/);
    const deleted = await rejection(diagnoseCouponById(reader, 'DELETED10', context()));
    expect(deleted).toBeInstanceOf(InputError);
    expect(deleted.message).toMatch(/DELETED10/);
    expectBudget(fake, 2, 2);
  });

  it('a --customer that does not exist is bad input, read in parallel with the coupon', async () => {
    const fake = await roundTripFake(() => ({ coupons: [build.coupon({ id: 'SUMMER25' })] }));
    const error = await rejection(
      diagnoseCouponById(await readerFor(fake), 'SUMMER25', context({ customer: 'cus_nobody' })),
    );
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(/cus_nobody/);
    expectBudget(fake, 2, 1);
  });
});

describe.concurrent('customer <cus_id>', () => {
  const scenario = customerScenario;

  it('lists the discount on the customer and on its billing subscriptions, ignoring canceled ones; one round trip', async () => {
    const fake = await roundTripFake(scenario);
    const result = await customer(fake, 'cus_1');
    expect(result.target).toEqual({ type: 'customer', id: 'cus_1' });
    expect(result.verdict).toBe('redeemable');
    expect(result.reasons).toEqual([]);
    const discounts = result.discounts ?? [];
    expect(discounts.map((d) => [d.discount.id, d.attached_to.type, d.attached_to.id, d.applies])).toEqual([
      ['di_customer', 'customer', 'cus_1', true],
      ['di_sub', 'subscription', 'sub_active', true],
    ]);
    expect(discounts[0]!.discount).toMatchObject({
      coupon: { id: 'FOREVER10', kind: 'coupon' },
      promotion_code: { id: 'promo_1' },
    });
    expect(discounts[1]!.discount).toMatchObject({ coupon: { id: 'REPEAT3', kind: 'coupon' } });
    expectBudget(fake, 2, 1);
    const subs = fake.requests.find((r) => r.path === '/v1/subscriptions')!;
    expect(subs.query).toMatchObject({ customer: 'cus_1', status: 'all' });
  });

  it('pages through more than 100 subscriptions: a discount on the oldest one is not missed', async () => {
    const discounted = build.subscription({
      id: 'sub_oldest',
      customer: 'cus_many',
      status: 'active',
      discounts: [
        build.discount({
          id: 'di_oldest',
          coupon: 'REPEAT3',
          customer: 'cus_many',
          subscription: 'sub_oldest',
          end: AT - DAY,
        }),
      ] as never,
    });
    const others = Array.from({ length: 100 }, (_, i) =>
      build.subscription({ id: `sub_n${i}`, customer: 'cus_many', status: 'active' }),
    );
    const fake = await roundTripFake(() => ({
      coupons: [build.coupon({ id: 'REPEAT3', duration: 'repeating', duration_in_months: 3 })],
      customers: [build.customer({ id: 'cus_many' })],
      subscriptions: [discounted, ...others],
    }));
    const result = await customer(fake, 'cus_many');
    expect(result.discounts!.map((d) => d.discount.id)).toEqual(['di_oldest']);
    expect(codesOf(result.reasons)).toEqual(['discount_ended']);
    const pages = fake.requests.filter((r) => r.path === '/v1/subscriptions');
    expect(pages).toHaveLength(2);
    expect(pages[1]!.query.starting_after).toBe('sub_n0');
    expectBudget(fake, 3, 2);
  });

  it('an ended discount: discount_ended, not redeemable', async () => {
    const fake = await roundTripFake(() => scenario({ subscriptionDiscountEnd: AT - DAY }));
    const result = await customer(fake, 'cus_1');
    expect(codesOf(result.reasons)).toEqual(['discount_ended']);
    expect(result.verdict).toBe('not_redeemable');
    const ended = result.discounts!.find((d) => d.discount.id === 'di_sub')!;
    expect(ended.applies).toBe(false);
    expect(onlyFinding(result.reasons, 'discount_ended').evidence).toMatchObject({ end: AT - DAY, coupon: 'REPEAT3' });
    expectBudget(fake, 2, 1);
  });

  it('a discount whose coupon is used up keeps applying: discount_outlives_coupon (info), still redeemable', async () => {
    const fake = await roundTripFake(() =>
      scenario({ customerDiscountCoupon: { max_redemptions: 1, times_redeemed: 1, valid: false } }),
    );
    const result = await customer(fake, 'cus_1');
    expect(codesOf(result.reasons)).toEqual(['discount_outlives_coupon']);
    expect(result.verdict).toBe('redeemable');
    expect(result.redeemable).toBe(true);
    const onCustomer = result.discounts!.find((d) => d.discount.id === 'di_customer')!;
    expect(onCustomer.applies).toBe(true);
    expect(codesOf(onCustomer.coupon_reasons)).toEqual(['coupon_max_redemptions_reached']);
    expect(onlyFinding(result.reasons, 'discount_outlives_coupon').evidence).toMatchObject({
      coupon: 'FOREVER10',
      duration: 'forever',
      applies_until: 'forever',
    });
    expectBudget(fake, 2, 1);
  });

  it('a deleted customer: customer_deleted, not redeemable', async () => {
    const fake = await roundTripFake(() => ({ customers: [build.deletedCustomer('cus_gone')] }));
    const result = await customer(fake, 'cus_gone', context(), false);
    expect(codesOf(result.reasons)).toEqual(['customer_deleted']);
    expect(onlyFinding(result.reasons, 'customer_deleted').evidence).toEqual({
      customer: 'cus_gone',
      role: 'inspected',
    });
    expect(result.verdict).toBe('not_redeemable');
    expectBudget(fake, 2, 1);
  });

  it('a deleted customer: its --json document matches the published schema', async () => {
    const fake = await roundTripFake(() => ({ customers: [build.deletedCustomer('cus_gone')] }));
    const ctx = context();
    const document = diagnosisDocument(await diagnoseCustomerById(await readerFor(fake), 'cus_gone', ctx), ctx);
    expect(() => assertDiagnosisDocument(document)).not.toThrow();
    expectBudget(fake, 2, 1);
  });

  it('an unknown customer is bad input (exit 2); one of the other mode is livemode_mismatch', async () => {
    const fake = await roundTripFake(() => ({ otherModeIds: ['cus_live'] }));
    const error = await rejection(diagnoseCustomerById(await readerFor(fake), 'cus_nobody', context()));
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(/No customer cus_nobody/);
    const other = await customer(fake, 'cus_live', context(), false);
    expect(codesOf(other.reasons)).toEqual(['livemode_mismatch']);
    expect(other.verdict).toBe('not_redeemable');
    expectBudget(fake, 4, 2);
  });

  it('a customer of the other mode: its --json document matches the published schema', async () => {
    const fake = await roundTripFake(() => ({ otherModeIds: ['cus_live'] }));
    const ctx = context();
    const document = diagnosisDocument(await diagnoseCustomerById(await readerFor(fake), 'cus_live', ctx), ctx);
    expect(() => assertDiagnosisDocument(document)).not.toThrow();
    expectBudget(fake, 2, 1);
  });
});
