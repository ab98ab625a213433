/**
 * Rules about a coupon itself: redeem_by, redemption limit, currencies of a fixed amount
 * off, product limits. `coupon_invalid` and `coupon_deleted` are decided in diagnose.ts,
 * because they depend on what the other checks found.
 */
import { formatMoney } from '../format/money.js';
import type { Coupon } from '../model/types.js';
import { dateWithHint, deadline, deadlineState, defineCheck, failed, notApplicable, passed, redemptionState, soon } from './check.js';
import { detect } from './findings.js';

export const couponRedeemBy = defineCheck<Coupon>({
  id: 'coupon.redeem_by',
  title: 'Coupon redeem_by',
  run(coupon, ctx) {
    if (coupon.redeem_by === null) return notApplicable('no redeem_by');
    const detail = `until ${dateWithHint(coupon.redeem_by, ctx)}`;
    switch (deadlineState(coupon.redeem_by, ctx)) {
      case 'passed':
        return failed(detail, detect('coupon_redeem_by_passed', coupon.id, deadline('redeem_by', coupon.redeem_by, ctx)));
      case 'soon':
        return failed(detail, detect('coupon_redeem_by_soon', coupon.id, soon('redeem_by', coupon.redeem_by, ctx)));
      case 'later':
        return passed(detail);
    }
  },
});

export const couponRedemptions = defineCheck<Coupon>({
  id: 'coupon.max_redemptions',
  title: 'Coupon redemptions',
  run(coupon) {
    if (coupon.max_redemptions === null) return notApplicable(`${coupon.times_redeemed} used, no limit`);
    const { state, count } = redemptionState(coupon.times_redeemed, coupon.max_redemptions);
    const detail = `${count.times_redeemed} of ${count.max_redemptions} used`;
    if (state === 'reached') return failed(detail, detect('coupon_max_redemptions_reached', coupon.id, count));
    if (state === 'nearly') return failed(detail, detect('coupon_nearly_exhausted', coupon.id, count));
    return passed(detail);
  },
});

/** Currencies a fixed-amount coupon can discount: its own, plus `currency_options`. */
export function amountOffCurrencies(coupon: Coupon): string[] {
  const own = coupon.currency ? [coupon.currency] : [];
  return [...new Set([...own, ...Object.keys(coupon.currency_options ?? {})])];
}

export const couponCurrency = defineCheck<Coupon>({
  id: 'coupon.currency',
  title: 'Coupon currency',
  run(coupon, ctx) {
    if (coupon.amount_off === null) return notApplicable(coupon.percent_off !== null ? `${coupon.percent_off}% off, any currency` : 'any currency');
    const accepted = amountOffCurrencies(coupon);
    // currency_options only comes back when expanded; without it we know the main currency only.
    const known = coupon.currency_options !== null;
    const detail = coupon.currency ? `${formatMoney(coupon.amount_off, coupon.currency)} off in ${accepted.map((c) => c.toUpperCase()).join(', ')}` : 'fixed amount off';
    if (ctx.currency === null) {
      return failed(detail, detect('currency_restricted', coupon.id, { accepted_currencies: accepted, currency_options_known: known }));
    }
    if (!accepted.includes(ctx.currency)) {
      return failed(
        detail,
        detect('currency_mismatch', coupon.id, { restriction: 'amount_off', currency: ctx.currency, accepted_currencies: accepted, currency_options_known: known }),
      );
    }
    return passed(detail);
  },
});

export const couponProducts = defineCheck<Coupon>({
  id: 'coupon.applies_to',
  title: 'Coupon products',
  run(coupon, ctx) {
    const eligible = coupon.applies_to_products ?? [];
    if (eligible.length === 0) return notApplicable(coupon.applies_to_products === null ? 'applies_to not in the data' : 'all products');
    const detail = `only ${eligible.join(', ')}`;
    if (ctx.products.length === 0) return failed(detail, detect('products_restricted', coupon.id, { applies_to_products: [...eligible] }));
    if (!ctx.products.some((product) => eligible.includes(product))) {
      return failed(detail, detect('product_not_eligible', coupon.id, { products: [...ctx.products], applies_to_products: [...eligible] }));
    }
    return passed(detail);
  },
});

export const COUPON_CHECKS = [couponRedeemBy, couponRedemptions, couponCurrency, couponProducts] as const;
