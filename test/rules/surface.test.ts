/**
 * Where the code is redeemed (context.surface, context.trial) and what the redemption already
 * carries (context.existing_discounts, context.portal): the rules of src/rules/surfaceRules.ts.
 * Each reason code is produced and shown absent in test/rules/catalogue.test.ts; this file
 * covers the surfaces one by one, and that no surface changes a verdict it should not.
 */
import { describe, expect, it } from 'vitest';
import { diagnoseCoupon, diagnosePromotionCode } from '../../src/rules/diagnose.js';
import { DESIGN_SURFACES } from '../helpers/design.js';
import {
  AT,
  MINUTE,
  HOUR,
  DAY,
  codes,
  coupon,
  ctx,
  history,
  objectEvidence,
  only,
  promo,
  restrictions,
} from '../helpers/model.js';

const minimum = promo({
  restrictions: restrictions({
    minimum_amount: 5000,
    minimum_amount_currency: 'usd',
    currency_options: { eur: { minimum_amount: 4500 } },
  }),
});
const ALL = DESIGN_SURFACES;

describe('a minimum amount, per surface', () => {
  it('without --surface: the verdict is the new-redemption one, plus an info naming the surfaces that refuse', () => {
    const d = diagnosePromotionCode(minimum, ctx({ amount: 6000, currency: 'usd' }));
    expect(d.verdict).toBe('redeemable');
    const f = only(d.reasons, 'minimum_amount_limits_surfaces');
    expect(f.severity).toBe('info');
    expect(f.evidence).toEqual({
      refused_on: ['subscription_update', 'portal', 'invoice', 'subscription_item', 'schedule_phase'],
      minimums: [{ currency: 'usd', minimum_amount: 5000 }],
    });
    expect(f.message).toBe(
      'Refused on subscription updates, the portal, invoice items, subscription items and future phases (minimum $50.00).',
    );
  });

  it.each([
    ['subscription_update', true],
    ['portal', true],
    ['invoice', true],
    ['subscription_item', true],
    ['schedule_phase', true],
    ['checkout', false],
    ['payment_link', false],
    ['subscription', false],
  ] as const)('--surface %s refuses it: %s', (surface, refused) => {
    const d = diagnosePromotionCode(minimum, ctx({ amount: 6000, currency: 'usd', surface }));
    expect(codes(d.reasons)).not.toContain('minimum_amount_limits_surfaces');
    expect(codes(d.reasons).includes('minimum_amount_refused_on_surface')).toBe(refused);
    expect(d.verdict).toBe(refused ? 'not_redeemable' : 'redeemable');
  });

  it.each([
    ['subscription_item', 'on a subscription item', 'subscription item'],
    ['schedule_phase', 'on a future schedule phase', 'schedule phase'],
  ] as const)('--surface %s: the refusal names where, even with an amount above the minimum', (surface, words, row) => {
    const d = diagnosePromotionCode(minimum, ctx({ amount: 90000, currency: 'usd', surface }));
    const f = only(d.reasons, 'minimum_amount_refused_on_surface');
    expect(f).toMatchObject({ severity: 'blocking', evidence: { surface } });
    expect(f.message).toBe(
      `Stripe refuses a code with a minimum amount ($50.00) ${words}: the amount is not known yet.`,
    );
    expect(d.checks.find((c) => c.id === 'promotion_code.surface')?.detail).toBe(`${row}, minimum $50.00`);
    // Absent: the same surface, a code without a minimum.
    expect(diagnosePromotionCode(promo(), ctx({ amount: 90000, currency: 'usd', surface })).verdict).toBe('redeemable');
  });

  it('names only the order currency minimum when the currency is known', () => {
    const d = diagnosePromotionCode(minimum, ctx({ currency: 'eur', surface: 'portal' }));
    const evidence = only(d.reasons, 'minimum_amount_refused_on_surface').evidence;
    expect('minimums' in evidence && evidence.minimums).toEqual([{ currency: 'eur', minimum_amount: 4500 }]);
  });

  it('a code without a minimum is judged alike on every surface', () => {
    // The portal aside: without its configuration, whether it takes codes is unknown (below).
    for (const surface of ALL.filter((s) => s !== 'portal'))
      expect(diagnosePromotionCode(promo(), ctx({ surface })).reasons).toEqual([]);
  });

  it('the rule result says where the code was judged', () => {
    const d = diagnosePromotionCode(minimum, ctx({ surface: 'subscription_update' }));
    expect(d.checks.find((c) => c.id === 'promotion_code.surface')).toMatchObject({
      status: 'blocking',
      detail: 'subscription update, minimum $50.00 or €45.00',
    });
    expect(diagnosePromotionCode(promo(), ctx()).checks.find((c) => c.id === 'promotion_code.surface')).toMatchObject({
      status: 'not_applicable',
    });
  });
});

