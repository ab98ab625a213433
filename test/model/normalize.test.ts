/**
 * The normaliser: raw Stripe JSON of any API version -> the internal model (docs/architecture.md, API versions and normalisation).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { parseStripeText } from '../../src/model/input.js';
import { type Diagnosable, normalizeDiagnosable } from '../../src/model/diagnosable.js';
import type { Coupon, Customer, Discount, PromotionCode, Subscription } from '../../src/model/types.js';
import { diagnoseCoupon, diagnoseCustomer, diagnosePromotionCode } from '../../src/rules/diagnose.js';
import { AT, codes, ctx } from '../helpers/model.js';

const EXAMPLES = new URL('../../examples/', import.meta.url);
const exampleText = (name: string) => readFileSync(new URL(name, EXAMPLES), 'utf8');

function as<K extends Diagnosable['kind']>(item: Diagnosable | undefined, kind: K): Extract<Diagnosable, { kind: K }> {
  if (!item || item.kind !== kind) throw new Error(`expected a ${kind}, got ${item?.kind}`);
  return item as Extract<Diagnosable, { kind: K }>;
}

const seedCustomer = {
  kind: 'customer',
  id: 'cus_Example0001',
  name: 'Jane Doe',
  email: 'jane.doe@example.com',
  livemode: true,
  created: 1672789368,
  currency: 'cad',
  subscriptions: null,
  discount: {
    kind: 'discount',
    id: 'di_Example0001',
    coupon: {
      kind: 'coupon',
      id: 'cpnExmpl',
      name: 'WELCOME100',
      livemode: true,
      created: 1689334565,
      percent_off: 100,
      amount_off: null,
      currency: null,
      currency_options: null,
      applies_to_products: null,
      duration: 'once',
      duration_in_months: null,
      max_redemptions: 1,
      times_redeemed: 1,
      redeem_by: null,
      valid: false,
    },
    promotion_code: { kind: 'reference', id: 'promo_Example0001' },
    customer: 'cus_Example0001',
    subscription: null,
    subscription_item: null,
    invoice: null,
    invoice_item: null,
    checkout_session: null,
    start: 1689334615,
    end: null,
  },
} satisfies Customer;

/** What each example normalises to. A new example without an entry here fails. */
const EXPECTED: Record<string, (text: string) => void> = {
  'customer-discount-2020-08-27.json': (text) => {
    const parsed = parseStripeText(text, 'example');
    expect(parsed.wrapper).toBe('object');
    expect(parsed.items).toEqual([seedCustomer]);
  },
  'dashboard-log-2020-08-27.txt': (text) => {
    const parsed = parseStripeText(text, 'example');
    expect(parsed.wrapper).toBe('dashboard_log');
    expect(parsed.items).toHaveLength(1);
    // The Response body, not the "Request POST body" that follows it.
    expect(parsed.items[0]).toEqual(seedCustomer);
  },
  'event-promotion_code.updated.json': (text) => {
    const parsed = parseStripeText(text, 'example');
    expect(parsed.wrapper).toBe('event');
    const code = as(parsed.items[0], 'promotion_code');
    expect(code).toMatchObject({
      id: 'promo_Example0004',
      code: 'LAUNCH',
      active: false,
      livemode: false,
      created: 1730000100,
      expires_at: null,
      max_redemptions: null,
      times_redeemed: 40,
      customer: null,
      customer_account: null,
      shape: 'legacy_coupon',
      restrictions: {
        first_time_transaction: false,
        minimum_amount: null,
        minimum_amount_currency: null,
        currency_options: {},
      },
    });
    expect(code.coupon).toMatchObject({
      kind: 'coupon',
      id: 'LAUNCH50',
      percent_off: 50,
      valid: true,
      times_redeemed: 40,
      max_redemptions: null,
      name: 'Launch 50%',
    });
  },
  'promotion-code-2024-06-20.json': (text) => {
    const parsed = parseStripeText(text, 'example');
    expect(parsed.wrapper).toBe('object');
    const code = as(parsed.items[0], 'promotion_code');
    expect(code).toMatchObject({
      id: 'promo_Example0003',
      code: 'VIP-ONLY',
      active: true,
      shape: 'legacy_coupon',
      customer: { kind: 'reference', id: 'cus_ExampleVip1' },
      expires_at: null,
      max_redemptions: null,
      times_redeemed: 0,
    });
    expect(code.coupon).toEqual({
      kind: 'coupon',
      id: 'VIP10',
      name: '$10 off for VIPs',
      livemode: false,
      created: 1700000000,
      percent_off: null,
      amount_off: 1000,
      currency: 'usd',
      currency_options: null,
      applies_to_products: null,
      duration: 'once',
      duration_in_months: null,
      max_redemptions: 100,
      times_redeemed: 97,
      redeem_by: 1893456000,
      valid: true,
    });
  },
  'promotion-code-2026-10-28.json': (text) => {
    const parsed = parseStripeText(text, 'example');
    const code = as(parsed.items[0], 'promotion_code');
    expect(code).toMatchObject({
      id: 'promo_Example0002',
      code: 'SPRING-25',
      active: false,
      shape: 'promotion',
      created: 1767225600,
      expires_at: 1772323200,
      max_redemptions: 500,
      times_redeemed: 212,
      customer: null,
      customer_account: null,
      restrictions: {
        first_time_transaction: true,
        minimum_amount: 5000,
        minimum_amount_currency: 'usd',
        currency_options: { eur: { minimum_amount: 4500 } },
      },
    });
    expect(code.coupon).toMatchObject({
      kind: 'coupon',
      id: 'SPRING25',
      percent_off: 25,
      duration: 'repeating',
      duration_in_months: 3,
      times_redeemed: 212,
      valid: true,
    });
  },
};

