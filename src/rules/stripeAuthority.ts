/**
 * Stripe is the authority (issue 17, item 6). With `check --ask-stripe`, a preview that Stripe
 * refused for a discount reason, where the diagnosis found the code redeemable, makes the verdict
 * `not_redeemable` and adds the finding Stripe's message means (the rule promo-doctor lacked,
 * or stripe_refusal_unrecognised quoting Stripe); a refusal that is not about the discount (a
 * missing parameter, the preview's own shape) is "not compared", with Stripe's message. A preview
 * accepted where the diagnosis blocks keeps the diagnosis's verdict, the disagreement shown first.
 */
import type { Diagnosis } from './diagnose.js';
import { toFinding, verdictOf } from './diagnose.js';
import { refusalDetections } from './refusalRules.js';
import { matchStripeMessage } from './stripeMessages.js';
import type { StripeVerdict } from './stripeVerdict.js';

/**
 * Whether Stripe's refusal of the preview is about the discount: its message is one of the
 * refusals the table knows, or it names a promotion code, coupon or discount (Stripe's refusals
 * of a code do: src/rules/stripeMessages.ts cites them).
 */
export function isDiscountRefusal(message: string): boolean {
  return matchStripeMessage(message, null) !== null || /\b(promotion[ _]code|coupon|discount)/i.test(message);
}

export function withStripeAuthority(d: Diagnosis, verdict: StripeVerdict): Diagnosis {
  if (verdict.disagreement !== 'stripe_refused' || verdict.message === null) return { ...d, stripe_verdict: verdict };
  if (!isDiscountRefusal(verdict.message)) {
    return {
      ...d,
      stripe_verdict: {
        ...verdict,
        accepted: null,
        comparison: 'not_compared',
        disagreement: null,
        summary: `Stripe refused the preview for a reason that is not about the discount: "${verdict.message}"; not compared.`,
      },
    };
  }
  const subject = {
    promotion_code: d.selected ?? d.promotion_code?.id ?? null,
    coupon: d.promotion_code?.coupon?.id ?? null,
    customer: null,
    api_version: null,
  };
  const error = {
    message: verdict.message,
    type: 'invalid_request_error',
    code: null,
    param: null,
    request_log_url: null,
  };
  const added = refusalDetections(error, subject, verdict.request_id ?? 'stripe_preview').map((x) =>
    toFinding(x, subject),
  );
  const reasons = [...added, ...d.reasons];
  return {
    ...d,
    verdict: verdictOf(reasons),
    reasons,
    stripe_verdict: {
      ...verdict,
      summary: `Disagreement: Stripe refused the code with a message the diagnosis did not predict: "${verdict.message}"; Stripe decides: not redeemable (${added.map((f) => f.code).join(', ')}).`,
    },
  };
}
