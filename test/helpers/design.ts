/**
 * The reason table of README, Reason catalogue, and the surfaces of docs/cli.md, copied by hand,
 * in their order. Tests compare the code with this, never the code with itself: a severity
 * changed in the catalogue, or a surface dropped, must fail here.
 */
import type { ReasonCode, Severity } from '../../src/rules/findings.js';
import type { Surface } from '../../src/rules/surface.js';

export const DESIGN_SEVERITY: Readonly<Record<ReasonCode, Severity>> = {
  promotion_code_not_found: 'blocking',
  promotion_code_inactive: 'blocking',
  promotion_code_expired: 'blocking',
  promotion_code_max_redemptions_reached: 'blocking',
  coupon_deleted: 'blocking',
  coupon_redeem_by_passed: 'blocking',
  coupon_max_redemptions_reached: 'blocking',
  coupon_invalid: 'blocking',
  customer_mismatch: 'blocking',
  customer_deleted: 'blocking',
  customer_has_prior_transactions: 'blocking',
  minimum_amount_not_met: 'blocking',
  currency_mismatch: 'blocking',
  // Issue 20: the customer's currency lock, from Stripe's message or customer.currency.
  customer_currency_locked: 'blocking',
  product_not_eligible: 'blocking',
  minimum_amount_refused_on_surface: 'blocking',
  trial_first_invoice_zero: 'blocking',
  checkout_discount_already_applied: 'blocking',
  discount_limit_reached: 'blocking',
  coupon_already_applied: 'blocking',
  portal_promotion_codes_disabled: 'blocking',
  // Issue 20: a Checkout Session or Payment Link without allow_promotion_codes.
  promotion_codes_not_allowed: 'blocking',
  discount_ended: 'blocking',
  livemode_mismatch: 'blocking',
  restricted_to_customer: 'conditional',
  first_time_customers_only: 'conditional',
  minimum_amount_required: 'conditional',
  currency_restricted: 'conditional',
  products_restricted: 'conditional',
  coupon_not_checked: 'conditional',
  // Issue 17: a deadline within the uncertainty of a time with no zone (a Dashboard log's Time).
  evaluation_time_uncertain: 'conditional',
  // Issue 17: --surface portal without the portal's configuration (offline).
  portal_configuration_not_read: 'conditional',
  promotion_code_expires_soon: 'warning',
  coupon_redeem_by_soon: 'warning',
  promotion_code_nearly_exhausted: 'warning',
  coupon_nearly_exhausted: 'warning',
  portal_products_not_discounted: 'warning',
  product_not_discounted: 'warning',
  minimum_amount_limits_surfaces: 'info',
  discount_outlives_coupon: 'info',
  // Why a discount that applied no longer does: history, never the verdict (issue 20).
  discount_stopped: 'info',
  // A discount Stripe accepted that took nothing off a Checkout Session or invoice (issue 10).
  discount_applied_to_nothing: 'warning',
  // Read from Stripe's refusal messages (issue 10), not from the objects.
  coupon_not_found: 'blocking',
  // Issue 20: wordings people paste.
  coupon_and_promotion_code_conflict: 'blocking',
  discount_parameter_removed: 'blocking',
  checkout_discounts_conflict: 'blocking',
  checkout_single_discount: 'blocking',
  total_reduced_to_zero: 'blocking',
  stripe_refusal_unrecognised: 'blocking',
};

/** The values of `--surface`, in the order of its help (docs/cli.md), copied by hand as above. */
export const DESIGN_SURFACES: readonly Surface[] = [
  'checkout',
  'payment_link',
  'subscription',
  'subscription_update',
  'invoice',
  'portal',
  'subscription_item',
  'schedule_phase',
];