describe('every file in examples/', () => {
  const files = readdirSync(EXAMPLES).filter((f) => !f.startsWith('.'));

  it('has at least the five known examples', () => {
    expect(files.length).toBeGreaterThanOrEqual(5);
  });

  it.each(files)('%s normalises as expected', (file) => {
    const check = EXPECTED[file];
    expect(check, `no expectations for examples/${file}`).toBeDefined();
    check!(exampleText(file));
  });
});

describe('the examples diagnosed', () => {
  it('the 2026 promotion code as of 2026-11-22: expired, which explains active: false; first-time and minimum stay conditional', () => {
    const code = as(parseStripeText(exampleText('promotion-code-2026-10-28.json'), 'x').items[0], 'promotion_code');
    const d = diagnosePromotionCode(code, ctx());
    expect(codes(d.reasons)).toEqual([
      'promotion_code_expired',
      'first_time_customers_only',
      'minimum_amount_required',
      'minimum_amount_limits_surfaces',
    ]);
    expect(d.verdict).toBe('not_redeemable');
  });

  it('the 2026 promotion code as of before its expiry, read now: no "deactivated"', () => {
    const code = as(parseStripeText(exampleText('promotion-code-2026-10-28.json'), 'x').items[0], 'promotion_code');
    const d = diagnosePromotionCode(code, ctx({ at: Date.UTC(2026, 1, 1) / 1000, observed_at: AT }));
    expect(codes(d.reasons)).not.toContain('promotion_code_inactive');
    expect(codes(d.reasons)).not.toContain('promotion_code_expired');
  });

  it('the event: a code deactivated by hand is promotion_code_inactive', () => {
    const code = as(parseStripeText(exampleText('event-promotion_code.updated.json'), 'x').items[0], 'promotion_code');
    expect(codes(diagnosePromotionCode(code, ctx()).reasons)).toEqual(['promotion_code_inactive']);
  });

  it('the 2024 VIP code: restricted to a customer, amount_off in USD, coupon nearly used up', () => {
    const code = as(parseStripeText(exampleText('promotion-code-2024-06-20.json'), 'x').items[0], 'promotion_code');
    expect(codes(diagnosePromotionCode(code, ctx()).reasons)).toEqual([
      'restricted_to_customer',
      'currency_restricted',
      'coupon_nearly_exhausted',
    ]);
    expect(codes(diagnosePromotionCode(code, ctx({ customer: 'cus_ExampleVip1', currency: 'usd' })).reasons)).toEqual([
      'coupon_nearly_exhausted',
    ]);
  });

  it('the Dashboard log diagnoses like the JSON it contains', () => {
    const fromLog = as(parseStripeText(exampleText('dashboard-log-2020-08-27.txt'), 'x').items[0], 'customer');
    expect(codes(diagnoseCustomer(fromLog, ctx()).reasons)).toEqual(['discount_outlives_coupon']);
  });
});

