/**
 * A live object given to `--for` -> the redemption context it implies: who is redeeming, in
 * what currency, for how much, which products, and which discounts are already applied.
 * A Checkout Session or invoice says all of it; a subscription its customer, currency, items
 * and their prices; a customer only itself (and its currency, once it has one).
 */
import { isStripeId } from '../format/ids.js';
import { InputError } from '../errors.js';
import { normalizeCustomerLink, normalizeSubscription } from './normalize.js';
import { normalizeCheckoutSession, normalizeInvoice, normalizePaymentLink, type Order } from './order.js';
import { Fields, isObject, type JsonObject } from './read.js';
import type { Diagnosable } from './diagnosable.js';
import type { Discount } from './types.js';
import { requestSurface, type FailedRequest } from './failedRequest.js';

export type ContextObjectType =
  | 'checkout_session'
  | 'payment_link'
  | 'invoice'
  | 'subscription'
  | 'subscription_schedule'
  | 'customer';

/** What a redemption context can be read from: a `--for` object, or a failed request of a Dashboard log. */
export type ContextSourceType = ContextObjectType | 'failed_request';

export interface ObjectContext {
  readonly type: ContextSourceType;
  readonly id: string;
  readonly customer: string | null;
  readonly currency: string | null;
  /** In `currency`'s smallest unit, before discounts. */
  readonly amount: number | null;
  readonly products: readonly string[];
  readonly existing_discounts: ReadonlyArray<{
    readonly coupon: string | null;
    readonly promotion_code: string | null;
  }>;
  /**
   * The object is in a trial, so the invoice a redemption lands on is a $0 trial invoice: a
   * subscription whose status is `trialing`
   * (https://docs.stripe.com/api/subscriptions/object#subscription_object-status). Sessions,
   * invoices and customers do not say so on the object.
   */
  readonly trial: boolean;
  /** Where the redemption happens, when the object says (a failed request's path); else from its type. */
  readonly surface?: ReturnType<typeof requestSurface>;
  /** When the redemption happened, when the object says (a failed request's time); else null. */
  readonly at?: number | null;
  /**
   * A Checkout Session or Payment Link: whether its page has a field for a code
   * (`allow_promotion_codes`; null as Stripe sends it when never set). Undefined elsewhere, or
   * when the object does not carry the field.
   */
  readonly allow_promotion_codes?: boolean | null | undefined;
}

/** The object type an id names, by Stripe's prefixes; null when it is none `--for` reads. */
export function contextObjectType(id: string): ContextObjectType | null {
  // Ids are opaque (src/format/ids.ts): the prefix says the type, the rest is Stripe's.
  if (isStripeId(id, 'cs_')) return 'checkout_session';
  if (isStripeId(id, 'plink_')) return 'payment_link';
  if (isStripeId(id, 'in_')) return 'invoice';
  // sub_sched_ before sub_: a schedule's id starts with both.
  if (isStripeId(id, 'sub_sched_')) return 'subscription_schedule';
  if (isStripeId(id, 'sub_')) return 'subscription';
  if (isStripeId(id, 'cus_')) return 'customer';
  return null;
}

const idOf = (value: unknown): string | null =>
  typeof value === 'string' && value !== '' ? value : isObject(value) && typeof value.id === 'string' ? value.id : null;

function summary(d: Discount): { coupon: string | null; promotion_code: string | null } {
  const fromCode = d.promotion_code?.kind === 'promotion_code' ? (d.promotion_code.coupon?.id ?? null) : null;
  return { coupon: d.coupon?.id ?? fromCode, promotion_code: d.promotion_code?.id ?? null };
}

export function fromOrder(type: 'checkout_session' | 'payment_link' | 'invoice', order: Order): ObjectContext {
  const products = (order.lines ?? []).map((l) => l.product).filter((p): p is string => p !== null);
  return {
    type,
    id: order.id,
    customer: order.customer,
    currency: order.currency,
    // A credit (negative subtotal) is no order amount a minimum could be checked against.
    amount: order.subtotal !== null && order.subtotal >= 0 ? order.subtotal : null,
    products: [...new Set(products)],
    existing_discounts: order.discounts.map((d) => summary(d.discount)),
    trial: false,
    ...(type === 'invoice' ? {} : { allow_promotion_codes: order.allow_promotion_codes }),
  };
}

