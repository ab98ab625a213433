/**
 * Refusals a request body predicts by itself (issue 17): Stripe refuses these requests whatever
 * the objects they name, for the shape of the request (two parameters that exclude each other, a
 * parameter the API version removed). promo-doctor reads the body of a failed request from the
 * Dashboard log; these rules judge it, so a changed request can be diagnosed again without
 * Stripe's answer to the old one (test/properties/trust.test.ts). Stripe's own answer, when it
 * names one of these, stays the authority (src/rules/diagnose.ts, diagnoseFailedRequest).
 *
 * Sources, one per rule, with how sure each is:
 * - allow_promotion_codes with discounts on a Checkout Session create: "You may only specify one
 *   of these parameters: allow_promotion_codes, discounts." (https://github.com/stripe/stripe-node/issues/2248,
 *   param allow_promotion_codes; Stripe staff in https://github.com/stripe/stripe-php/issues/1731:
 *   "the features are exclusive"; observed, sure). Passing the parameter at all counts, false
 *   included (https://github.com/laravel/cashier-stripe/issues/1134, a default allow_promotion_codes
 *   with a coupon; observed, medium sure).
 * - more than one entry in a Checkout Session's discounts: "Checkout Sessions supports up to one
 *   coupon or promotion code" (https://docs.stripe.com/payments/checkout/discounts; documented).
 * - coupon and promotion_code in one discount (an entry of discounts, or the old top-level pair):
 *   "You may only specify one of these parameters: coupon, promotion_code" (stripe-ruby-mock,
 *   lib/stripe_mock/request_handlers/subscriptions.rb, replaying Stripe; observed, medium sure).
 * - a top-level coupon or promotion_code on a Subscription, Subscription Schedule, Customer or
 *   Preview Invoice request from API version 2025-03-31: "We're removing the singular coupon and
 *   promotion_code parameters in favor of the discounts parameter"
 *   (https://docs.stripe.com/changelog/basil/2025-03-31/deprecate-singular-coupon-promotion-code;
 *   documented, sure); Stripe answers "Received unknown parameter: coupon".
 */
import type { DiscountParameters } from '../model/failedRequest.js';
import { detect, type Detection } from './findings.js';

/** A request as the Dashboard log shows it: its method, path, API version and discount parameters. */
export interface RequestShape {
  readonly method: string;
  readonly path: string;
  readonly api_version: string | null;
  readonly parameters: DiscountParameters;
}

/** The first API version without the top-level coupon and promotion_code parameters. */
export const DISCOUNTS_ONLY_VERSION = '2025-03-31';

/** Endpoints whose top-level coupon and promotion_code 2025-03-31 removed (the changelog's list). */
const REMOVED_ON =
  /^\/v1\/(subscriptions|subscription_schedules|customers|invoices\/create_preview|invoices\/upcoming)(\/|$)/;

/** The request's refusals that its own parameters decide, each about `id` (the request). */
export function requestDetections(request: RequestShape, id: string): Detection[] {
  if (request.method.toUpperCase() !== 'POST') return [];
  const { parameters: p, path } = request;
  const facts = { method: 'POST', path, api_version: request.api_version };
  const detections: Detection[] = [];
  const checkoutCreate = /^\/v1\/checkout\/sessions\/?$/.test(path);
  if (checkoutCreate && p.discounts.length > 0 && p.allow_promotion_codes)
    detections.push(
      detect('checkout_discounts_conflict', id, { request: facts, parameters: ['allow_promotion_codes', 'discounts'] }),
    );
  if (checkoutCreate && p.discounts.length > 1)
    detections.push(
      detect('checkout_single_discount', id, {
        request: facts,
        parameters: p.discounts.slice(1).map((_, i) => `discounts[${i + 1}]`),
      }),
    );
  const both = p.discounts.flatMap((e, i) => (e.coupon && e.promotion_code ? [i] : []));
  const topBoth = p.coupon && p.promotion_code;
  if (both.length > 0 || topBoth)
    detections.push(
      detect('coupon_and_promotion_code_conflict', id, {
        request: facts,
        parameters: [
          ...(topBoth ? ['coupon', 'promotion_code'] : []),
          ...both.flatMap((i) => [`discounts[${i}][coupon]`, `discounts[${i}][promotion_code]`]),
        ],
      }),
    );
  const version = request.api_version?.slice(0, 10) ?? null;
  const removed = [...(p.coupon ? ['coupon'] : []), ...(p.promotion_code ? ['promotion_code'] : [])];
  if (version !== null && version >= DISCOUNTS_ONLY_VERSION && REMOVED_ON.test(path) && removed.length > 0)
    detections.push(detect('discount_parameter_removed', id, { request: facts, parameters: removed }));
  return detections;
}