const couponJson = (overrides: Record<string, unknown> = {}) => ({
  id: 'CPN',
  object: 'coupon',
  amount_off: null,
  currency: null,
  duration: 'once',
  max_redemptions: null,
  percent_off: 10,
  redeem_by: null,
  times_redeemed: 0,
  valid: true,
  ...overrides,
});

const promoJson = (overrides: Record<string, unknown> = {}) => ({
  id: 'promo_X',
  object: 'promotion_code',
  active: true,
  code: 'X',
  customer: null,
  expires_at: null,
  max_redemptions: null,
  restrictions: { first_time_transaction: false, minimum_amount: null, minimum_amount_currency: null },
  times_redeemed: 0,
  ...overrides,
});

const promotionCode = (raw: unknown) => as(normalizeDiagnosable(raw), 'promotion_code') as PromotionCode;
const discountOf = (raw: unknown) => as(normalizeDiagnosable(raw), 'discount') as Discount;
const couponOf = (raw: unknown) => as(normalizeDiagnosable(raw), 'coupon') as Coupon;

describe('promotion codes of every API version', () => {
  it('legacy coupon as an id string -> a reference', () => {
    const code = promotionCode(promoJson({ coupon: 'CPN' }));
    expect(code.coupon).toEqual({ kind: 'reference', id: 'CPN' });
    expect(code.shape).toBe('legacy_coupon');
  });

  it('promotion.coupon as an id string -> a reference, shape promotion', () => {
    const code = promotionCode(promoJson({ promotion: { type: 'coupon', coupon: 'CPN' } }));
    expect(code.coupon).toEqual({ kind: 'reference', id: 'CPN' });
    expect(code.shape).toBe('promotion');
  });

  it('coupon as an expanded object, in both shapes', () => {
    for (const raw of [
      promoJson({ coupon: couponJson() }),
      promoJson({ promotion: { type: 'coupon', coupon: couponJson() } }),
    ]) {
      expect(promotionCode(raw).coupon).toMatchObject({ kind: 'coupon', id: 'CPN', percent_off: 10, valid: true });
    }
  });

  it('coupon as a deleted stub, in both shapes', () => {
    const stub = { id: 'CPN', object: 'coupon', deleted: true };
    expect(promotionCode(promoJson({ coupon: stub })).coupon).toEqual({ kind: 'deleted', id: 'CPN' });
    expect(promotionCode(promoJson({ promotion: { type: 'coupon', coupon: stub } })).coupon).toEqual({
      kind: 'deleted',
      id: 'CPN',
    });
  });

  it('customer as an id, an expanded object, or a deleted stub', () => {
    expect(promotionCode(promoJson({ customer: 'cus_1' })).customer).toEqual({ kind: 'reference', id: 'cus_1' });
    expect(
      promotionCode(promoJson({ customer: { id: 'cus_1', object: 'customer', name: 'Ann' } })).customer,
    ).toMatchObject({ kind: 'customer', id: 'cus_1', name: 'Ann' });
    expect(promotionCode(promoJson({ customer: { id: 'cus_1', object: 'customer', deleted: true } })).customer).toEqual(
      { kind: 'deleted', id: 'cus_1' },
    );
  });

  it('customer_account is kept', () => {
    expect(promotionCode(promoJson({ customer_account: 'acct_1' })).customer_account).toBe('acct_1');
  });

  it('missing optional fields take safe defaults', () => {
    const code = promotionCode({ id: 'promo_min', object: 'promotion_code' });
    expect(code).toMatchObject({
      code: '',
      active: true,
      livemode: null,
      expires_at: null,
      max_redemptions: null,
      times_redeemed: 0,
      customer: null,
      coupon: null,
      restrictions: {
        first_time_transaction: false,
        minimum_amount: null,
        minimum_amount_currency: null,
        currency_options: {},
      },
    });
  });

  it('an object without "object" but with a promo_ id is a promotion code', () => {
    const raw: Record<string, unknown> = promoJson({ coupon: 'CPN' });
    delete raw.object;
    expect(normalizeDiagnosable(raw).kind).toBe('promotion_code');
  });

  it('upper-case currencies are lower-cased', () => {
    const code = promotionCode(
      promoJson({
        restrictions: {
          first_time_transaction: false,
          minimum_amount: 5000,
          minimum_amount_currency: 'USD',
          currency_options: { EUR: { minimum_amount: 4500 } },
        },
      }),
    );
    expect(code.restrictions.minimum_amount_currency).toBe('usd');
    expect(code.restrictions.currency_options).toEqual({ eur: { minimum_amount: 4500 } });
  });
});

