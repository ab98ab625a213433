/**
 * Several causes at once, the "explained" rules (promotion_code_inactive, coupon_invalid),
 * the verdict rules and the order of findings.
 */
import { describe, expect, it } from 'vitest';
import type { PromotionCode } from '../../src/model/types.js';
import type { RedemptionContext } from '../../src/rules/context.js';
import {
  diagnoseCoupon,
  diagnosePromotionCode,
  diagnoseStandaloneDiscount,
  verdictOf,
} from '../../src/rules/diagnose.js';
import type { Severity } from '../../src/rules/findings.js';
import { AT, DAY, codes, coupon, ctx, discount, history, promo, restrictions } from '../helpers/model.js';

const RANK: Record<Severity, number> = { blocking: 0, conditional: 1, warning: 2, info: 3 };

describe('several causes at once', () => {
  it('expired + redeemed out + coupon past redeem_by: all three, not_redeemable', () => {
    const code = promo({
      active: false,
      expires_at: AT - 2 * DAY,
      max_redemptions: 50,
      times_redeemed: 50,
      coupon: coupon({ redeem_by: AT - DAY, valid: false }),
    });
    const d = diagnosePromotionCode(code, ctx());
    expect(codes(d.reasons).sort()).toEqual([
      'coupon_redeem_by_passed',
      'promotion_code_expired',
      'promotion_code_max_redemptions_reached',
    ]);
    expect(d.verdict).toBe('not_redeemable');
    expect(d.reasons.every((r) => r.severity === 'blocking')).toBe(true);
  });

  it('reports every applicable finding, of every severity, not just the first', () => {
    const code = promo({
      customer: { kind: 'reference', id: 'cus_A' },
      expires_at: AT + DAY,
      max_redemptions: 10,
      times_redeemed: 9,
      restrictions: restrictions({
        first_time_transaction: true,
        minimum_amount: 1000,
        minimum_amount_currency: 'usd',
      }),
      coupon: coupon({ max_redemptions: 3, times_redeemed: 3, applies_to_products: ['prod_A'] }),
    });
    const d = diagnosePromotionCode(code, ctx());
    expect(codes(d.reasons).sort()).toEqual(
      [
        'coupon_max_redemptions_reached',
        'first_time_customers_only',
        'minimum_amount_required',
        'minimum_amount_limits_surfaces',
        'products_restricted',
        'promotion_code_expires_soon',
        'promotion_code_nearly_exhausted',
        'restricted_to_customer',
      ].sort(),
    );
    expect(d.verdict).toBe('not_redeemable');
  });
});

