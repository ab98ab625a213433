/**
 * Findings read from Stripe's refusal instead of the objects (told apart by isStripeAnswer,
 * src/rules/findings.ts): the sentence that quotes Stripe for a code whose catalogue sentence needs object facts.
 */
import { CATALOGUE, quoteStripe } from './catalogue.js';
import { STRIPE_MESSAGES } from './stripeMessages.js';
import type { ReasonCode, StripeAnswer } from './findings.js';

/** "Stripe refused: "…"; that is: minimum amount not met." (and the codes it may also mean). */
export function stripeAnswerSentence(code: ReasonCode, answer: StripeAnswer): string {
  const meaning = [code, ...answer.ambiguous_with].map((c) => CATALOGUE[c].title.toLowerCase());
  const means =
    meaning.length === 1
      ? meaning[0]
      : `${meaning.slice(0, -1).join(', ')} or ${meaning.at(-1)} (Stripe's message does not tell them apart)`;
  const facing = /^No such promotion[ _]code:\s*'?([A-Za-z0-9-]+)/i.exec(answer.stripe_error.message)?.[1];
  const passed =
    answer.matched === 'no_such_promotion_code_customer_facing' && facing
      ? ` ${facing} is no promo_ id: it looks like the customer-facing code, passed where Stripe wants the id of the promotion code (promo_…).`
      : '';
  return `Stripe refused: ${quoteStripe(answer)}; that is: ${means}.${passed}`;
}

/** What to ask promo-doctor about Stripe's answer ("promo-doctor check SUMMER20"), from its entry of the message table. */
export function stripeAnswerHint(answer: StripeAnswer): string | null {
  const entry = STRIPE_MESSAGES.find((m) => m.id === answer.matched);
  const m = entry?.hint ? entry.pattern.exec(answer.stripe_error.message) : null;
  return entry?.hint && m ? entry.hint(m.slice(1).map((g) => g ?? '')) : null;
}

/** Stripe's answer with the note of its entry (what the message usually means), for the sentence. */
export function stripeAnswerNote(answer: StripeAnswer): string | null {
  return STRIPE_MESSAGES.find((m) => m.id === answer.matched)?.note ?? null;
}