describe('a product restriction on an item or a future phase (inferred: judged as a subscription)', () => {
  it.each(['subscription_item', 'schedule_phase'] as const)(
    '--surface %s: accepted and discounting nothing, not refused as in Checkout',
    (surface) => {
      const d = diagnoseCoupon(coupon({ applies_to_products: ['prod_A'] }), ctx({ products: ['prod_B'], surface }));
      expect(codes(d.reasons)).toEqual(['product_not_discounted']);
      expect(
        codes(
          diagnoseCoupon(coupon({ applies_to_products: ['prod_A'] }), ctx({ products: ['prod_A'], surface })).reasons,
        ),
      ).toEqual([]);
    },
  );
});

describe('a trial', () => {
  it('makes the first invoice $0, so a minimum amount refuses the code even above the minimum', () => {
    const d = diagnosePromotionCode(
      minimum,
      ctx({ amount: 9000, currency: 'usd', trial: true, surface: 'subscription' }),
    );
    expect(codes(d.reasons)).toEqual(['trial_first_invoice_zero']);
    expect(d.verdict).toBe('not_redeemable');
  });

  it('does not matter to a code without a minimum', () => {
    expect(diagnosePromotionCode(promo(), ctx({ trial: true })).verdict).toBe('redeemable');
  });
});

describe('existing discounts', () => {
  const one = [{ id: 'di_1', coupon: 'OTHER', promotion_code: null }];

  it('unknown (no --for) is judged as none: nothing reported', () => {
    expect(diagnosePromotionCode(promo(), ctx({ surface: 'checkout' })).reasons).toEqual([]);
  });

  it('Checkout and Payment Links take one discount; a subscription takes more', () => {
    expect(
      codes(diagnosePromotionCode(promo(), ctx({ surface: 'payment_link', existing_discounts: one })).reasons),
    ).toEqual(['checkout_discount_already_applied']);
    expect(diagnosePromotionCode(promo(), ctx({ surface: 'subscription', existing_discounts: one })).reasons).toEqual(
      [],
    );
  });

  it('a promotion code already on the subscription is named as such', () => {
    const existing = [{ id: 'di_2', coupon: 'COUPON1', promotion_code: 'promo_1' }];
    const f = only(
      diagnosePromotionCode(promo(), ctx({ surface: 'subscription', existing_discounts: existing })).reasons,
      'coupon_already_applied',
    );
    expect(f.evidence.matched_by).toBe('promotion_code');
    expect(f.message).toBe('This promotion code is already applied (promotion code promo_1).');
  });

  it('twenty discounts reach the limit, whatever the surface given', () => {
    const twenty = Array.from({ length: 20 }, (_, i) => ({ id: `di_${i}`, coupon: `C${i}`, promotion_code: null }));
    expect(
      only(diagnosePromotionCode(promo(), ctx({ existing_discounts: twenty })).reasons, 'discount_limit_reached')
        .evidence,
    ).toEqual({ surface: null, existing_count: 20, limit: 20 });
  });
});

describe('the customer portal', () => {
  const portal = (over: object) => ({
    configuration: 'bpc_1',
    subscription_update_enabled: true,
    default_allowed_updates: ['price', 'promotion_code'],
    ...over,
  });

  it('with subscription updates disabled, no code can be entered', () => {
    const f = only(
      diagnosePromotionCode(promo(), ctx({ surface: 'portal', portal: portal({ subscription_update_enabled: false }) }))
        .reasons,
      'portal_promotion_codes_disabled',
    );
    expect(f.message).toBe(
      'The customer portal (bpc_1) does not let customers update subscriptions, so no code can be entered there.',
    );
  });

  it('a configuration not read says so in the rule result and is conditional, never a yes', () => {
    const d = diagnosePromotionCode(promo(), ctx({ surface: 'portal' }));
    expect(d.verdict).toBe('conditional');
    expect(d.reasons.map((f) => f.code)).toEqual(['portal_configuration_not_read']);
    expect(d.checks.find((c) => c.id === 'promotion_code.surface')?.detail).toBe(
      'portal, portal configuration not read',
    );
  });

  it('is not read for another surface', () => {
    expect(
      diagnosePromotionCode(
        promo(),
        ctx({ surface: 'checkout', portal: portal({ subscription_update_enabled: false }) }),
      ).reasons,
    ).toEqual([]);
  });
});