describe('promotion_code_inactive only when nothing else explains active: false', () => {
  const explained: Array<[string, PromotionCode]> = [
    ['expired', promo({ active: false, expires_at: AT - DAY })],
    ['redeemed out', promo({ active: false, max_redemptions: 5, times_redeemed: 5 })],
    ['coupon deleted', promo({ active: false, coupon: { kind: 'deleted', id: 'GONE' } })],
    ['coupon past redeem_by', promo({ active: false, coupon: coupon({ redeem_by: AT - DAY }) })],
    ['coupon redeemed out', promo({ active: false, coupon: coupon({ max_redemptions: 2, times_redeemed: 2 }) })],
    ['coupon invalid', promo({ active: false, coupon: coupon({ valid: false }) })],
  ];

  it.each(explained)('%s explains it', (_label, code) => {
    const d = diagnosePromotionCode(code, ctx());
    expect(codes(d.reasons)).not.toContain('promotion_code_inactive');
    expect(d.verdict).toBe('not_redeemable');
    expect(d.reasons.length).toBeGreaterThan(0);
  });

  const notExplaining: Array<[string, PromotionCode, RedemptionContext, string]> = [
    [
      'customer_mismatch',
      promo({ active: false, customer: { kind: 'reference', id: 'cus_A' } }),
      ctx({ customer: 'cus_B' }),
      'customer_mismatch',
    ],
    [
      'minimum_amount_not_met',
      promo({ active: false, restrictions: restrictions({ minimum_amount: 5000, minimum_amount_currency: 'usd' }) }),
      ctx({ amount: 100, currency: 'usd' }),
      'minimum_amount_not_met',
    ],
    [
      'currency_mismatch',
      promo({
        active: false,
        coupon: coupon({ percent_off: null, amount_off: 500, currency: 'usd', currency_options: {} }),
      }),
      ctx({ currency: 'eur' }),
      'currency_mismatch',
    ],
    [
      'product_not_eligible',
      promo({ active: false, coupon: coupon({ applies_to_products: ['prod_A'] }) }),
      ctx({ products: ['prod_B'] }),
      'product_not_eligible',
    ],
    [
      'customer_has_prior_transactions',
      promo({ active: false, restrictions: restrictions({ first_time_transaction: true }) }),
      ctx({
        customer: 'cus_1',
        history: history('cus_1', [{ object: 'invoice', id: 'in_1', status: 'paid', created: AT - DAY }]),
      }),
      'customer_has_prior_transactions',
    ],
    ['a warning (expires soon)', promo({ active: false, expires_at: AT + DAY }), ctx(), 'promotion_code_expires_soon'],
  ];

  it.each(notExplaining)('%s does not explain it', (_label, code, context, other) => {
    const reasons = codes(diagnosePromotionCode(code, context).reasons);
    expect(reasons).toContain('promotion_code_inactive');
    expect(reasons).toContain(other);
  });

  it('an active code with a deleted coupon gets no promotion_code_inactive', () => {
    expect(
      codes(diagnosePromotionCode(promo({ active: true, coupon: { kind: 'deleted', id: 'GONE' } }), ctx()).reasons),
    ).toEqual(['coupon_deleted']);
  });

  it('observed_at: with --at before expires_at but the data read after it, an inactive code is not "deactivated"', () => {
    // Evaluated as of 3 days ago, read now; the code expired yesterday, so Stripe's
    // active: false is explained by that expiry, not by someone deactivating it.
    const code = promo({ active: false, expires_at: AT - DAY });
    const d = diagnosePromotionCode(code, ctx({ at: AT - 3 * DAY, observed_at: AT }));
    expect(codes(d.reasons)).not.toContain('promotion_code_inactive');
    expect(codes(d.reasons)).not.toContain('promotion_code_expired');
    expect(codes(d.reasons)).toContain('promotion_code_expires_soon');
  });

  it('observed_at: a coupon whose redeem_by passed between --at and the read explains both valid: false and active: false', () => {
    const code = promo({ active: false, coupon: coupon({ valid: false, redeem_by: AT - DAY }) });
    const d = diagnosePromotionCode(code, ctx({ at: AT - 3 * DAY, observed_at: AT }));
    expect(codes(d.reasons)).not.toContain('promotion_code_inactive');
    expect(codes(d.reasons)).not.toContain('coupon_invalid');
    expect(codes(d.reasons)).not.toContain('coupon_redeem_by_passed');
    expect(codes(d.reasons)).toContain('coupon_redeem_by_soon');
  });

  it('observed_at: when the data was read before expires_at too, active: false is unexplained', () => {
    const code = promo({ active: false, expires_at: AT + DAY });
    const d = diagnosePromotionCode(code, ctx({ at: AT - 3 * DAY, observed_at: AT }));
    expect(codes(d.reasons)).toContain('promotion_code_inactive');
  });

  it('the checks table marks an explained active: false neither pass nor fail', () => {
    const d = diagnosePromotionCode(promo({ active: false, expires_at: AT - DAY }), ctx());
    const check = d.checks.find((c) => c.id === 'promotion_code.active');
    expect(check?.status).toBe('not_applicable');
    const unexplained = diagnosePromotionCode(promo({ active: false }), ctx()).checks.find(
      (c) => c.id === 'promotion_code.active',
    );
    expect(unexplained?.status).toBe('blocking');
  });
});

describe('coupon_invalid only when valid: false is otherwise unexplained', () => {
  it('valid: false alone', () => {
    expect(codes(diagnoseCoupon(coupon({ valid: false }), ctx()).reasons)).toEqual(['coupon_invalid']);
  });

  it('explained by redeem_by passed', () => {
    expect(codes(diagnoseCoupon(coupon({ valid: false, redeem_by: AT - DAY }), ctx()).reasons)).toEqual([
      'coupon_redeem_by_passed',
    ]);
  });

  it('explained by max_redemptions reached', () => {
    expect(
      codes(diagnoseCoupon(coupon({ valid: false, max_redemptions: 1, times_redeemed: 1 }), ctx()).reasons),
    ).toEqual(['coupon_max_redemptions_reached']);
  });

  it('not explained by a currency, product or warning finding', () => {
    const c = coupon({
      valid: false,
      percent_off: null,
      amount_off: 500,
      currency: 'usd',
      currency_options: {},
      applies_to_products: ['prod_A'],
      max_redemptions: 10,
      times_redeemed: 9,
    });
    const reasons = codes(diagnoseCoupon(c, ctx({ currency: 'eur', products: ['prod_B'] })).reasons);
    expect(reasons).toContain('coupon_invalid');
    expect(reasons).toContain('currency_mismatch');
    expect(reasons).toContain('product_not_eligible');
    expect(reasons).toContain('coupon_nearly_exhausted');
  });

  it('valid: true with a passed redeem_by is still reported (flags are as read, the clock is --at)', () => {
    expect(codes(diagnoseCoupon(coupon({ valid: true, redeem_by: AT - DAY }), ctx()).reasons)).toEqual([
      'coupon_redeem_by_passed',
    ]);
  });
});

