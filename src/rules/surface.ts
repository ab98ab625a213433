/**
 * Where a code is redeemed, and what the redemption already carries. Stripe judges the same
 * code differently per surface: a minimum amount is refused on subscription updates, invoice
 * items and future phases (the customer portal updates subscriptions), a product restriction
 * refuses in Checkout but discounts nothing on a subscription or invoice
 * (https://docs.stripe.com/billing/subscriptions/coupons).
 */
import type { Id } from '../model/types.js';

export type Surface = 'checkout' | 'payment_link' | 'subscription' | 'subscription_update' | 'invoice' | 'portal';

export const SURFACES: readonly Surface[] = [
  'checkout',
  'payment_link',
  'subscription',
  'subscription_update',
  'invoice',
  'portal',
];

/**
 * Surfaces that cannot check an amount restriction, so Stripe refuses a code with a minimum
 * there: subscription updates, invoice items and future phases; the portal redeems codes on
 * subscription updates (https://docs.stripe.com/billing/subscriptions/coupons, "Cannot apply
 * with amount restrictions to subscription items, invoice items, subscription updates, or
 * future schedule phases"). Stripe's refusal reads "This promotion code cannot be redeemed on
 * a subscription update because it uses the `minimum_amount` restriction and the amount may change."
 */
export const SURFACES_REFUSING_MINIMUM: readonly Surface[] = ['subscription_update', 'portal', 'invoice'];

/**
 * Surfaces where a product restriction that matches nothing is accepted and discounts $0: a
 * coupon's applies_to limits which items of a subscription or invoice it discounts
 * (https://docs.stripe.com/billing/subscriptions/coupons, "Set eligible products"). Checkout
 * and Payment Links refuse instead (product_not_eligible).
 */
export const SURFACES_DISCOUNTING_NOTHING: readonly Surface[] = [
  'subscription',
  'subscription_update',
  'invoice',
  'portal',
];

/** Checkout takes one discount: "Currently, only up to one may be specified" (https://docs.stripe.com/api/checkout/sessions/create#create_checkout_session-discounts). */
export const SURFACES_WITH_ONE_DISCOUNT: readonly Surface[] = ['checkout', 'payment_link'];

/** "You can apply up to 20 discounts to a subscription, subscription item, or invoice" (https://docs.stripe.com/billing/subscriptions/coupons). */
export const STACKED_DISCOUNT_LIMIT = 20;

/** A discount the redemption already carries (from `--for`): the coupon and promotion code behind it. */
export interface ExistingDiscount {
  readonly id: Id | null;
  readonly coupon: Id | null;
  readonly promotion_code: Id | null;
}

/** What the customer portal allows (src/model/portal.ts). */
export type { PortalSettings } from '../model/portal.js';
