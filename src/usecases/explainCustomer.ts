/**
 * The customer use case: the discounts on a customer and on its subscriptions
 * that still bill, each with its coupon and promotion code, and whether it still applies.
 * One round trip: the customer and its subscriptions (with their latest invoices) are read in
 * parallel, with the events of `--history` (at most two requests); a second one only when a
 * discount stopped and its coupon is only an id (one GET per coupon).
 */
import { InputError } from '../errors.js';
import { normalizeDiagnosable } from '../model/diagnosable.js';
import { normalizeCustomerLink, normalizeSubscription } from '../model/normalize.js';
import type { CouponLink, Customer, Subscription } from '../model/types.js';
import { couponsToRead } from '../rules/stoppedDiscounts.js';
import { historyOf, readEventPages } from './history.js';
import type { RedemptionContext } from '../rules/context.js';
import { diagnoseCustomer, diagnoseDeletedCustomer, diagnoseMissing, type Diagnosis } from '../rules/diagnose.js';
import { detect } from '../rules/findings.js';
import { CUSTOMER_EXPAND, type StripeReader } from '../stripe/reader.js';
import { inThisAccount, keyModeFacing } from './keyMode.js';

/** What `customer` may read besides the customer: the events of `--history`. */
export interface CustomerOptions {
  readonly history?: boolean;
}

export async function diagnoseCustomerById(
  reader: StripeReader,
  id: string,
  ctx: RedemptionContext,
  options: CustomerOptions = {},
): Promise<Diagnosis> {
  const [lookup, subscriptions, pages] = await Promise.all([
    reader.customer(id, CUSTOMER_EXPAND),
    reader.billingSubscriptions(id),
    readEventPages(reader, options.history === true, ctx.observed_at),
  ]);
  if (lookup.status === 'not_found') throw new InputError(`No customer ${id} ${inThisAccount(reader)}.`);
  if (lookup.status === 'other_mode') {
    const detection = detect(
      'livemode_mismatch',
      id,
      {
        query: id,
        key_mode: keyModeFacing(reader, lookup.mode),
        object_mode: lookup.mode,
        stripe_message: lookup.message,
      },
      'customer',
    );
    return diagnoseMissing(detection, { type: 'customer', id }, ctx);
  }
  const customer = normalizeCustomerLink(lookup.object, 'customer');
  if (customer.kind !== 'customer') {
    return diagnoseDeletedCustomer(id, ctx);
  }
  const normalized = subscriptions.map(normalizeSubscription);
  const history = historyOf(pages, { customer: id, coupons: couponIdsOf(customer, normalized) }, ctx.observed_at);
  // Round trip 2, only when a discount stopped: its coupon (an id on the invoice) says its duration.
  const coupons = await readCoupons(reader, couponsToRead(normalized, history));
  return diagnoseCustomer({ ...customer, subscriptions: normalized }, ctx, { coupons, history });
}

/** Every coupon the customer's discounts name, now or on a latest invoice: their events belong to its history. */
function couponIdsOf(customer: Customer, subscriptions: readonly Subscription[]): string[] {
  const discounts = [
    ...(customer.discount ? [customer.discount] : []),
    ...subscriptions.flatMap((s) => [...s.discounts, ...(s.latest_invoice?.discounts ?? [])]),
  ];
  return [...new Set(discounts.flatMap((d) => (d.coupon ? [d.coupon.id] : [])))];
}

/**
 * The coupons of stopped discounts, in parallel; a coupon Stripe no longer has ("No such
 * coupon") was deleted: it was on an invoice, so it existed.
 */
async function readCoupons(reader: StripeReader, ids: readonly string[]): Promise<Map<string, CouponLink>> {
  const lookups = await Promise.all(ids.map((id) => reader.coupon(id)));
  const coupons = new Map<string, CouponLink>();
  lookups.forEach((lookup, i) => {
    const id = ids[i]!;
    if (lookup.status === 'found') {
      const coupon = normalizeDiagnosable(lookup.object);
      if (coupon.kind === 'coupon') coupons.set(id, coupon);
    } else if (lookup.status === 'not_found') coupons.set(id, { kind: 'deleted', id });
  });
  return coupons;
}