describe('a product restriction matching none of the products', () => {
  const limited = coupon({ applies_to_products: ['prod_A'] });

  it.each([
    ['checkout', 'product_not_eligible'],
    ['payment_link', 'product_not_eligible'],
    ['subscription', 'product_not_discounted'],
    ['subscription_update', 'product_not_discounted'],
    ['invoice', 'product_not_discounted'],
    ['portal', 'product_not_discounted'],
  ] as const)('on %s is %s', (surface, code) => {
    expect(codes(diagnoseCoupon(limited, ctx({ products: ['prod_B'], surface })).reasons)).toEqual([code]);
  });

  it('without --surface stays the blocking product_not_eligible, as before', () => {
    expect(codes(diagnoseCoupon(limited, ctx({ products: ['prod_B'] })).reasons)).toEqual(['product_not_eligible']);
  });

  it('accepted and discounting nothing is a warning: the code stays redeemable', () => {
    expect(diagnoseCoupon(limited, ctx({ products: ['prod_B'], surface: 'invoice' })).verdict).toBe('redeemable');
  });
});

describe('how strong the first-time evidence is', () => {
  const firstTime = promo({ restrictions: restrictions({ first_time_transaction: true }) });
  const diagnoseWith = (items: Parameters<typeof history>[1]) =>
    diagnosePromotionCode(firstTime, ctx({ customer: 'cus_1', history: history('cus_1', items) }));

  it('an open invoice alone is only reported to count: the message says Stripe may still accept', () => {
    const f = only(
      diagnoseWith([{ object: 'invoice', id: 'in_1', status: 'open', created: AT - DAY }]).reasons,
      'customer_has_prior_transactions',
    );
    expect(objectEvidence(f).transactions[0]!.strength).toBe('reported');
    expect(objectEvidence(f).weak_evidence_only).toBe(true);
    expect(f.message).toContain('Stripe may still accept the code');
  });

  it("a PaymentIntent from the last hour may be the current checkout's own", () => {
    const f = only(
      diagnoseWith([
        { object: 'payment_intent', id: 'pi_1', status: 'requires_payment_method', created: AT - 10 * MINUTE },
      ]).reasons,
      'customer_has_prior_transactions',
    );
    expect(objectEvidence(f).weak_evidence_only).toBe(true);
    expect(f.message).toContain("this checkout's own");
  });

  it('an older PaymentIntent, or any documented item beside weak ones, is firm evidence', () => {
    const older = only(
      diagnoseWith([{ object: 'payment_intent', id: 'pi_1', status: 'canceled', created: AT - 2 * HOUR }]).reasons,
      'customer_has_prior_transactions',
    );
    expect(objectEvidence(older).weak_evidence_only).toBe(false);
    expect(older.message).not.toContain('may still accept');
    const mixed = only(
      diagnoseWith([
        { object: 'invoice', id: 'in_1', status: 'open', created: AT - DAY },
        { object: 'charge', id: 'ch_1', status: 'succeeded', created: AT - DAY },
      ]).reasons,
      'customer_has_prior_transactions',
    );
    expect(objectEvidence(mixed).weak_evidence_only).toBe(false);
  });
});

describe('total_reduced_to_zero predicted from the API version (issue 20, item 5)', () => {
  const full = promo({ coupon: coupon({ id: 'FREE', percent_off: 100 }) });
  const judge = (code: typeof full, overrides: Parameters<typeof ctx>[0]) =>
    diagnosePromotionCode(code, ctx(overrides)).reasons.map((f) => f.code);

  it('present: a 100% code in Checkout on an API version before 2023-08-16', () => {
    const d = diagnosePromotionCode(full, ctx({ surface: 'checkout', api_version: '2022-11-15' }));
    expect(d.reasons.map((f) => f.code)).toEqual(['total_reduced_to_zero']);
    expect(d.reasons[0]).toMatchObject({
      severity: 'blocking',
      evidence: { api_version: '2022-11-15', surface: 'checkout', percent_off: 100 },
    });
    expect(d.reasons[0]!.message).toContain('2022-11-15');
  });

  it('present: a fixed amount at least the order, on a Payment Link', () => {
    const fixed = promo({ coupon: coupon({ id: 'TEN', percent_off: null, amount_off: 4000, currency: 'usd' }) });
    expect(judge(fixed, { surface: 'payment_link', api_version: '2020-08-27', amount: 4000, currency: 'usd' })).toEqual(
      ['total_reduced_to_zero'],
    );
  });

  it.each([
    ['2023-08-16 or later', { surface: 'checkout', api_version: '2023-08-16' }],
    ['a named later release', { surface: 'checkout', api_version: '2025-03-31.basil' }],
    ['the API version unknown', { surface: 'checkout' }],
    ['a subscription (no Checkout)', { surface: 'subscription', api_version: '2022-11-15' }],
    ['no surface given', { api_version: '2022-11-15' }],
  ] as const)('absent: %s', (_name, overrides) => {
    expect(judge(full, overrides)).not.toContain('total_reduced_to_zero');
  });

  it('absent: a discount below the order', () => {
    const fixed = promo({ coupon: coupon({ id: 'TEN', percent_off: null, amount_off: 1000, currency: 'usd' }) });
    expect(judge(fixed, { surface: 'checkout', api_version: '2020-08-27', amount: 4000, currency: 'usd' })).toEqual([]);
  });
});
