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
import { CATALOGUE, REASON_CODES } from './catalogue.js';
import { STRIPE_MESSAGES } from './stripeMessages.js';

/** Each code's `source_confidence`, from its catalogue entry (src/rules/catalogue.ts), where its source is cited. */
export const SOURCE_CONFIDENCE: { readonly [C in ReasonCode]: SourceConfidence } = Object.fromEntries(
  REASON_CODES.map((code) => [code, CATALOGUE[code].source_confidence]),
) as { readonly [C in ReasonCode]: SourceConfidence };

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
