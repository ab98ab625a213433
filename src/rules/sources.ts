/**
 * How sure promo-doctor is of each reason code's claim about Stripe (`source_confidence` in
 * `reasons --json`, shown by `promo-doctor reasons CODE`), and Stripe's own error codes that
 * `promo-doctor reasons <stripe_error_code>` looks up. The source of each claim is cited at the
 * rule that makes it and in docs/reasons-sources.md.
 *
 * - documented: a Stripe document says it (docs.stripe.com, the API reference, stripe-node's types);
 * - observed: public reports show Stripe doing it (issues, integrations handling the error, mocks
 *   replaying it), no Stripe document does;
 * - inferred: promo-doctor's reading of documented behaviour, or a horizon of its own.
 */
import type { ReasonCode, SourceConfidence } from './findings.js';
import { STRIPE_MESSAGES } from './stripeMessages.js';

export const SOURCE_CONFIDENCE: { readonly [C in ReasonCode]: SourceConfidence } = {
  promotion_code_not_found: 'documented',
  promotion_code_inactive: 'documented',
  promotion_code_expired: 'documented',
  promotion_code_max_redemptions_reached: 'documented',
  coupon_deleted: 'documented',
  coupon_redeem_by_passed: 'documented',
  coupon_max_redemptions_reached: 'documented',
  coupon_invalid: 'documented',
  customer_mismatch: 'documented',
  // No document says a deleted customer cannot redeem; it follows from the object being gone.
  customer_deleted: 'inferred',
  // Documented, but the documents disagree on what counts (the evidence grades each item).
  customer_has_prior_transactions: 'documented',
  minimum_amount_not_met: 'documented',
  currency_mismatch: 'documented',
  // customer.currency is documented; the refusal with a coupon is seen in public reports.
  customer_currency_locked: 'observed',
  // Checkout's refusal (coupon_applies_to_nothing) is seen in public integrations, not documented.
  product_not_eligible: 'observed',
  minimum_amount_refused_on_surface: 'documented',
  // The minimum is checked on the first invoice: a public report of a $0 trial checkout.
  trial_first_invoice_zero: 'observed',
  checkout_discount_already_applied: 'documented',
  discount_limit_reached: 'documented',
  coupon_already_applied: 'documented',
  portal_promotion_codes_disabled: 'documented',
  promotion_codes_not_allowed: 'documented',
  discount_ended: 'documented',
  livemode_mismatch: 'observed',
  restricted_to_customer: 'documented',
  first_time_customers_only: 'documented',
  minimum_amount_required: 'documented',
  currency_restricted: 'documented',
  products_restricted: 'documented',
  coupon_not_checked: 'documented',
  // Horizons of promo-doctor's own (--warn-within, 10% left): no Stripe behaviour.
  promotion_code_expires_soon: 'inferred',
  coupon_redeem_by_soon: 'inferred',
  promotion_code_nearly_exhausted: 'inferred',
  coupon_nearly_exhausted: 'inferred',
  product_not_discounted: 'documented',
  minimum_amount_limits_surfaces: 'documented',
  discount_outlives_coupon: 'documented',
  discount_applied_to_nothing: 'documented',
  // Each case is documented (the coupons guide on durations, the invoice on a zero total); the
  // reading of the latest invoice and the events is promo-doctor's (docs/history.md).
  discount_stopped: 'documented',
  coupon_not_found: 'observed',
  coupon_and_promotion_code_conflict: 'observed',
  discount_parameter_removed: 'observed',
  checkout_discounts_conflict: 'observed',
  checkout_single_discount: 'documented',
  total_reduced_to_zero: 'observed',
  stripe_refusal_unrecognised: 'inferred',
};

/**
 * Stripe's error codes (`error.code`) that discount refusals carry, and the reason codes each
 * can mean. From the message table, plus codes seen without a message of the table:
 * - parameters_exclusive: stripe-node's enum of error codes (types, last_finalization_error.code)
 *   has it; "You may only specify one of these parameters: …" is its wording (inferred).
 */
const EXTRA_ERROR_CODES: Readonly<Record<string, readonly ReasonCode[]>> = {
  parameters_exclusive: ['checkout_discounts_conflict', 'coupon_and_promotion_code_conflict'],
  parameter_unknown: ['discount_parameter_removed'],
};

/** The reason codes a Stripe error code can mean, in catalogue order of the message table; empty when none. */
export function reasonsForStripeErrorCode(code: string): ReasonCode[] {
  const found = new Set<ReasonCode>();
  for (const m of STRIPE_MESSAGES) {
    if (m.stripe_code === code) for (const c of m.means) found.add(c);
  }
  if (code === 'resource_missing') found.add('livemode_mismatch');
  for (const c of EXTRA_ERROR_CODES[code] ?? []) found.add(c);
  return [...found];
}

/** Every Stripe error code `reasons` knows. */
export function knownStripeErrorCodes(): string[] {
  const codes = new Set<string>(Object.keys(EXTRA_ERROR_CODES));
  for (const m of STRIPE_MESSAGES) if (m.stripe_code) codes.add(m.stripe_code);
  return [...codes].sort();
}
