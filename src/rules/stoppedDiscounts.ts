/**
 * Why a discount stopped: the discounts that applied to a subscription's latest invoice but are
 * no longer on the subscription, and those whose removal an event recorded (`--history`), each
 * with the cause Stripe documents. Pure: the clock is `ctx.at`, the objects are given.
 *
 * Stripe's facts, each with its source and how sure it is:
 * - A coupon's `duration` is "how long a customer who applies this coupon will get the discount":
 *   `once`, `repeating` (for `duration_in_months`) or `forever` (stripe-node types/Coupons.d.ts;
 *   https://docs.stripe.com/api/coupons/object#coupon_object-duration). A `discount.end` is set
 *   only for `repeating`: "If the coupon has a duration of once or forever, this attribute will be
 *   null" (types/Discounts.d.ts). Documented. So a `once` discount gone after the invoice it
 *   applied to, and a `repeating` one gone after its `end`, ended as planned.
 * - "Coupons are ignored, and not counted as redeemed, when applied to zero-cost invoices"
 *   (https://docs.stripe.com/changelog/2013-10-29/coupons-apply-invoice-total-balance). Documented;
 *   that the `once` discount is spent on that invoice all the same is inferred from its being gone.
 * - On a subscription update, "A populated array [of discounts] overwrites the existing discounts
 *   on the subscription. If not specified or empty array, it leaves the subscription's discounts
 *   unchanged. If empty string, it clears the subscription's discounts"
 *   (types/Subscriptions.d.ts, SubscriptionUpdateParams.discounts). Documented.
 * - "Deleting a coupon does not affect any customers who have already applied the coupon; it
 *   means that new customers can't redeem the coupon" (https://docs.stripe.com/api/coupons/delete).
 *   Documented. A deleted coupon therefore never stops a discount by itself; it stops the
 *   discount from being applied again (Stripe answers "No such coupon: '…'").
 */
import { isoTime } from '../format/time.js';
import type { EventHistory, HistoryEvent } from '../model/events.js';
import type { CouponLink, Discount, Id, Subscription } from '../model/types.js';
import type { RedemptionContext } from './context.js';
import { detect, type Detection, type DiscountStopCause, type EvidenceByCode } from './findings.js';

/** A discount that no longer applies, where it was, and why (its detections). */
export interface StoppedDiscountFacts {
  readonly discount: Discount;
  readonly attached_to: { readonly type: 'subscription' | 'customer'; readonly id: Id | null };
  readonly detections: readonly Detection<'discount_stopped'>[];
}

/** Coupons read apart from the discounts (live: the coupons of stopped discounts), by id. */
export type CouponsById = ReadonlyMap<Id, CouponLink>;

const sameDiscount = (a: Discount, b: Discount): boolean =>
  a.id !== null && b.id !== null ? a.id === b.id : a.coupon !== null && a.coupon.id === b.coupon?.id;

function couponOf(discount: Discount, coupons: CouponsById): CouponLink | null {
  const link = discount.coupon;
  if (link === null) return null;
  if (link.kind === 'reference') return coupons.get(link.id) ?? link;
  return link;
}

/** The removal of this discount among the events, if the events were read. */
function removalOf(discount: Discount, history: EventHistory | null): HistoryEvent | null {
  if (history === null || discount.id === null) return null;
  return history.events.find((e) => e.change === 'removed' && e.object_id === discount.id) ?? null;
}

interface Seen {
  readonly invoice: { id: Id; subtotal: number | null; currency: string | null } | null;
  /** The discounts on the subscription now (for replacement). */
  readonly current: readonly Discount[];
}

function causeOf(
  discount: Discount,
  coupon: CouponLink | null,
  seen: Seen,
  removal: HistoryEvent | null,
  ctx: RedemptionContext,
): DiscountStopCause {
  const duration = coupon?.kind === 'coupon' ? coupon.duration : discount.end !== null ? 'repeating' : null;
  if (duration === 'once') return seen.invoice?.subtotal === 0 ? 'zero_total_invoice' : 'once_used';
  const endedBy = removal?.created ?? ctx.at;
  if (discount.end !== null && discount.end <= endedBy) return 'repeating_ended';
  // Discounts that came after it: on the subscription now, and not on the invoice it was seen on.
  if (seen.current.length > 0) return 'replaced_by_update';
  if (duration === 'forever' || (duration === 'repeating' && discount.end !== null)) return 'removed';
  // An automatic removal of a discount whose duration is unknown: Stripe ended it, as planned or not.
  return removal?.actor === 'automatic' ? 'unknown' : duration === null ? 'unknown' : 'removed';
}

