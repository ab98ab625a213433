/**
 * Short human descriptions of Stripe objects, shared by the human renderers.
 */
import { formatMoney } from '../format/money.js';
import type { Coupon, CouponLink, PromotionCodeLink } from '../model/types.js';

function couponAmount(coupon: Coupon): string {
  if (coupon.percent_off !== null) return `${coupon.percent_off}% off`;
  if (coupon.amount_off !== null && coupon.currency) return `${formatMoney(coupon.amount_off, coupon.currency)} off`;
  return 'discount';
}

function couponDuration(coupon: Coupon): string {
  if (coupon.duration === 'repeating' && coupon.duration_in_months !== null) {
    return `for ${coupon.duration_in_months} month${coupon.duration_in_months === 1 ? '' : 's'}`;
  }
  return coupon.duration;
}

export function couponSummary(link: CouponLink | null): string {
  if (link === null) return 'no coupon';
  if (link.kind === 'reference') return `coupon ${link.id} (not expanded)`;
  if (link.kind === 'deleted') return `coupon ${link.id} (deleted)`;
  const name = link.name ? ` "${link.name}"` : '';
  return `coupon ${link.id}${name}: ${couponAmount(link)}, ${couponDuration(link)}`;
}

export function promotionCodeSummary(link: PromotionCodeLink | null): string | null {
  if (link === null) return null;
  if (link.kind === 'promotion_code') return `promotion code ${link.code} (${link.id})`;
  return `promotion code ${link.id}${link.kind === 'deleted' ? ' (deleted)' : ''}`;
}

export function modeText(livemode: boolean | null): string | null {
  if (livemode === null) return null;
  return livemode ? 'live mode' : 'test mode';
}
