/**
 * A Checkout Session or invoice and the discounts on it: a discount Stripe accepted that took
 * nothing off. Stripe accepts a coupon whose applies_to.products matches no item and simply
 * discounts nothing (https://docs.stripe.com/billing/subscriptions/coupons, "Limit eligible
 * products"), so the order, not a refusal, is the only place this shows.
 */
import type { AppliedDiscount, Order } from '../model/order.js';
import { detect, type Detection } from './findings.js';

const linkId = (link: { id: string } | null): string | null => link?.id ?? null;

export function appliedToNothing(order: Order, applied: AppliedDiscount): Detection[] {
  const { discount } = applied;
  const coupon =
    linkId(discount.coupon) ??
    (discount.promotion_code?.kind === 'promotion_code' ? linkId(discount.promotion_code.coupon) : null);
  const promotionCode = linkId(discount.promotion_code);
  const byOrder = applied.amount === 0;
  // Every line says what each discount took off it, and none names this one with an amount.
  const byLines =
    applied.amount === null &&
    order.lines !== null &&
    order.lines.length > 0 &&
    order.lines.every((line) => line.discount_amounts !== null) &&
    !order.lines.some((line) =>
      line.discount_amounts!.some(
        (a) =>
          a.amount > 0 &&
          ((discount.id !== null && a.discount === discount.id) || (coupon !== null && a.coupon === coupon)),
      ),
    );
  if (!byOrder && !byLines) return [];
  const couponObject =
    discount.coupon?.kind === 'coupon'
      ? discount.coupon
      : discount.promotion_code?.kind === 'promotion_code' && discount.promotion_code.coupon?.kind === 'coupon'
        ? discount.promotion_code.coupon
        : null;
  const id = discount.id ?? promotionCode ?? coupon ?? order.id;
  return [
    detect('discount_applied_to_nothing', id, {
      order: order.id,
      order_type: order.kind === 'invoice' ? 'invoice' : 'checkout_session',
      coupon,
      promotion_code: promotionCode,
      amount_discounted: byOrder ? 0 : null,
      line_products: order.lines ? order.lines.map((l) => l.product).filter((p): p is string => p !== null) : null,
      applies_to_products: couponObject?.applies_to_products ? [...couponObject.applies_to_products] : null,
    }),
  ];
}

/**
 * A Checkout Session or Payment Link created without `allow_promotion_codes` shows the customer
 * no field to type a code: "Enables user redeemable promotion codes" is the only way a customer
 * enters one on Stripe's page, and its default is false
 * (https://docs.stripe.com/api/checkout/sessions/create#create_checkout_session-allow_promotion_codes,
 * https://docs.stripe.com/api/payment_links/payment_links/create#create_payment_link-allow_promotion_codes;
 * documented). A session that already carries a discount is the one-discount case instead
 * (checkout_discount_already_applied). Unknown (the field not in the payload) says nothing.
 */
export function noCodeField(order: Order): Detection[] {
  if (order.kind === 'invoice' || order.discounts.length > 0) return [];
  const allow = order.allow_promotion_codes;
  if (allow === true || allow === undefined) return [];
  return [
    detect('promotion_codes_not_allowed', order.id, {
      order: order.id,
      order_type: order.kind,
      allow_promotion_codes: allow,
    }),
  ];
}
