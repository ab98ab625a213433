/**
 * Context rules of docs/architecture.md, The JSON document and exit codes: currency without amount, minimums per currency, fixed
 * amounts per currency, the nearly-exhausted threshold and the warn-within horizon.
 */
import { describe, expect, it } from 'vitest';
import { diagnoseCoupon, diagnosePromotionCode } from '../../src/rules/diagnose.js';
import { AT, DAY, HOUR, codes as allCodes, coupon, ctx, only, promo, restrictions } from '../helpers/model.js';

/** Codes without the surface info that every minimum brings (test/rules/surface.test.ts covers it). */
const codes = (findings: Parameters<typeof allCodes>[0]) =>
  allCodes(findings).filter((c) => c !== 'minimum_amount_limits_surfaces');

const usdMinimum = promo({ restrictions: restrictions({ minimum_amount: 5000, minimum_amount_currency: 'usd' }) });
const twoMinimums = promo({
  restrictions: restrictions({
    minimum_amount: 5000,
    minimum_amount_currency: 'usd',
    currency_options: { eur: { minimum_amount: 4500 } },
  }),
});

describe('minimum amounts', () => {
  it('--currency without --amount: a matching currency leaves the minimum conditional, for that currency', () => {
    const d = diagnosePromotionCode(twoMinimums, ctx({ currency: 'eur' }));
    expect(codes(d.reasons)).toEqual(['minimum_amount_required']);
    expect(only(d.reasons, 'minimum_amount_required').evidence).toEqual({
      minimums: [{ currency: 'eur', minimum_amount: 4500 }],
      currency: 'eur',
    });
    expect(d.verdict).toBe('conditional');
  });

  it('--currency without --amount: a currency with no minimum is a currency_mismatch', () => {
    const d = diagnosePromotionCode(twoMinimums, ctx({ currency: 'gbp' }));
    expect(codes(d.reasons)).toEqual(['currency_mismatch']);
    const f = only(d.reasons, 'currency_mismatch');
    expect(f.object).toBe('promotion_code');
    expect(f.id).toBe('promo_1');
    expect(f.evidence).toEqual({
      restriction: 'minimum_amount',
      currency: 'gbp',
      accepted_currencies: ['usd', 'eur'],
      currency_options_known: true,
    });
    expect(d.verdict).toBe('not_redeemable');
  });

  it('no context lists every minimum', () => {
    const f = only(diagnosePromotionCode(twoMinimums, ctx()).reasons, 'minimum_amount_required');
    expect(f.evidence.minimums).toEqual([
      { currency: 'usd', minimum_amount: 5000 },
      { currency: 'eur', minimum_amount: 4500 },
    ]);
    expect(f.message).toContain('$50.00');
    expect(f.message).toContain('€45.00');
  });

  it('a currency_options minimum applies to its currency', () => {
    expect(codes(diagnosePromotionCode(twoMinimums, ctx({ currency: 'eur', amount: 4500 })).reasons)).toEqual([]);
    const f = only(
      diagnosePromotionCode(twoMinimums, ctx({ currency: 'eur', amount: 4499 })).reasons,
      'minimum_amount_not_met',
    );
    expect(f.evidence).toEqual({
      amount: 4499,
      currency: 'eur',
      minimum_amount: 4500,
      minimum_from: 'currency_options',
    });
  });

  it('restrictions.currency_options[cur] wins over minimum_amount for the same currency', () => {
    const code = promo({
      restrictions: restrictions({
        minimum_amount: 5000,
        minimum_amount_currency: 'usd',
        currency_options: { usd: { minimum_amount: 3000 } },
      }),
    });
    expect(codes(diagnosePromotionCode(code, ctx({ currency: 'usd', amount: 4000 })).reasons)).toEqual([]);
    const f = only(
      diagnosePromotionCode(code, ctx({ currency: 'usd', amount: 2999 })).reasons,
      'minimum_amount_not_met',
    );
    expect(f.evidence).toEqual({
      amount: 2999,
      currency: 'usd',
      minimum_amount: 3000,
      minimum_from: 'currency_options',
    });
    expect(f.message).toContain('currency_options.usd');
  });

  it('minimum_amount applies only when minimum_amount_currency matches', () => {
    expect(codes(diagnosePromotionCode(usdMinimum, ctx({ currency: 'usd', amount: 5000 })).reasons)).toEqual([]);
    expect(codes(diagnosePromotionCode(usdMinimum, ctx({ currency: 'jpy', amount: 999999 })).reasons)).toEqual([
      'currency_mismatch',
    ]);
  });

  it('a minimum in a zero-decimal currency is formatted as such', () => {
    const code = promo({ restrictions: restrictions({ minimum_amount: 1000, minimum_amount_currency: 'jpy' }) });
    const f = only(
      diagnosePromotionCode(code, ctx({ currency: 'jpy', amount: 500 })).reasons,
      'minimum_amount_not_met',
    );
    expect(f.message).toContain('¥500');
    expect(f.message).toContain('¥1,000');
  });

  it('no minimum at all: any currency and amount pass', () => {
    expect(codes(diagnosePromotionCode(promo(), ctx({ currency: 'gbp', amount: 1 })).reasons)).toEqual([]);
  });
});

