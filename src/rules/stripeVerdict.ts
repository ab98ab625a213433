/**
 * Stripe's own answer beside ours (`check --ask-stripe`): what was previewed, what Stripe said,
 * and whether it agrees with the diagnosis. A disagreement is the most valuable thing the tool
 * can report, so it is named as such; a refusal that only the preview's own shape causes
 * (invoice items refuse amount-restricted codes; a preview without a customer) is never one.
 */
import type { Verdict } from './findings.js';

/** What Stripe answered to the invoice preview, or why it was not asked. */
export interface StripeAnswer {
  /** null when Stripe was not asked (see `message`). */
  readonly accepted: boolean | null;
  /** Stripe's refusal message; for an acceptance or a question not asked, our sentence saying so. */
  readonly message: string | null;
  readonly request_id: string | null;
  /** One sentence: the order previewed, e.g. "a new subscription's first invoice of $40.00 for prod_A, customer cus_1". */
  readonly previewed: string;
  /** The refusal comes from the preview's shape, not from the code (see PreviewPlan.shapeRefusal). */
  readonly shape_caused?: boolean;
}

export type Comparison = 'agreement' | 'disagreement' | 'not_compared';

/** The JSON `stripe_verdict`: Stripe's answer and how it compares with the diagnosis. */
export interface StripeVerdict {
  /** Whether Stripe accepted the code in the preview; null when it was not asked or the preview's shape decided. */
  accepted: boolean | null;
  /** Stripe's message when it refused; else null. */
  message: string | null;
  /** Stripe's request id of the preview, to find it in the Dashboard's logs. */
  request_id: string | null;
  /** What was previewed, in one sentence. */
  previewed: string;
  comparison: Comparison;
  /** `stripe_refused`: Stripe refused what we found redeemable; `stripe_accepted`: Stripe accepted what we called blocking. */
  disagreement: 'stripe_refused' | 'stripe_accepted' | null;
  /** One sentence on the comparison. */
  summary: string;
}

export function compareWithStripe(verdict: Verdict, answer: StripeAnswer): StripeVerdict {
  const base = {
    accepted: answer.accepted,
    message: answer.accepted === false ? answer.message : null,
    request_id: answer.request_id,
    previewed: answer.previewed,
  };
  if (answer.accepted === null) {
    return {
      ...base,
      comparison: 'not_compared',
      disagreement: null,
      summary: answer.message ?? 'Stripe was not asked.',
    };
  }
  if (answer.accepted === false && answer.shape_caused === true) {
    return {
      ...base,
      accepted: null,
      comparison: 'not_compared',
      disagreement: null,
      summary: `Stripe refused the preview for a reason its shape causes, not this redemption: "${answer.message ?? ''}"; not compared.`,
    };
  }
  const weBlock = verdict === 'not_redeemable';
  if (answer.accepted && weBlock) {
    return {
      ...base,
      comparison: 'disagreement',
      disagreement: 'stripe_accepted',
      summary: 'Disagreement: Stripe accepted the code in the preview, but the diagnosis found it not redeemable.',
    };
  }
  if (!answer.accepted && !weBlock) {
    return {
      ...base,
      comparison: 'disagreement',
      disagreement: 'stripe_refused',
      summary: `Disagreement: Stripe refused the code with a message the diagnosis did not predict: "${answer.message ?? ''}".`,
    };
  }
  return {
    ...base,
    comparison: 'agreement',
    disagreement: null,
    summary: answer.accepted
      ? 'Agreement: Stripe accepted the code in the preview.'
      : `Agreement: Stripe refused the code too: "${answer.message ?? ''}".`,
  };
}
