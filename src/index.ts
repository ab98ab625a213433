/**
 * promo-doctor as a library: the rules that decide whether Stripe will accept a promotion code
 * or coupon, as pure functions of Stripe objects and a redemption context.
 *
 * Loads neither the stripe SDK nor commander: give it objects you already have. To read them
 * from Stripe with a client you already have, import 'promo-doctor/stripe'.
 */
import { InputError } from './errors.js';
import { diagnosisDocument, type DiagnosisDocument } from './render/json.js';
import { diagnoseStripeInput } from './usecases/explain.js';
import { redemptionContext, type RedemptionInput } from './usecases/context.js';

export { InputError } from './errors.js';
export { CATALOGUE, REASON_CODES, type CatalogueEntry } from './rules/catalogue.js';
export {
  SEVERITIES,
  type EvidenceByCode,
  type Finding,
  type FindingObject,
  type ReasonCode,
  type Severity,
} from './rules/findings.js';
export type { RuleResult, DiagnosisTarget, Verdict } from './rules/diagnose.js';
export type { RedemptionInput } from './usecases/context.js';

/**
 * One diagnosis: the verdict, every finding (`reasons`) with its severity, message, fix and
 * evidence, the rule results (`checks`) and the objects looked at. The same document as
 * `promo-doctor ... --json` prints, described by schema/diagnosis.schema.json.
 */
export type Diagnosis = DiagnosisDocument;

/**
 * Diagnose one Stripe object of any API version: a promotion code (its coupon expanded or
 * not), a coupon, a customer, a subscription, a discount, a deleted object, or an event or
 * one-item list that wraps one; as a parsed value or as text (JSON, or a request log copied
 * from the Dashboard). Throws InputError for anything else, with one sentence saying why.
 */
export function diagnose(stripeObject: unknown, context: RedemptionInput): Diagnosis {
  const all = diagnoseEach(stripeObject, context);
  if (all.length !== 1)
    throw new InputError(`The input holds ${all.length} Stripe objects, not one: use diagnoseEach for lists.`);
  return all[0]!;
}

/** Diagnose every object in a list, a search result or an event (or the one object given). */
export function diagnoseEach(stripeInput: unknown, context: RedemptionInput): Diagnosis[] {
  const ctx = redemptionContext(context);
  const given = {
    at: context.at,
    ...(context.amount === undefined || context.amount === null ? {} : { amount: context.amount }),
    ...(context.currency === undefined || context.currency === null ? {} : { currency: context.currency }),
    ...(context.observedAt === undefined || context.observedAt === null ? {} : { observedAt: context.observedAt }),
  };
  return diagnoseStripeInput(stripeInput, ctx, given).map((e) => diagnosisDocument(e.diagnosis, e.ctx));
}
