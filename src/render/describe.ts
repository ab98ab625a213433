/**
 * Short human descriptions of Stripe objects, shared by the human renderers.
 */
import { formatMoney } from '../format/money.js';
import type { Coupon, PromotionCodeLink } from '../model/types.js';

/**
 * "$10.00 off in USD, CA$13.00 in CAD": the amount in every currency the coupon has
 * (`currency_options`, https://docs.stripe.com/api/coupons/object#coupon_object-currency_options).
 */
export function couponAmount(coupon: Coupon): string {
  if (coupon.percent_off !== null) return `${coupon.percent_off}% off`;
  if (coupon.amount_off !== null && coupon.currency) {
    const main = `${formatMoney(coupon.amount_off, coupon.currency)} off`;
    const others = Object.entries(coupon.currency_options ?? {})
      .filter(([currency]) => currency !== coupon.currency)
      .map(([currency, option]) => `${formatMoney(option.amount_off, currency)} in ${currency.toUpperCase()}`);
    return others.length === 0 ? main : `${main} in ${coupon.currency.toUpperCase()}, ${others.join(', ')}`;
  }
  return 'discount';
}

/** "$50.00 in USD or €45.00 in EUR": every minimum of a promotion code. */
export function minimumsText(minimums: ReadonlyArray<{ currency: string; minimum_amount: number }>): string {
  return minimums
    .map((m) => `${formatMoney(m.minimum_amount, m.currency)} in ${m.currency.toUpperCase()}`)
    .join(' or ');
}

export function couponDuration(coupon: Coupon): string {
  if (coupon.duration === 'repeating' && coupon.duration_in_months !== null) {
    return `for ${coupon.duration_in_months} month${coupon.duration_in_months === 1 ? '' : 's'}`;
  }
  return coupon.duration;
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
