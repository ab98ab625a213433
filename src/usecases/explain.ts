/**
 * The explain use case: Stripe JSON of any API version -> its diagnoses. Pure: the context
 * carries the clock.
 */
import { parseStripeText, parseStripeValue } from '../model/input.js';
import type { Evaluated } from './evaluated.js';
import { requestContext, type GivenTimeAndOrder } from './requestContext.js';
import type { Diagnosable } from '../model/diagnosable.js';
import { checkCommandFor } from '../model/failedRequest.js';
import type { RedemptionContext } from '../rules/context.js';
import {
  diagnoseCoupon,
  diagnoseCustomer,
  diagnoseDeletedCustomer,
  diagnosePromotionCode,
  diagnoseStandaloneDiscount,
  diagnoseFailedRequest,
  diagnoseOrder,
  diagnoseStripeError,
  diagnoseSubscription,
  type Diagnosis,
} from '../rules/diagnose.js';

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
 * Everything `explain` reads, given as a parsed value (an object, a list, a search result,
 * an event) or as text (the same as JSON, or a request log copied from the Dashboard): one
 * diagnosis per object inside. An event's `created` says when its object was read.
 */
export function diagnoseStripeInput(
  input: unknown,
  ctx: RedemptionContext,
  given: GivenTimeAndOrder & { readonly observedAt?: unknown },
): Evaluated[] {
  const parsed = typeof input === 'string' ? parseStripeText(input, 'The input') : parseStripeValue(input);
  const withTime =
    parsed.observedAt !== null && given.observedAt === undefined ? { ...ctx, observed_at: parsed.observedAt } : ctx;
  // An event says which API version its object was written with; a flag wins.
  const observed = parsed.apiVersion && !ctx.api_version ? { ...withTime, api_version: parsed.apiVersion } : withTime;
  return parsed.items.map((item) => {
    // A failed request from a Dashboard log carries its own customer, amount and time, as in explain.
    const itemCtx = item.kind === 'failed_request' ? requestContext(item, observed, given) : observed;
    return { diagnosis: diagnose(item, itemCtx), ctx: itemCtx };
  });
}
