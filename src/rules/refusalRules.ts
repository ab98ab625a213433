/**
 * Stripe's refusal -> findings: its message matched against the table of messages Stripe
 * really sends (src/rules/stripeMessages.ts), Stripe's own text kept as the evidence. A
 * message that matches nothing is a finding too, quoting it: never dropped.
 */
import type { StripeErrorFacts } from '../model/types.js';
import { detect, type Detection, type ReasonCode, type StripeAnswer } from './findings.js';
import { otherModeAnswer } from './modeRules.js';
import { matchStripeMessage, type MessageMatch } from './stripeMessages.js';

/** What was being redeemed, when the request is known (a Dashboard log); ids only. */
export interface RefusalSubject {
  readonly promotion_code: string | null;
  readonly coupon: string | null;
  readonly customer: string | null;
  /** The API version the request used, from the log. */
  readonly api_version: string | null;
  /** The request started a trial (its first invoice is $0); absent when unknown. */
  readonly trial?: boolean;
  /**
   * The request redeemed where Stripe cannot check an amount: it updated an existing
   * subscription, or put the code on a subscription item or a schedule phase
   * (src/rules/surface.ts, SURFACES_REFUSING_MINIMUM); absent when unknown.
   */
  readonly subscription_update?: boolean;
}

export const NO_SUBJECT: RefusalSubject = { promotion_code: null, coupon: null, customer: null, api_version: null };

export function refusalDetections(error: StripeErrorFacts, subject: RefusalSubject, fallbackId: string): Detection[] {
  const match = matchStripeMessage(error.message, error.code);
  const answer = (matched: string, ambiguousWith: ReasonCode[] = []): StripeAnswer => ({
    stripe_error: { ...error },
    matched,
    ambiguous_with: ambiguousWith,
  });
  if (!match)
    return [
      detect('stripe_refusal_unrecognised', subject.promotion_code ?? subject.coupon ?? fallbackId, answer('none')),
    ];
  const [first, ...rest] = match.entry.means;
  const idFor = (code: ReasonCode): string => subjectId(code, match, subject) ?? fallbackId;
  if (first === 'livemode_mismatch') return [otherMode(match, error, idFor(first))];
  if (first === 'total_reduced_to_zero' || first === 'discount_parameter_removed')
    return [detect(first, idFor(first), { ...answer(match.entry.id), api_version: subject.api_version })];
  // The minimum-amount refusal of a request that started a trial, or updated a subscription (or
  // put the code on an item or a phase):
  // no amount could have passed, so the cause is the trial's $0 first invoice, or the surface
  // (src/rules/surface.ts cites Stripe), not the order's amount (issue 17, item 1).
  if (first === 'minimum_amount_not_met' && subject.trial === true)
    return [detect('trial_first_invoice_zero', idFor(first), answer(match.entry.id))];
  if (first === 'minimum_amount_not_met' && subject.subscription_update === true)
    return [detect('minimum_amount_refused_on_surface', idFor(first), answer(match.entry.id))];
  // Causes Stripe does not tell apart are mutually exclusive: one finding, under the first
  // code, whose evidence names the others (issue 17, item 5: "This coupon has expired" is
  // redeem_by passed or redemptions used up, never both counted as two reasons).
  // `first` is a union here; each of these codes takes Stripe's answer as evidence (EvidenceByCode).
  return [detect(first, idFor(first), answer(match.entry.id, rest) as never)];
}

/** The id a finding is about: the one Stripe's message names, else the one being redeemed. */
function subjectId(code: ReasonCode, match: MessageMatch, subject: RefusalSubject): string | null {
  const named =
    match.entry.id === 'coupon_expired' || match.entry.id.startsWith('no_such') ? match.groups[0] || null : null;
  if (code.startsWith('coupon_')) return named ?? subject.coupon;
  if (code === 'customer_has_prior_transactions') return subject.customer;
  return named ?? subject.promotion_code ?? subject.coupon;
}

/** "No such coupon: 'X'; a similar object exists in test mode, but a live mode key was used…" */
function otherMode(match: MessageMatch, error: StripeErrorFacts, fallbackId: string): Detection {
  const [, id, objectMode, keyMode] = match.groups;
  const mode = (m: string | undefined): 'test' | 'live' => (m?.toLowerCase() === 'live' ? 'live' : 'test');
  const query = id || fallbackId;
  return otherModeAnswer(query, mode(objectMode), mode(keyMode), error.message);
}