/** A subscription's order: its items' prices (expanded by default) times their quantities. */
function fromSubscription(raw: JsonObject): ObjectContext {
  const subscription = normalizeSubscription(raw);
  const f = new Fields(raw, `subscription ${subscription.id}`);
  const itemData = f.object('items')?.data;
  const items = (Array.isArray(itemData) ? itemData : []).filter(isObject);
  const { amount, products } = itemsOrder(items);
  return {
    type: 'subscription',
    id: subscription.id,
    customer: subscription.customer,
    currency: f.currency('currency'),
    amount,
    products: [...new Set(products)],
    existing_discounts: subscription.discounts.map(summary),
    trial: raw.status === 'trialing',
  };
}

const discountSummary = (value: unknown): { coupon: string | null; promotion_code: string | null } | null =>
  isObject(value) ? { coupon: idOf(value.coupon), promotion_code: idOf(value.promotion_code) } : null;

/** A phase of a subscription schedule that has not started, as a redemption context, and the promotion codes on it. */
export interface SchedulePhase {
  readonly context: ObjectContext;
  /** The promotion codes on the phase and on its items' discounts: ids, or objects when expanded. */
  readonly promotion_codes: readonly unknown[];
}

/**
 * A subscription schedule's phases that have not started: those after `current_phase`, or all
 * of a schedule that has not started (no current phase). A code for the schedule goes on such a
 * phase, where Stripe refuses codes with a minimum amount
 * (https://docs.stripe.com/billing/subscriptions/coupons, "future schedule phases"; documented).
 * Each phase's order: its currency, its items (prices when expanded: `phases.items.price`), its
 * own discounts, and a trial in it (`trial_end` after its start). Shapes: stripe-node
 * SubscriptionSchedule.Phase (currency, discounts, items[].discounts, start_date, trial_end).
 */
export function futureSchedulePhases(raw: JsonObject): SchedulePhase[] {
  const f = new Fields(raw, 'subscription schedule');
  const id = f.id('id');
  const current = f.object('current_phase');
  const currentEnd = current && typeof current.end_date === 'number' ? current.end_date : null;
  const phases = (f.array('phases') ?? []).filter(isObject);
  const future =
    current === null
      ? phases
      : currentEnd === null
        ? []
        : phases.filter((p) => typeof p.start_date === 'number' && p.start_date >= currentEnd);
  return future.map((phase) => {
    const items = Array.isArray(phase.items) ? phase.items.filter(isObject) : [];
    const { amount, products } = itemsOrder(items);
    const currency = typeof phase.currency === 'string' && phase.currency !== '' ? phase.currency.toLowerCase() : null;
    const discounts = Array.isArray(phase.discounts) ? phase.discounts : [];
    const itemDiscounts = items.flatMap((item) => (Array.isArray(item.discounts) ? item.discounts : []));
    const codes = [...discounts, ...itemDiscounts]
      .filter(isObject)
      .map((d) => d.promotion_code)
      .filter((c) => (typeof c === 'string' && c !== '') || isObject(c));
    const { trial_end: trialEnd, start_date: start } = phase;
    return {
      context: {
        type: 'subscription_schedule',
        id,
        customer: idOf(raw.customer),
        currency,
        amount: currency === null ? null : amount,
        products: [...new Set(products)],
        existing_discounts: discounts.map(discountSummary).filter((d) => d !== null),
        trial: typeof trialEnd === 'number' && typeof start === 'number' && trialEnd > start,
      },
      promotion_codes: codes,
    };
  });
}

/** A subscription schedule (`--for sub_sched_…`): judged on its next phase; without one, only its customer is known. */
function fromSchedule(raw: JsonObject): ObjectContext {
  const next = futureSchedulePhases(raw)[0];
  if (next) return next.context;
  return {
    type: 'subscription_schedule',
    id: new Fields(raw, 'subscription schedule').id('id'),
    customer: idOf(raw.customer),
    currency: null,
    amount: null,
    products: [],
    existing_discounts: [],
    trial: false,
  };
}

