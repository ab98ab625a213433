/**
 * `check --ask-stripe`: build the preview like the surface judged (src/rules/previewPlan.ts),
 * send it (src/stripe/askStripe.ts), and attach Stripe's answer to the diagnosis, compared
 * with our verdict (src/rules/stripeVerdict.ts). A disagreement is also said on stderr, so it
 * shows even when stdout goes to a file or jq.
 */
import { displayText, SENTENCE_MAX } from '../format/display.js';
import type { RedemptionContext } from '../rules/context.js';
import type { Diagnosis } from '../rules/diagnose.js';
import { previewPlan } from '../rules/previewPlan.js';
import { withStripeAuthority } from '../rules/stripeAuthority.js';
import { compareWithStripe, type StripeAnswer } from '../rules/stripeVerdict.js';
import { sendInvoicePreview } from '../stripe/askStripe.js';
import type { StripeReader } from '../stripe/reader.js';
import { write, type Streams } from './io.js';

async function askStripe(
  reader: StripeReader,
  promotionCode: string,
  ctx: RedemptionContext,
  debug: ((line: string) => void) | null,
): Promise<StripeAnswer> {
  const plan = previewPlan(promotionCode, ctx);
  if ('unavailable' in plan)
    return { accepted: null, message: plan.unavailable, request_id: null, previewed: 'nothing' };
  const outcome = await sendInvoicePreview(reader, plan.params, debug, plan.previewed);
  if (outcome.accepted)
    return { accepted: true, message: null, request_id: outcome.requestId, previewed: plan.previewed };
  const message = plan.needsCustomer(outcome.message)
    ? `${outcome.message} (the cross-check needs --customer)`
    : outcome.message;
  return {
    accepted: false,
    message,
    request_id: outcome.requestId,
    previewed: plan.previewed,
    shape_caused: plan.shapeRefusal(outcome.message),
  };
}

export async function withStripeVerdict(
  reader: StripeReader,
  d: Diagnosis,
  ctx: RedemptionContext,
  debug: ((line: string) => void) | null,
  io: Pick<Streams, 'stderr'>,
): Promise<Diagnosis> {
  // The code whose verdict the top level reports: the one selected among shared ones, else the one found.
  const promotionCode = d.selected ?? d.promotion_code?.id ?? null;
  const answer: StripeAnswer =
    promotionCode === null
      ? {
          accepted: null,
          message: 'Stripe was not asked: there is no promotion code to preview.',
          request_id: null,
          previewed: 'nothing',
        }
      : await askStripe(reader, promotionCode, ctx, debug);
  // Stripe is the authority: its refusal for a discount reason decides (src/rules/stripeAuthority.ts).
  const judged = withStripeAuthority(d, compareWithStripe(d.verdict, answer));
  const stripe_verdict = judged.stripe_verdict!;
  if (stripe_verdict.comparison === 'disagreement')
    await write(io.stderr, `promo-doctor: ${displayText(stripe_verdict.summary, SENTENCE_MAX)}\n`);
  return judged;
}