describe('fixed amount off per currency', () => {
  it('--currency without --amount still checks the coupon currency', () => {
    const c = coupon({ percent_off: null, amount_off: 1000, currency: 'usd', currency_options: {} });
    expect(codes(diagnoseCoupon(c, ctx({ currency: 'eur' })).reasons)).toEqual(['currency_mismatch']);
  });

  it('currency_options accepting the currency: no mismatch', () => {
    const c = coupon({
      percent_off: null,
      amount_off: 1000,
      currency: 'usd',
      currency_options: { eur: { amount_off: 900 } },
    });
    expect(codes(diagnoseCoupon(c, ctx({ currency: 'eur' })).reasons)).toEqual([]);
    const f = only(diagnoseCoupon(c, ctx({ currency: 'gbp' })).reasons, 'currency_mismatch');
    expect(f.evidence).toEqual({
      restriction: 'amount_off',
      currency: 'gbp',
      accepted_currencies: ['usd', 'eur'],
      currency_options_known: true,
    });
    expect(f.message).not.toContain('expand');
  });

  it('currency_options not in the data: the mismatch says the options are unknown', () => {
    const c = coupon({ percent_off: null, amount_off: 1000, currency: 'usd', currency_options: null });
    const f = only(diagnoseCoupon(c, ctx({ currency: 'eur' })).reasons, 'currency_mismatch');
    expect(f.evidence).toMatchObject({ currency_options_known: false, accepted_currencies: ['usd'] });
    expect(f.message).toContain('expand');
  });

  it('a percent-off coupon has no currency restriction', () => {
    expect(codes(diagnoseCoupon(coupon({ percent_off: 25 }), ctx({ currency: 'eur' })).reasons)).toEqual([]);
    expect(codes(diagnoseCoupon(coupon({ percent_off: 25 }), ctx()).reasons)).toEqual([]);
  });

  it('currency_restricted lists the currencies of currency_options too', () => {
    const c = coupon({
      percent_off: null,
      amount_off: 1000,
      currency: 'usd',
      currency_options: { eur: { amount_off: 900 } },
    });
    expect(only(diagnoseCoupon(c, ctx()).reasons, 'currency_restricted').evidence).toEqual({
      accepted_currencies: ['usd', 'eur'],
      currency_options_known: true,
    });
  });
});

describe('products', () => {
  it('an empty applies_to.products never restricts', () => {
    expect(codes(diagnoseCoupon(coupon({ applies_to_products: [] }), ctx()).reasons)).toEqual([]);
    expect(codes(diagnoseCoupon(coupon({ applies_to_products: [] }), ctx({ products: ['prod_Z'] })).reasons)).toEqual(
      [],
    );
  });

  it('applies_to unknown (not expanded): conditional, naming applies_to as missing, never redeemable (issue 17, item 3)', () => {
    const d = diagnoseCoupon(coupon({ applies_to_products: null }), ctx());
    expect(codes(d.reasons)).toEqual(['coupon_not_checked']);
    expect(d.verdict).toBe('conditional');
    expect(d.reasons[0]!.evidence).toEqual({ coupon: 'COUPON1', expanded: true, missing: ['applies_to'] });
  });
});