describe('coupons', () => {
  it('applies_to and currency_options absent -> null (unknown)', () => {
    const c = couponOf(couponJson());
    expect(c.applies_to_products).toBeNull();
    expect(c.currency_options).toBeNull();
  });

  it('applies_to and currency_options present -> the values, even when empty', () => {
    const c = couponOf(
      couponJson({
        percent_off: null,
        amount_off: 1000,
        currency: 'USD',
        applies_to: { products: ['prod_1', 'prod_2'] },
        currency_options: { EUR: { amount_off: 900 } },
      }),
    );
    expect(c.applies_to_products).toEqual(['prod_1', 'prod_2']);
    expect(c.currency_options).toEqual({ eur: { amount_off: 900 } });
    expect(c.currency).toBe('usd');
    const empty = couponOf(couponJson({ applies_to: { products: [] }, currency_options: {} }));
    expect(empty.applies_to_products).toEqual([]);
    expect(empty.currency_options).toEqual({});
  });

  it('a deleted coupon stub given to explain is diagnosed as coupon_deleted', () => {
    const item = as(normalizeDiagnosable({ id: 'OLD50', object: 'coupon', deleted: true }), 'deleted_object');
    expect(item).toEqual({ kind: 'deleted_object', object: 'coupon', id: 'OLD50' });
    const d = diagnoseCoupon({ kind: 'deleted', id: item.id }, ctx());
    expect(codes(d.reasons)).toEqual(['coupon_deleted']);
    expect(d.verdict).toBe('not_redeemable');
  });
});

describe('deleted customers', () => {
  it('a deleted customer stub is kept as a deleted object, to be reported as customer_deleted', () => {
    expect(normalizeDiagnosable({ id: 'cus_1', object: 'customer', deleted: true })).toEqual({
      kind: 'deleted_object',
      object: 'customer',
      id: 'cus_1',
    });
  });
});

describe('discounts', () => {
  const base = {
    id: 'di_1',
    object: 'discount',
    customer: 'cus_1',
    end: null,
    start: 1700000000,
    promotion_code: null,
    subscription: null,
  };

  it('source.coupon (2025-09-30 and later), expanded or as an id', () => {
    expect(discountOf({ ...base, source: { type: 'coupon', coupon: couponJson() } }).coupon).toMatchObject({
      kind: 'coupon',
      id: 'CPN',
    });
    expect(discountOf({ ...base, source: { type: 'coupon', coupon: 'CPN' } }).coupon).toEqual({
      kind: 'reference',
      id: 'CPN',
    });
  });

  it('coupon (before 2025-09-30)', () => {
    const d = discountOf({ ...base, coupon: couponJson({ valid: false }) });
    expect(d.coupon).toMatchObject({ kind: 'coupon', id: 'CPN', valid: false });
    expect(d).toMatchObject({ id: 'di_1', customer: 'cus_1', start: 1700000000, end: null, promotion_code: null });
  });

  it('linked objects become ids; a promotion code may be a reference or expanded', () => {
    const d = discountOf({
      ...base,
      coupon: 'CPN',
      customer: { id: 'cus_9', object: 'customer' },
      subscription: 'sub_1',
      promotion_code: 'promo_1',
      end: 1800000000,
    });
    expect(d.customer).toBe('cus_9');
    expect(d.subscription).toBe('sub_1');
    expect(d.promotion_code).toEqual({ kind: 'reference', id: 'promo_1' });
    expect(d.end).toBe(1800000000);
    const expanded = discountOf({
      ...base,
      coupon: 'CPN',
      promotion_code: promoJson({ id: 'promo_2', coupon: 'CPN' }),
    });
    expect(expanded.promotion_code).toMatchObject({ kind: 'promotion_code', id: 'promo_2' });
  });

  it('a customer discount in the new shape', () => {
    const c = as(
      normalizeDiagnosable({
        id: 'cus_1',
        object: 'customer',
        discount: { ...base, source: { type: 'coupon', coupon: couponJson() } },
      }),
      'customer',
    );
    expect(c.discount?.coupon).toMatchObject({ kind: 'coupon', id: 'CPN' });
  });
});

