/**
 * Rules about a discount already applied to a customer or subscription. The key fact:
 * a coupon's `valid: false` stops new redemptions only; a discount already applied keeps
 * applying for its duration (`once`: the next invoice, `repeating`: until `end`,
 * `forever`: as long as it is attached). https://docs.stripe.com/billing/subscriptions/coupons
 */
import { isoTime } from '../format/time.js';
import type { Coupon, Discount } from '../model/types.js';
import { dateWithHint, deadline, defineRule, failed, notApplicable, passed } from './rule.js';
import type { RedemptionContext } from './context.js';
import { detect } from './findings.js';

function discountHasEnded(discount: Discount, ctx: RedemptionContext): boolean {
  return discount.end !== null && discount.end <= ctx.at;
}

/** Why a coupon takes no new redemptions, as of the evaluation time; null if it still does. */
function couponClosedState(coupon: Coupon, ctx: RedemptionContext): 'invalid' | null {
  const redeemedOut = coupon.max_redemptions !== null && coupon.times_redeemed >= coupon.max_redemptions;
  const pastRedeemBy = coupon.redeem_by !== null && coupon.redeem_by <= ctx.at;
  return !coupon.valid || redeemedOut || pastRedeemBy ? 'invalid' : null;
}

const discountEnd = defineRule<Discount>({
  id: 'discount.end',
  title: 'Discount end',
  run(discount, ctx) {
    if (discount.end === null) return notApplicable('no end date');
    const detail = `${discountHasEnded(discount, ctx) ? 'ended' : 'ends'} ${dateWithHint(discount.end, ctx)}`;
    if (!discountHasEnded(discount, ctx)) return passed(detail);
    return failed(
      detail,
      detect('discount_ended', discount.id ?? 'discount', {
        ...deadline('end', discount.end, ctx),
        coupon: discount.coupon?.id ?? null,
      }),
    );
  },
});

const discountCoupon = defineRule<Discount>({
  id: 'discount.coupon',
  title: 'Coupon still redeemable',
  run(discount, ctx) {
    const coupon = discount.coupon;
    if (coupon === null || coupon.kind === 'reference') return notApplicable('coupon not in the data');
    const state = coupon.kind === 'deleted' ? 'deleted' : couponClosedState(coupon, ctx);
    if (state === null) return passed(`${coupon.id} still takes new redemptions`);
    const detail = `${coupon.id} ${state === 'deleted' ? 'deleted' : 'closed to new redemptions'}`;
    // An ended discount is reported as ended; the coupon no longer matters to it.
    if (discountHasEnded(discount, ctx)) return passed(detail);
    const duration = coupon.kind === 'coupon' ? coupon.duration : null;
    const appliesUntil =
      discount.end !== null
        ? 'end'
        : duration === 'forever'
          ? 'forever'
          : duration === 'once'
            ? 'next_invoice'
            : 'unknown';
    return failed(
      detail,
      detect('discount_outlives_coupon', discount.id ?? 'discount', {
        coupon: coupon.id,
        coupon_state: state,
        duration,
        end: discount.end,
        end_iso: discount.end === null ? null : isoTime(discount.end),
        applies_until: appliesUntil,
      }),
    );
  },
});

export const DISCOUNT_RULES = [discountEnd, discountCoupon] as const;
