/**
 * Rules that depend on where the code is redeemed (`--surface`, `--trial`) and on what the
 * redemption already carries (existing discounts, the portal's settings). Without a surface
 * the verdict is for a new redemption, and a refusal that only some surfaces make is `info`.
 * Stripe's behaviour per surface is cited in src/rules/surface.ts.
 */
import { formatMoney } from '../format/money.js';
import type { Coupon, PromotionCode } from '../model/types.js';
import { minimums } from './amountRules.js';
import { defineRule, failed, notApplicable, passed } from './rule.js';
import type { RedemptionContext } from './context.js';
import { detect, type CurrencyMinimum, type Detection } from './findings.js';
import {
  STACKED_DISCOUNT_LIMIT,
  SURFACES_DISCOUNTING_NOTHING,
  SURFACES_REFUSING_MINIMUM,
  SURFACES_WITH_ONE_DISCOUNT,
  type ExistingDiscount,
} from './surface.js';

/** The minimums that matter for this order: the one of its currency if known, else all. */
function relevantMinimums(code: PromotionCode, ctx: RedemptionContext): CurrencyMinimum[] {
  const all = minimums(code).map((m) => ({ currency: m.currency, minimum_amount: m.minimum_amount }));
  const own = all.filter((m) => m.currency === ctx.currency);
  return own.length > 0 ? own : all;
}

/** Minimum amounts against the surface and a trial. */
function amountOnSurface(
  code: PromotionCode,
  ctx: RedemptionContext,
): { detail: string | null; detections: Detection[] } {
  const surface = ctx.surface ?? null;
  const found = relevantMinimums(code, ctx);
  if (found.length === 0) return { detail: null, detections: [] };
  const detections: Detection[] = [];
  if (surface === null)
    detections.push(
      detect('minimum_amount_limits_surfaces', code.id, {
        refused_on: [...SURFACES_REFUSING_MINIMUM],
        minimums: found,
      }),
    );
  else if (SURFACES_REFUSING_MINIMUM.includes(surface))
    detections.push(detect('minimum_amount_refused_on_surface', code.id, { surface, minimums: found }));
  // Stripe checks the minimum on the first invoice, which a trial makes zero.
  if (ctx.trial === true)
    detections.push(
      detect('trial_first_invoice_zero', code.id, { trial: true, minimums: found, first_invoice_amount: 0 }),
    );
  return { detail: `minimum ${found.map((m) => formatMoney(m.minimum_amount, m.currency)).join(' or ')}`, detections };
}

function alreadyApplied(code: PromotionCode, existing: readonly ExistingDiscount[]): Detection | null {
  const couponId = code.coupon?.id ?? null;
  if (couponId === null) return null;
  const sameCode = existing.find((d) => d.promotion_code === code.id);
  if (sameCode)
    return detect('coupon_already_applied', couponId, {
      coupon: couponId,
      matched_by: 'promotion_code',
      existing_discount: sameCode,
    });
  const sameCoupon = existing.find((d) => d.coupon === couponId);
  if (sameCoupon)
    return detect('coupon_already_applied', couponId, {
      coupon: couponId,
      matched_by: 'coupon',
      existing_discount: sameCoupon,
    });
  return null;
}

/** The discounts already on the session, subscription or invoice (from `--for`). */
function stacking(code: PromotionCode, ctx: RedemptionContext): { detail: string | null; detections: Detection[] } {
  const existing = ctx.existing_discounts ?? null;
  if (existing === null) return { detail: null, detections: [] };
  const surface = ctx.surface ?? null;
  const detections: Detection[] = [];
  if (surface !== null && SURFACES_WITH_ONE_DISCOUNT.includes(surface) && existing.length > 0) {
    detections.push(
      detect('checkout_discount_already_applied', code.id, { surface, existing_discounts: [...existing] }),
    );
  } else if (existing.length >= STACKED_DISCOUNT_LIMIT) {
    detections.push(
      detect('discount_limit_reached', code.id, {
        surface,
        existing_count: existing.length,
        limit: STACKED_DISCOUNT_LIMIT,
      }),
    );
  }
  const duplicate = alreadyApplied(code, existing);
  if (duplicate) detections.push(duplicate);
  return {
    detail:
      existing.length === 0
        ? 'no discount yet'
        : `${existing.length} discount${existing.length === 1 ? '' : 's'} already`,
    detections,
  };
}

/** In the portal, whether its configuration lets customers enter a code at all. */
function portalSettings(
  code: PromotionCode,
  ctx: RedemptionContext,
): { detail: string | null; detections: Detection[] } {
  if (ctx.surface !== 'portal') return { detail: null, detections: [] };
  const portal = ctx.portal ?? null;
  // Missing data is never a yes: without its configuration, whether the portal takes codes is unknown.
  if (portal === null)
    return {
      detail: 'portal configuration not read',
      detections: [detect('portal_configuration_not_read', code.id, { missing: ['features.subscription_update'] })],
    };
  if (portal.subscription_update_enabled && portal.default_allowed_updates.includes('promotion_code')) {
    return { detail: `${portal.configuration} takes codes`, detections: [] };
  }
  const evidence = {
    configuration: portal.configuration,
    subscription_update_enabled: portal.subscription_update_enabled,
    default_allowed_updates: [...portal.default_allowed_updates],
  };
  return {
    detail: `${portal.configuration} takes no codes`,
    detections: [detect('portal_promotion_codes_disabled', code.id, evidence)],
  };
}