function fromCustomer(raw: JsonObject): ObjectContext {
  const customer = normalizeCustomerLink(raw, 'customer');
  if (customer.kind !== 'customer') throw new InputError(`--for ${customer.id}: the customer was deleted.`);
  return {
    type: 'customer',
    id: customer.id,
    customer: customer.id,
    currency: new Fields(raw, `customer ${customer.id}`).currency('currency'),
    amount: null,
    products: [],
    existing_discounts: customer.discount ? [summary(customer.discount)] : [],
    trial: false,
  };
}

/**
 * The context of an object already normalised (explain's input): the same facts `--for` reads
 * from the raw object, but a normalised subscription carries no prices, so its amount and
 * products are unknown (null, none) rather than guessed.
 */
export function normalizedObjectContext(item: Diagnosable): ObjectContext | null {
  switch (item.kind) {
    case 'checkout_session':
    case 'invoice':
      return fromOrder(item.kind, item);
    case 'subscription':
      return {
        type: 'subscription',
        id: item.id,
        customer: item.customer,
        currency: null,
        amount: null,
        products: [],
        existing_discounts: item.discounts.map(summary),
        trial: item.status === 'trialing',
      };
    case 'customer':
      return {
        type: 'customer',
        id: item.id,
        customer: item.id,
        currency: null,
        amount: null,
        products: [],
        existing_discounts: item.discount ? [summary(item.discount)] : [],
        trial: false,
      };
    case 'failed_request':
      return requestObjectContext(item);
    default:
      return null;
  }
}

/** A failed request's context: who, what amount and currency, which products, where, with a trial, and when. */
export function requestObjectContext(request: FailedRequest): ObjectContext {
  const r = request.redeemed;
  return {
    type: 'failed_request',
    id: request.request_id ?? `${request.method} ${request.path}`,
    customer: r.customer,
    currency: r.currency,
    amount: r.amount,
    products: [...r.products],
    existing_discounts: [],
    trial: r.trial,
    surface: requestSurface(r.surface),
    at: request.time,
  };
}

export function objectContext(type: ContextObjectType, raw: JsonObject): ObjectContext {
  switch (type) {
    case 'checkout_session':
      return fromOrder(type, normalizeCheckoutSession(raw));
    case 'payment_link':
      return fromOrder(type, normalizePaymentLink(raw));
    case 'invoice':
      return fromOrder(type, normalizeInvoice(raw));
    case 'subscription':
      return fromSubscription(raw);
    case 'subscription_schedule':
      return fromSchedule(raw);
    case 'customer':
      return fromCustomer(raw);
  }
}

export type ContextSource = 'flag' | 'object' | null;

/** Where the redemption context came from, for the output: the object, and which value came from where. */
export interface ContextFrom {
  readonly object: { readonly type: ContextSourceType; readonly id: string };
  readonly existing_discounts: ObjectContext['existing_discounts'];
  readonly sources: {
    readonly customer: ContextSource;
    readonly currency: ContextSource;
    readonly amount: ContextSource;
    readonly products: ContextSource;
  };
}

/**
 * The amount and products of subscription or schedule-phase items with their prices expanded:
 * the sum of unit_amount x quantity (null as soon as one price has no unit_amount, e.g. tiered),
 * and each item's product.
 */
function itemsOrder(items: readonly JsonObject[]): { amount: number | null; products: string[] } {
  let amount: number | null = items.length > 0 ? 0 : null;
  const products: string[] = [];
  for (const item of items) {
    const price = isObject(item.price) ? item.price : null;
    const product = price ? idOf(price.product) : null;
    if (product) products.push(product);
    const unit = price && typeof price.unit_amount === 'number' ? price.unit_amount : null;
    const quantity = typeof item.quantity === 'number' ? item.quantity : 1;
    amount = amount !== null && unit !== null ? amount + unit * quantity : null;
  }
  return { amount, products };
}
