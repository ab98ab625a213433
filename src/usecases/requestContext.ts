/**
 * The redemption context of a failed request pasted from the Dashboard log, for `explain`.
 */
import type { FailedRequest } from '../model/failedRequest.js';
import { isCustomerId } from '../model/read.js';
import type { RedemptionContext } from '../rules/context.js';

/**
 * A failed request carries its own context: who, what currency and amount, and when. A flag
 * given as well wins; the log's time beats "now" (the clock says nothing about a pasted log).
 */
/** Which context values the caller gave (flags, or the library's context): those win. */
export interface GivenTimeAndOrder {
  readonly at?: unknown;
  readonly amount?: unknown;
  readonly currency?: unknown;
}

export function requestContext(
  request: FailedRequest,
  ctx: RedemptionContext,
  flags: GivenTimeAndOrder,
): RedemptionContext {
  const r = request.redeemed;
  const amountGiven = flags.amount !== undefined || flags.currency !== undefined;
  return {
    ...ctx,
    at: flags.at === undefined && request.time !== null ? request.time : ctx.at,
    customer: ctx.customer ?? (r.customer !== null && isCustomerId(r.customer) ? r.customer : null),
    amount: amountGiven ? ctx.amount : r.amount,
    currency: amountGiven ? ctx.currency : r.currency,
    products: ctx.products.length > 0 ? ctx.products : [...r.products],
    api_version: ctx.api_version ?? request.api_version,
  };
}
