/**
 * The explain use case: Stripe JSON of any API version -> its diagnoses. Pure: the context
 * carries the clock.
 */
import { normalizeEvent } from '../model/events.js';
import { parseStripeText, parseStripeValue, type ParsedInput } from '../model/input.js';
import type { Evaluated } from './evaluated.js';
import { InputError } from '../errors.js';
import { normalizedObjectContext, type ObjectContext } from '../model/objectContext.js';
import { nonDiscountError } from '../rules/nonDiscount.js';
import { contextOfObject, requireCurrencyForAmount, type GivenValues } from './forObject.js';
import type { Diagnosable } from '../model/diagnosable.js';
import { checkCommandFor } from '../model/failedRequest.js';
import type { RedemptionContext } from '../rules/context.js';
import {
  diagnoseCoupon,
  diagnoseCustomer,
  diagnoseDeletedCustomer,
  diagnosePromotionCode,
  diagnoseRemovedDiscount,
  diagnoseStandaloneDiscount,
  diagnoseFailedRequest,
  diagnoseOrder,
  diagnoseStripeError,
  diagnoseSubscription,
  type Diagnosis,
} from '../rules/diagnose.js';

/**
 * The context an item of explain's input is judged in: an object that says who redeems, for
 * how much, where and when (a Checkout Session, an invoice, a subscription, a customer, a failed
 * request) gives it through the one function `check --for` uses too (contextOfObject); each value
 * given overrides that value only.
 */
export function explainContext(
  item: Diagnosable,
  ctx: RedemptionContext,
  given: GivenValues,
  judgedOn: ObjectContext | null = null,
): RedemptionContext {
  refuseNonDiscountError(item);
  // The object the input says the item is judged on (a schedule's phase), else the item's own.
  const object = judgedOn ?? normalizedObjectContext(item);
  const merged = object === null ? ctx : contextOfObject(ctx, given, object).ctx;
  // A failed request's API version is the request's, unless one was given.
  const itemCtx =
    item.kind === 'failed_request' ? { ...merged, api_version: merged.api_version ?? item.api_version } : merged;
  requireCurrencyForAmount(itemCtx);
  return itemCtx;
}

/**
 * A Stripe error that is not about a discount (a declined card, a bad key, a rate limit…) is no
 * refusal to diagnose: one plain sentence, exit 2, never "Not redeemable" (issue 17, item 4).
 */
function refuseNonDiscountError(item: Diagnosable): void {
  const sentence =
    item.kind === 'stripe_error'
      ? nonDiscountError(item.error)
      : item.kind === 'failed_request'
        ? nonDiscountError(item.error, item.status)
        : null;
  if (sentence !== null) throw new InputError(sentence);
}

export function diagnose(item: Diagnosable, ctx: RedemptionContext): Diagnosis {
  switch (item.kind) {
    case 'promotion_code':
      return diagnosePromotionCode(item, ctx);
    case 'coupon':
      return diagnoseCoupon(item, ctx);
    case 'customer':
      return diagnoseCustomer(item, ctx);
    case 'subscription':
      return diagnoseSubscription(item, ctx);
    case 'discount':
      return diagnoseStandaloneDiscount(item, ctx);
    case 'stripe_error':
      return diagnoseStripeError(item, ctx);
    case 'failed_request':
      return diagnoseFailedRequest(item, ctx, checkCommandFor(item));
    case 'checkout_session':
    case 'payment_link':
    case 'invoice':
      return diagnoseOrder(item, ctx);
    case 'deleted_object':
      return item.object === 'coupon'
        ? diagnoseCoupon({ kind: 'deleted', id: item.id }, ctx)
        : diagnoseDeletedCustomer(item.id, ctx);
  }
}

/**
 * One object of a parsed input: as `diagnose`, but a discount in the event that removed it
 * (`customer.discount.deleted`) stopped then, so it says why, not that it applies.
 */
export function diagnoseParsed(item: Diagnosable, parsed: ParsedInput, ctx: RedemptionContext): Diagnosis {
  const removal = parsed.event && item.kind === 'discount' ? normalizeEvent(parsed.event) : null;
  if (removal?.change === 'removed' && item.kind === 'discount') return diagnoseRemovedDiscount(item, removal, ctx);
  return diagnose(item, ctx);
}

/**
 * Everything `explain` reads, given as a parsed value (an object, a list, a search result,
 * an event) or as text (the same as JSON, or a request log copied from the Dashboard): one
 * diagnosis per object inside. An event's `created` says when its object was read.
 */
export function diagnoseStripeInput(
  input: unknown,
  ctx: RedemptionContext,
  given: GivenValues & { readonly observedAt?: unknown },
): Evaluated[] {
  const parsed = typeof input === 'string' ? parseStripeText(input, 'The input') : parseStripeValue(input);
  const withTime =
    parsed.observedAt !== null && given.observedAt === undefined ? { ...ctx, observed_at: parsed.observedAt } : ctx;
  // An event says which API version its object was written with; a flag wins.
  const observed = parsed.apiVersion && !ctx.api_version ? { ...withTime, api_version: parsed.apiVersion } : withTime;
  return parsed.items.map((item, i) => {
    const itemCtx = explainContext(item, observed, given, parsed.judgedOn?.[i] ?? null);
    return { diagnosis: diagnoseParsed(item, parsed, itemCtx), ctx: itemCtx };
  });
}