function stoppedDetection(
  discount: Discount,
  coupons: CouponsById,
  seen: Seen,
  history: EventHistory | null,
  ctx: RedemptionContext,
): Detection<'discount_stopped'> {
  const coupon = couponOf(discount, coupons);
  const removal = removalOf(discount, history);
  const cause = causeOf(discount, coupon, seen, removal, ctx);
  const evidence: EvidenceByCode['discount_stopped'] = {
    cause,
    coupon: coupon?.id ?? null,
    duration: coupon?.kind === 'coupon' ? coupon.duration : null,
    duration_in_months: coupon?.kind === 'coupon' ? coupon.duration_in_months : null,
    end: discount.end,
    end_iso: discount.end === null ? null : isoTime(discount.end),
    invoice: seen.invoice?.id ?? null,
    invoice_subtotal: seen.invoice?.subtotal ?? null,
    currency: seen.invoice?.currency ?? null,
    replaced_by: cause === 'replaced_by_update' ? seen.current.map((d) => d.id ?? d.coupon?.id ?? 'discount') : [],
    coupon_deleted: coupon?.kind === 'deleted',
    removal_event: history === null ? 'not_read' : removal ? 'found' : 'none_in_window',
    removed_at: removal?.created ?? null,
    removed_at_iso: removal?.created_iso ?? null,
    removed_by: removal?.actor ?? null,
    request_id: removal?.request_id ?? null,
  };
  return detect('discount_stopped', discount.id ?? 'discount', evidence);
}

/**
 * The discounts of a subscription that stopped: on its latest invoice and gone from it, then
 * those an event says were removed from it and the latest invoice does not show.
 */
export function stoppedOnSubscription(
  subscription: Subscription,
  ctx: RedemptionContext,
  coupons: CouponsById = new Map(),
  history: EventHistory | null = null,
): StoppedDiscountFacts[] {
  const invoice = subscription.latest_invoice ?? null;
  const current = subscription.discounts;
  const attached_to = { type: 'subscription', id: subscription.id } as const;
  const stopped: StoppedDiscountFacts[] = [];
  if (invoice?.discounts_expanded) {
    const onInvoice = invoice.discounts;
    const added = current.filter((d) => !onInvoice.some((old) => sameDiscount(old, d)));
    for (const discount of onInvoice) {
      if (current.some((d) => sameDiscount(d, discount))) continue;
      const seen = {
        invoice: { id: invoice.id, subtotal: invoice.subtotal, currency: invoice.currency },
        current: added,
      };
      stopped.push({ discount, attached_to, detections: [stoppedDetection(discount, coupons, seen, history, ctx)] });
    }
  }
  for (const event of history?.events ?? []) {
    if (event.change !== 'removed' || event.subscription !== subscription.id) continue;
    if (stopped.some((s) => s.discount.id === event.object_id) || current.some((d) => d.id === event.object_id))
      continue;
    const discount = discountOfEvent(event);
    const seen = { invoice: null, current: current.filter((d) => d.start === null || d.start >= event.created) };
    stopped.push({ discount, attached_to, detections: [stoppedDetection(discount, coupons, seen, history, ctx)] });
  }
  return stopped;
}

/** A customer's own discounts (not a subscription's) that an event says were removed. */
export function stoppedOnCustomer(
  customer: { id: Id; discount: Discount | null },
  ctx: RedemptionContext,
  coupons: CouponsById = new Map(),
  history: EventHistory | null = null,
): StoppedDiscountFacts[] {
  const attached_to = { type: 'customer', id: customer.id } as const;
  return (history?.events ?? [])
    .filter((e) => e.change === 'removed' && e.subscription === null && e.object_id !== customer.discount?.id)
    .map((event) => {
      const discount = discountOfEvent(event);
      const current = customer.discount && (customer.discount.start ?? 0) >= event.created ? [customer.discount] : [];
      return {
        discount,
        attached_to,
        detections: [stoppedDetection(discount, coupons, { invoice: null, current }, history, ctx)],
      };
    });
}

/** What an event tells of the discount it removed (its full object is not kept in the history). */
function discountOfEvent(event: HistoryEvent): Discount {
  return {
    kind: 'discount',
    id: event.object_id,
    coupon: event.coupon === null ? null : { kind: 'reference', id: event.coupon },
    promotion_code: null,
    customer: event.customer,
    subscription: event.subscription,
    subscription_item: null,
    invoice: null,
    invoice_item: null,
    checkout_session: null,
    start: event.discount_start,
    end: event.discount_end,
  };
}

/** The coupon ids a stopped discount needs read to know its duration (live: one GET each). */
export function couponsToRead(subscriptions: readonly Subscription[], history: EventHistory | null): Id[] {
  const ids = new Set<Id>();
  for (const s of subscriptions) {
    const invoice = s.latest_invoice;
    if (!invoice?.discounts_expanded) continue;
    for (const d of invoice.discounts) {
      if (d.coupon?.kind === 'reference' && !s.discounts.some((now) => sameDiscount(now, d))) ids.add(d.coupon.id);
    }
  }
  for (const e of history?.events ?? []) if (e.change === 'removed' && e.coupon) ids.add(e.coupon);
  return [...ids];
}
