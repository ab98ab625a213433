/**
 * Live reads ask Stripe to expand the fields it returns only on request (coupon
 * `applies_to` and `currency_options`, the code's `restrictions.currency_options`:
 * https://docs.stripe.com/api/coupons/object#coupon_object-applies_to, "includable"). After
 * such a read an absent field means "none" (any product, no other currency), not
 * "unknown" as it does in a payload pasted into explain.
 */
import type { JsonObject } from './read.js';
import { normalizePromotionCode } from './normalize.js';
import type { Coupon, CouponLink, PromotionCode } from './types.js';

export function withExpansionsRead(coupon: Coupon): Coupon {
  return {
    ...coupon,
    applies_to_products: coupon.applies_to_products ?? [],
    currency_options: coupon.currency_options ?? {},
  };
}

function linkWithExpansionsRead(link: CouponLink | null): CouponLink | null {
  return link?.kind === 'coupon' ? withExpansionsRead(link) : link;
}

function promotionCodeWithExpansionsRead(code: PromotionCode): PromotionCode {
  return {
    ...code,
    coupon: linkWithExpansionsRead(code.coupon),
    restrictions: { ...code.restrictions, currency_options: code.restrictions.currency_options ?? {} },
  };
}

/** A promotion code read with PROMOTION_CODE_EXPAND (src/stripe/reader.ts), normalised. */
export function normalizeLivePromotionCode(raw: JsonObject): PromotionCode {
  return promotionCodeWithExpansionsRead(normalizePromotionCode(raw));
}
