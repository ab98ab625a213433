/**
 * Rules about a coupon itself: redeem_by, redemption limit, currencies of a fixed amount
 * off, product limits. `coupon_invalid` and `coupon_deleted` are decided in diagnose.ts,
 * because they depend on what the other checks found.
 */
import { formatMoney } from '../format/money.js';
import type { Coupon } from '../model/types.js';
import type { RedemptionContext } from './context.js';
import { dateWithHint, deadlineRule, defineRule, failed, notApplicable, passed, redemptionRule } from './rule.js';
import { detect, type Detection } from './findings.js';
import { productMismatch } from './surfaceRules.js';

const couponRedeemBy = deadlineRule<Coupon, 'redeem_by'>({
  id: 'coupon.redeem_by',
  title: 'Coupon redeem_by',
  field: 'redeem_by',
  passedCode: 'coupon_redeem_by_passed',
  soonCode: 'coupon_redeem_by_soon',
  absent: 'no redeem_by',
  describe: (at, ctx) => `until ${dateWithHint(at, ctx)}`,
});

const couponRedemptions = redemptionRule<Coupon>({
  id: 'coupon.max_redemptions',
  title: 'Coupon redemptions',
  reachedCode: 'coupon_max_redemptions_reached',
  nearlyCode: 'coupon_nearly_exhausted',
});

/** Currencies a fixed-amount coupon can discount: its own, plus `currency_options`. */
function amountOffCurrencies(coupon: Coupon): string[] {
  const own = coupon.currency ? [coupon.currency] : [];
  return [...new Set([...own, ...Object.keys(coupon.currency_options ?? {})])];
}

const couponCurrency = defineRule<Coupon>({
  id: 'coupon.currency',
  title: 'Coupon currency',
  run(coupon, ctx) {
    if (coupon.amount_off === null)
      return notApplicable(coupon.percent_off !== null ? `${coupon.percent_off}% off, any currency` : 'any currency');
    const accepted = amountOffCurrencies(coupon);
    // currency_options only comes back when expanded; without it we know the main currency only.
    const known = coupon.currency_options !== null;
    const detail = coupon.currency
      ? `${formatMoney(coupon.amount_off, coupon.currency)} off in ${accepted.map((c) => c.toUpperCase()).join(', ')}`
      : 'fixed amount off';
    if (ctx.currency === null) {
      return failed(
        detail,
        detect('currency_restricted', coupon.id, { accepted_currencies: accepted, currency_options_known: known }),
      );
    }
    if (!accepted.includes(ctx.currency)) {
      return failed(
        detail,
        detect('currency_mismatch', coupon.id, {
          restriction: 'amount_off',
          currency: ctx.currency,
          accepted_currencies: accepted,
          currency_options_known: known,
        }),
      );
    }
    return passed(detail);
  },
});

const couponProducts = defineRule<Coupon>({
  id: 'coupon.applies_to',
  title: 'Coupon products',
  run(coupon, ctx) {
    const eligible = coupon.applies_to_products ?? [];
    if (eligible.length === 0)
      return notApplicable(coupon.applies_to_products === null ? 'applies_to not in the data' : 'all products');
    const detail = `only ${eligible.join(', ')}`;
    if (ctx.products.length === 0)
      return failed(
        detail,
        detect('products_restricted', coupon.id, { applies_to_products: [...eligible] }),
        ...portalProducts(coupon, ctx, eligible),
      );
    if (!ctx.products.some((product) => eligible.includes(product))) {
      return failed(detail, productMismatch(coupon, ctx, eligible));
    }
    return passed(detail);
  },
});

/**
 * In the portal, with its configuration's products known and none of them the coupon's: a code
 * entered there can discount only what the subscription already has (portal_products_not_discounted,
 * inferred: see the catalogue). Unknown products (not in the data) say nothing.
 */
function portalProducts(coupon: Coupon, ctx: RedemptionContext, eligible: readonly string[]): Detection[] {
  const offered = ctx.surface === 'portal' ? (ctx.portal?.products ?? null) : null;
  if (offered === null || offered.length === 0 || offered.some((product) => eligible.includes(product))) return [];
  return [
    detect('portal_products_not_discounted', coupon.id, {
      configuration: ctx.portal!.configuration,
      portal_products: [...offered],
      applies_to_products: [...eligible],
    }),
  ];
}

export const COUPON_RULES = [couponRedeemBy, couponRedemptions, couponCurrency, couponProducts] as const;