/**
 * The Checkout Session or Payment Link (`--for`) shows no field for a code: nobody can type
 * one there (https://docs.stripe.com/api/checkout/sessions/create#create_checkout_session-allow_promotion_codes,
 * documented). A session that already carries a discount is the one-discount case instead.
 */
function codeField(ctx: RedemptionContext): { detail: string | null; detections: Detection[] } {
  const field = ctx.code_field ?? null;
  if (field === null) return { detail: null, detections: [] };
  if (field.allow_promotion_codes === true) return { detail: 'takes codes', detections: [] };
  if ((ctx.existing_discounts ?? []).length > 0) return { detail: null, detections: [] };
  return {
    detail: 'no field for a code',
    detections: [
      detect('promotion_codes_not_allowed', field.order, {
        order: field.order,
        order_type: field.order_type,
        allow_promotion_codes: field.allow_promotion_codes,
      }),
    ],
  };
}

/** The first API version whose Checkout accepts no-cost orders. */
export const NO_COST_ORDERS_VERSION = '2023-08-16';

/**
 * Before API version 2023-08-16 Checkout refused a discount that brings a one-time order to zero:
 * "You must be on API version 2023-08-16 or later to process no-cost orders using the Checkout
 * Sessions API" (https://docs.stripe.com/payments/checkout/no-cost-orders, documented); the refusal
 * reads "This promotion code cannot be applied because it reduces the total to zero…"
 * (https://github.com/enupal/stripe/issues/393, observed). Predicted in Checkout and on Payment
 * Links (which open Checkout Sessions) when the API version is known and the coupon takes 100%,
 * or a fixed amount at least the order's, off. Versions compare as their dates.
 */
function noCostOrder(code: PromotionCode, ctx: RedemptionContext): { detail: string | null; detections: Detection[] } {
  const version = ctx.api_version ?? null;
  const surface = ctx.surface ?? null;
  const coupon = code.coupon?.kind === 'coupon' ? code.coupon : null;
  if (version === null || coupon === null || (surface !== 'checkout' && surface !== 'payment_link'))
    return { detail: null, detections: [] };
  if (version.slice(0, 10) >= NO_COST_ORDERS_VERSION) return { detail: `API ${version}`, detections: [] };
  const whole =
    coupon.percent_off === 100 ||
    (coupon.amount_off !== null &&
      ctx.amount !== null &&
      coupon.currency === ctx.currency &&
      coupon.amount_off >= ctx.amount);
  if (!whole) return { detail: `API ${version}`, detections: [] };
  return {
    detail: `API ${version}, no-cost order`,
    detections: [
      detect('total_reduced_to_zero', code.id, {
        api_version: version,
        surface,
        percent_off: coupon.percent_off,
        amount_off: coupon.amount_off,
        amount: ctx.amount,
        currency: ctx.currency,
      }),
    ],
  };
}

/**
 * One row for everything the surface decides: amounts the surface cannot check, a trial,
 * the discounts already there, and the portal's settings.
 */
export const promotionCodeSurface = defineRule<PromotionCode>({
  id: 'promotion_code.surface',
  title: 'Surface',
  run(code, ctx) {
    const parts = [
      codeField(ctx),
      noCostOrder(code, ctx),
      amountOnSurface(code, ctx),
      stacking(code, ctx),
      portalSettings(code, ctx),
    ];
    const surface = ctx.surface ?? null;
    const where = surface === null ? 'new redemption' : surface.replace('_', ' ');
    const facts = parts.map((p) => p.detail).filter((d): d is string => d !== null);
    const detail = [where + (ctx.trial === true ? ' with a trial' : ''), ...facts].join(', ');
    const detections = parts.flatMap((p) => p.detections);
    if (detections.length > 0) return failed(detail, ...detections);
    // Nothing surface-specific to judge: the row says so rather than claiming a pass.
    return facts.length === 0 && surface === null && ctx.trial !== true ? notApplicable('any surface') : passed(detail);
  },
});

/**
 * None of the order's products is eligible: Checkout refuses the code (product_not_eligible),
 * a subscription or invoice accepts it and discounts nothing (product_not_discounted).
 */
export function productMismatch(coupon: Coupon, ctx: RedemptionContext, eligible: readonly string[]): Detection {
  const surface = ctx.surface ?? null;
  if (surface !== null && SURFACES_DISCOUNTING_NOTHING.includes(surface)) {
    return detect('product_not_discounted', coupon.id, {
      surface,
      products: [...ctx.products],
      applies_to_products: [...eligible],
    });
  }
  return detect('product_not_eligible', coupon.id, { products: [...ctx.products], applies_to_products: [...eligible] });
}

/** The promotion-code rules of this family, in the order of the rule results (src/rules/registry.ts). */
export const SURFACE_RULES = [promotionCodeSurface] as const;