describe('nearly exhausted: remaining <= max(1, 10% of max_redemptions), and at least as many used as left', () => {
  it.each([
    [100, 90, true],
    [100, 89, false],
    [5, 4, true],
    [5, 3, false],
    [1000, 900, true],
    [1000, 899, false],
    // An unused single-use code is not nearly used up (issue 17, item 7).
    [1, 0, false],
    [2, 1, true],
    [2, 0, false],
    [3, 1, false],
  ])('promotion code %i max, %i used: warns=%s', (max, used, warns) => {
    const reasons = codes(diagnosePromotionCode(promo({ max_redemptions: max, times_redeemed: used }), ctx()).reasons);
    expect(reasons.includes('promotion_code_nearly_exhausted')).toBe(warns);
    expect(reasons).not.toContain('promotion_code_max_redemptions_reached');
  });

  it.each([
    [100, 90, true],
    [100, 89, false],
    [5, 4, true],
    [5, 3, false],
  ])('coupon %i max, %i used: warns=%s', (max, used, warns) => {
    const reasons = codes(diagnoseCoupon(coupon({ max_redemptions: max, times_redeemed: used }), ctx()).reasons);
    expect(reasons.includes('coupon_nearly_exhausted')).toBe(warns);
  });

  it('exhausted is not also "nearly exhausted"', () => {
    expect(codes(diagnosePromotionCode(promo({ max_redemptions: 5, times_redeemed: 5 }), ctx()).reasons)).toEqual([
      'promotion_code_max_redemptions_reached',
    ]);
  });
});

describe('--warn-within horizon', () => {
  it('default 7 days: a deadline exactly 7 days away warns, one second later does not', () => {
    expect(codes(diagnosePromotionCode(promo({ expires_at: AT + 7 * DAY }), ctx()).reasons)).toEqual([
      'promotion_code_expires_soon',
    ]);
    expect(codes(diagnosePromotionCode(promo({ expires_at: AT + 7 * DAY + 1 }), ctx()).reasons)).toEqual([]);
  });

  it('a shorter horizon: 36 hours', () => {
    const context = ctx({ warn_within: 36 * HOUR });
    expect(codes(diagnosePromotionCode(promo({ expires_at: AT + 36 * HOUR }), context).reasons)).toEqual([
      'promotion_code_expires_soon',
    ]);
    expect(codes(diagnosePromotionCode(promo({ expires_at: AT + 2 * DAY }), context).reasons)).toEqual([]);
    const f = only(
      diagnosePromotionCode(promo({ expires_at: AT + DAY }), context).reasons,
      'promotion_code_expires_soon',
    );
    expect(f.evidence.warn_within_seconds).toBe(36 * HOUR);
  });

  it('the sentence states the horizon that was given (36h), not a rounded-down "1 day"', () => {
    // Suspected bug: spanText floors to whole units, so --warn-within 36h reads "warning horizon 1 day".
    const f = only(
      diagnosePromotionCode(promo({ expires_at: AT + DAY }), ctx({ warn_within: 36 * HOUR })).reasons,
      'promotion_code_expires_soon',
    );
    expect(f.message).not.toContain('horizon 1 day');
    expect(f.message).toMatch(/36 hours|1\.5 days|1 day 12 hours|1 day and 12 hours/);
  });

  it('a longer horizon: 30 days warns for the coupon redeem_by too', () => {
    const context = ctx({ warn_within: 30 * DAY });
    const f = only(diagnoseCoupon(coupon({ redeem_by: AT + 20 * DAY }), context).reasons, 'coupon_redeem_by_soon');
    expect(f.evidence.warn_within_seconds).toBe(30 * DAY);
    expect(codes(diagnoseCoupon(coupon({ redeem_by: AT + 20 * DAY }), ctx()).reasons)).toEqual([]);
  });

  it('a zero horizon never warns', () => {
    expect(codes(diagnosePromotionCode(promo({ expires_at: AT + 1 }), ctx({ warn_within: 0 })).reasons)).toEqual([]);
  });
});

describe('restrictions.currency_options not in the data', () => {
  it('is unknown, not empty: a currency_mismatch on minimums says to expand them', () => {
    const code = promo({
      restrictions: restrictions({ minimum_amount: 5000, minimum_amount_currency: 'usd', currency_options: null }),
    });
    const f = diagnosePromotionCode(code, ctx({ currency: 'eur' })).reasons.find((r) => r.code === 'currency_mismatch');
    expect(f?.evidence).toEqual({
      restriction: 'minimum_amount',
      currency: 'eur',
      accepted_currencies: ['usd'],
      currency_options_known: false,
    });
    expect(f?.message).toContain('expand them to be sure');
  });
});
