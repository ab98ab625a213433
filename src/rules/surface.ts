/**
 * Where a code is redeemed, and what the redemption already carries. Stripe judges the same
 * code differently per surface: a minimum amount is refused on subscription updates, invoice
 * items and future phases (the customer portal updates subscriptions), a product restriction
 * refuses in Checkout but discounts nothing on a subscription or invoice
 * (https://docs.stripe.com/billing/subscriptions/coupons).
 */
import type { Id } from '../model/types.js';

/**
 * `subscription_item`: a discount on one item of a subscription (`items[][discounts]`, or
 * POST /v1/subscription_items); `schedule_phase`: a discount on a future phase of a subscription
 * schedule (`phases[][discounts]`, or on an item of a phase). Both are places a Billing discount
 * can sit ("Apply discounts to a subscription, subscription item, or invoice", and schedule
 * phases' `discounts`: stripe-node SubscriptionScheduleCreateParams.Phase.discounts; documented).
 */
export type Surface =
  | 'checkout'
  | 'payment_link'
  | 'subscription'
  | 'subscription_update'
  | 'invoice'
  | 'portal'
  | 'subscription_item'
  | 'schedule_phase';

/** In the order of `--surface`'s help; the two added by issue 20 come last, so older lists keep their order. */
export const SURFACES: readonly Surface[] = [
  'checkout',
  'payment_link',
  'subscription',
  'subscription_update',
  'invoice',
  'portal',
  'subscription_item',
  'schedule_phase',
];

/**
 * Surfaces that cannot check an amount restriction, so Stripe refuses a code with a minimum
 * there: subscription items, invoice items, subscription updates and future schedule phases;
 * the portal redeems codes on subscription updates (https://docs.stripe.com/billing/subscriptions/coupons,
 * Promotion codes: codes with amount restrictions cannot be applied to "subscription items,
 * invoice items, subscription updates, or future schedule phases"; documented, for all four).
 * Stripe's refusal reads "This promotion code cannot be redeemed on a subscription update
 * because it uses the `minimum_amount` restriction and the amount may change." (observed); the
 * wording on an item or a phase was not found verbatim.
 */
export const SURFACES_REFUSING_MINIMUM: readonly Surface[] = [
  'subscription_update',
  'portal',
  'invoice',
  'subscription_item',
  'schedule_phase',
];

/**
 * Surfaces where a product restriction that matches nothing is accepted and discounts $0: a
 * coupon's applies_to limits which items of a subscription or invoice it discounts
 * (https://docs.stripe.com/billing/subscriptions/coupons, "Set eligible products"). Checkout
 * and Payment Links refuse instead (product_not_eligible). A subscription item and a schedule
 * phase are Billing discounts like a subscription's, so they are judged alike (inferred: no
 * source says what Stripe does with an item's discount whose coupon excludes the item).
 */
export const SURFACES_DISCOUNTING_NOTHING: readonly Surface[] = [
  'subscription',
  'subscription_update',
  'invoice',
  'portal',
  'subscription_item',
  'schedule_phase',
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