describe('verdict', () => {
  it('no finding: redeemable', () => {
    const d = diagnosePromotionCode(promo(), ctx());
    expect(d.reasons).toEqual([]);
    expect(d.verdict).toBe('redeemable');
  });

  it('warnings alone: redeemable', () => {
    const d = diagnosePromotionCode(promo({ expires_at: AT + DAY, max_redemptions: 10, times_redeemed: 9 }), ctx());
    expect(d.reasons.map((r) => r.severity)).toEqual(['warning', 'warning']);
    expect(d.verdict).toBe('redeemable');
  });

  it('info alone: redeemable', () => {
    const d = diagnoseStandaloneDiscount(discount({ coupon: coupon({ valid: false }) }), ctx());
    expect(d.reasons.map((r) => r.severity)).toEqual(['info']);
    expect(d.verdict).toBe('redeemable');
  });

  it('a conditional with warnings: conditional', () => {
    const d = diagnosePromotionCode(
      promo({ expires_at: AT + DAY, customer: { kind: 'reference', id: 'cus_A' } }),
      ctx(),
    );
    expect(d.verdict).toBe('conditional');
  });

  it('a blocking finding with conditionals: not_redeemable', () => {
    const d = diagnosePromotionCode(
      promo({ expires_at: AT - DAY, customer: { kind: 'reference', id: 'cus_A' } }),
      ctx(),
    );
    expect(d.verdict).toBe('not_redeemable');
  });

  it.each([
    [[], 'redeemable'],
    [['info'], 'redeemable'],
    [['warning', 'info'], 'redeemable'],
    [['warning', 'conditional'], 'conditional'],
    [['info', 'blocking', 'conditional'], 'not_redeemable'],
  ] as Array<[Severity[], string]>)('verdictOf(%j) = %s', (severities, verdict) => {
    expect(verdictOf(severities.map((severity) => ({ severity })))).toBe(verdict);
  });

  it('findings are sorted most severe first', () => {
    // The checks run in the order expiry (warning), redemptions (warning), customer
    // (conditional), minimum (conditional), then coupon (blocking): the output reverses that.
    const d = diagnosePromotionCode(
      promo({
        expires_at: AT + DAY,
        max_redemptions: 10,
        times_redeemed: 9,
        customer: { kind: 'reference', id: 'cus_A' },
        restrictions: restrictions({ minimum_amount: 100, minimum_amount_currency: 'usd' }),
        coupon: coupon({ max_redemptions: 1, times_redeemed: 1 }),
      }),
      ctx(),
    );
    const ranks = d.reasons.map((r) => RANK[r.severity]);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(d.reasons[0]?.code).toBe('coupon_max_redemptions_reached');
    // A minimum amount also brings the info finding about surfaces that refuse it: last.
    expect(d.reasons.at(-1)?.code).toBe('minimum_amount_limits_surfaces');
    expect(new Set(d.reasons.map((r) => r.severity))).toEqual(new Set(['blocking', 'conditional', 'warning', 'info']));
  });

  it('the diagnosis carries the target, the evaluation time and the objects', () => {
    const code = promo();
    const d = diagnosePromotionCode(code, ctx());
    expect(d.target).toEqual({ type: 'promotion_code', id: 'promo_1', code: 'SUMMER20' });
    expect(d.evaluated_at).toBe(AT);
    expect(d.promotion_code).toBe(code);
    expect(d.coupon).toBe(code.coupon);
  });
});

describe('promotion_code_inactive when the coupon is only an id', () => {
  it('says the coupon could not be checked, rather than that no coupon problem explains it', () => {
    const code = promo({ active: false, coupon: { kind: 'reference', id: 'SPRING25' } });
    const finding = diagnosePromotionCode(code, ctx()).reasons.find((r) => r.code === 'promotion_code_inactive');
    expect(finding?.evidence).toEqual({ active: false, coupon_checked: false });
    expect(finding?.message).toContain('its coupon was not in the data and may be the cause');
    expect(finding?.fix).not.toContain('Reactivate');
  });
});