describe('subscriptions', () => {
  it('a discounts array of expanded discounts', () => {
    const s = as(
      normalizeDiagnosable({
        id: 'sub_1',
        object: 'subscription',
        status: 'trialing',
        customer: 'cus_1',
        discounts: [
          { id: 'di_a', object: 'discount', source: { type: 'coupon', coupon: couponJson({ id: 'A' }) } },
          { id: 'di_b', object: 'discount', coupon: 'B' },
        ],
      }),
      'subscription',
    ) as Subscription;
    expect(s).toMatchObject({ id: 'sub_1', status: 'trialing', customer: 'cus_1' });
    expect(s.discounts.map((d) => [d.id, d.coupon?.kind, d.coupon?.id])).toEqual([
      ['di_a', 'coupon', 'A'],
      ['di_b', 'reference', 'B'],
    ]);
  });

  it('discounts given as ids (not expanded, the default) are kept, not silently dropped', () => {
    // Current API versions return subscription.discounts as ids unless expanded (docs/architecture.md, API versions and normalisation: "any of these as an id string").
    const s = as(
      normalizeDiagnosable({ id: 'sub_1', object: 'subscription', status: 'active', discounts: ['di_1', 'di_2'] }),
      'subscription',
    );
    expect(s.discounts.map((d) => d.id)).toEqual(['di_1', 'di_2']);
  });

  it('an old single discount, not duplicated when also in discounts', () => {
    const single = { id: 'di_a', object: 'discount', coupon: 'A' };
    const onlySingle = as(
      normalizeDiagnosable({ id: 'sub_1', object: 'subscription', discount: single }),
      'subscription',
    );
    expect(onlySingle.discounts.map((d) => d.id)).toEqual(['di_a']);
    const both = as(
      normalizeDiagnosable({ id: 'sub_1', object: 'subscription', discount: single, discounts: [single] }),
      'subscription',
    );
    expect(both.discounts.map((d) => d.id)).toEqual(['di_a']);
  });

  it('a customer with embedded subscriptions (old API versions) keeps them', () => {
    const c = as(
      normalizeDiagnosable({
        id: 'cus_1',
        object: 'customer',
        subscriptions: {
          object: 'list',
          data: [{ id: 'sub_1', object: 'subscription', status: 'active', discount: { id: 'di_s', coupon: 'A' } }],
        },
      }),
      'customer',
    );
    expect(c.subscriptions?.map((s) => [s.id, s.discounts.map((d) => d.id)])).toEqual([['sub_1', ['di_s']]]);
  });
});

describe('bad objects are InputErrors naming the problem', () => {
  const cases: Array<[string, unknown, RegExp]> = [
    ['an unknown object type', { id: 'ch_1', object: 'charge' }, /"charge"/],
    ['no object field', { id: 'x_1', amount: 3 }, /no "object" field/],
    ['times_redeemed is a string', promoJson({ times_redeemed: 'x' }), /times_redeemed.*string.*number/],
    ['active is a string', promoJson({ active: 'yes' }), /active.*true or false/],
    ['coupon is a number', promoJson({ coupon: 42 }), /coupon.*neither an id nor an object/],
    ['coupon is an empty id', promoJson({ coupon: '' }), /coupon.*empty id/],
    ['restrictions is a string', promoJson({ restrictions: 'none' }), /restrictions.*an object/],
    ['a promotion code without id', { object: 'promotion_code', code: 'X' }, /no "id" field/],
    ['a coupon with a numeric percent_off as string', couponJson({ percent_off: '10' }), /percent_off/],
    [
      'subscription discounts not a list',
      { id: 'sub_1', object: 'subscription', discounts: 'di_1' },
      /discounts.*a list/,
    ],
    ['a JSON array', [1, 2], /not a Stripe object/],
  ];

  it.each(cases)('%s', (_label, raw, message) => {
    let error: unknown;
    try {
      normalizeDiagnosable(raw);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toMatch(message);
  });
});
