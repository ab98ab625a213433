/**
 * Everything `explain` can be handed, and which normaliser each goes to: the objects of
 * src/model/normalize.ts, the orders of src/model/order.ts (Checkout Sessions and invoices)
 * and Stripe's error bodies. Apart from normalize.ts, so that order.ts, which normalises the
 * discounts on an order with it, is not imported back.
 */
import { InputError } from '../errors.js';
import type { FailedRequest } from './failedRequest.js';
import {
  isStripeErrorBody,
  normalizeCouponLink,
  normalizeCustomerLink,
  normalizeDiscount,
  normalizePromotionCode,
  normalizeStripeError,
  normalizeSubscription,
} from './normalize.js';
import { normalizeCheckoutSession, normalizeInvoice, normalizePaymentLink, type Order } from './order.js';
import { isObject, type JsonObject } from './read.js';
import type { Coupon, Customer, DeletedTarget, Discount, PromotionCode, StripeError, Subscription } from './types.js';

/** Everything `explain` can be handed, once unwrapped and normalised. */
export type Diagnosable =
  | PromotionCode
  | Coupon
  | Customer
  | Subscription
  | Discount
  | DeletedTarget
  | StripeError
  | FailedRequest
  | Order;

/** The Stripe object types `explain` can diagnose, keyed by their `object` field. */
const DIAGNOSABLE_OBJECTS = [
  'promotion_code',
  'coupon',
  'customer',
  'subscription',
  'discount',
  'checkout.session',
  'payment_link',
  'invoice',
] as const;

/** Stripe id prefixes, to recognise an object whose `object` field was lost in a paste. */
const ID_PREFIXES: Record<string, (typeof DIAGNOSABLE_OBJECTS)[number]> = {
  promo_: 'promotion_code',
  cus_: 'customer',
  sub_: 'subscription',
  di_: 'discount',
  cs_: 'checkout.session',
  plink_: 'payment_link',
  in_: 'invoice',
  upcoming_in_: 'invoice',
};

export function isDiagnosableType(type: string): boolean {
  return (DIAGNOSABLE_OBJECTS as readonly string[]).includes(type);
}

export function normalizeDiagnosable(raw: unknown): Diagnosable {
  if (!isObject(raw)) throw new InputError('The input is JSON but not a Stripe object (expected a JSON object).');
  if (isStripeErrorBody(raw)) return normalizeStripeError(raw);
  const type = objectType(raw);
  switch (type) {
    case 'promotion_code':
      return normalizePromotionCode(raw);
    case 'coupon':
    case 'customer': {
      const link = type === 'coupon' ? normalizeCouponLink(raw, type) : normalizeCustomerLink(raw, type);
      if (link.kind === 'deleted') return { kind: 'deleted_object', object: type, id: link.id };
      // A reference cannot come from an object; the raw value here is always an object.
      if (link.kind === 'reference') throw new InputError(`The ${type} ${link.id} is only an id.`);
      return link;
    }
    case 'subscription':
      return normalizeSubscription(raw);
    case 'discount':
      return normalizeDiscount(raw);
    case 'checkout.session':
      return normalizeCheckoutSession(raw);
    case 'payment_link':
      return normalizePaymentLink(raw);
    case 'invoice':
      return normalizeInvoice(raw);
  }
}

function objectType(raw: JsonObject): (typeof DIAGNOSABLE_OBJECTS)[number] {
  const declared = raw.object;
  if (typeof declared === 'string') {
    const known = DIAGNOSABLE_OBJECTS.find((type) => type === declared);
    if (known) return known;
    throw new InputError(
      `The input is a Stripe "${declared}" object; promo-doctor explains promotion codes, coupons, customers, subscriptions, discounts, Checkout Sessions, invoices and Stripe errors.`,
    );
  }
  const id = typeof raw.id === 'string' ? raw.id : '';
  const byPrefix = Object.entries(ID_PREFIXES).find(([prefix]) => id.startsWith(prefix));
  if (byPrefix) return byPrefix[1];
  throw new InputError('The input is JSON but not a Stripe object: it has no "object" field.');
}
