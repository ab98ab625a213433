/**
 * Raw Stripe JSON of any API version -> the internal model (src/model/types.ts).
 *
 * The rules never see raw Stripe shapes; every version difference is absorbed here:
 * - promotion code: `promotion.coupon` (API 2025-09-30 and later) or `coupon` (before);
 * - discount: `source.coupon` (2025-09-30 and later) or `coupon` (before);
 * - any linked object as an id string, an expanded object or a deleted stub.
 * Which normaliser a pasted object goes to is decided in src/model/diagnosable.ts.
 */
import { quoteInput } from '../format/text.js';
import { InputError } from '../errors.js';
import { Fields, isCurrencyCode, isObject, type JsonObject } from './read.js';
import type {
  Coupon,
  CouponLink,
  Customer,
  CustomerLink,
  Deleted,
  Discount,
  PromotionCode,
  PromotionCodeLink,
  Reference,
  Restrictions,
  StripeError,
  Subscription,
  LatestInvoice,
} from './types.js';

/** Stripe's error envelope: `{"error": {"type", "code", "message", …}}`, no `object` field (https://docs.stripe.com/api/errors). */
export function isStripeErrorBody(raw: JsonObject): boolean {
  return raw.object === undefined && isObject(raw.error) && typeof raw.error.message === 'string';
}

export function normalizeStripeError(raw: JsonObject): StripeError {
  const f = new Fields(new Fields(raw, 'Stripe error').object('error') ?? {}, 'Stripe error');
  const requestLogUrl = f.string('request_log_url');
  return {
    kind: 'stripe_error',
    error: {
      message: f.requiredString('message'),
      type: f.string('type'),
      code: f.string('code'),
      param: f.string('param'),
      request_log_url: requestLogUrl,
    },
    request_id: requestLogUrl ? (/\b(req_[A-Za-z0-9]+)/.exec(requestLogUrl)?.[1] ?? null) : null,
  };
}

export function normalizePromotionCode(raw: JsonObject): PromotionCode {
  const f = new Fields(raw, 'promotion code');
  const id = f.id('id');
  const owner = `promotion code ${id}`;
  const fields = new Fields(raw, owner);
  const promotion = fields.object('promotion');
  // API 2025-09-30 moved the coupon under `promotion`; older versions put it at the top.
  const shape = promotion ? 'promotion' : 'legacy_coupon';
  const couponRaw = promotion ? new Fields(promotion, owner).unknown('coupon') : fields.unknown('coupon');
  const customerRaw = fields.unknown('customer');
  return {
    kind: 'promotion_code',
    id,
    code: fields.string('code') ?? '',
    active: fields.boolean('active', true),
    livemode: optionalBoolean(fields, 'livemode'),
    created: fields.timestamp('created'),
    expires_at: fields.timestamp('expires_at'),
    max_redemptions: fields.count('max_redemptions'),
    times_redeemed: fields.count('times_redeemed') ?? 0,
    customer:
      customerRaw === null || customerRaw === undefined
        ? null
        : normalizeCustomerLink(customerRaw, `${owner} customer`),
    customer_account: fields.string('customer_account'),
    coupon: couponRaw === null || couponRaw === undefined ? null : normalizeCouponLink(couponRaw, `${owner} coupon`),
    restrictions: normalizeRestrictions(fields.object('restrictions'), owner),
    shape,
  };
}

function normalizeRestrictions(raw: JsonObject | null, owner: string): Restrictions {
  if (!raw)
    return {
      first_time_transaction: false,
      minimum_amount: null,
      minimum_amount_currency: null,
      currency_options: null,
    };
  const f = new Fields(raw, `${owner} restrictions`);
  const options: Record<string, { minimum_amount: number }> = {};
  for (const [currency, option] of currencyEntries(f, 'currency_options')) {
    const minimum = isObject(option)
      ? new Fields(option, `${owner} restrictions.currency_options.${currency}`).count('minimum_amount')
      : null;
    if (minimum !== null) options[currency.toLowerCase()] = { minimum_amount: minimum };
  }
  return {
    first_time_transaction: f.boolean('first_time_transaction', false),
    minimum_amount: f.count('minimum_amount'),
    minimum_amount_currency: f.currency('minimum_amount_currency'),
    currency_options: f.has('currency_options') ? options : null,
  };
}

/**
 * Any linked field (coupon, customer, promotion code) comes as an id string, an expanded
 * object, or a deleted stub: the first and last become a Reference or Deleted here, the
 * object goes to `normalizeObject`.
 */
function normalizeLink<T>(
  raw: unknown,
  what: string,
  normalizeObject: (object: JsonObject) => T,
): T | Reference | Deleted {
  if (typeof raw === 'string') {
    if (raw === '') throw new InputError(`The ${what} is an empty id.`);
    if (!/^[^\s\u0000-\u001f\u007f]+$/.test(raw)) throw new InputError(`The ${what} is not a Stripe id.`);
    return { kind: 'reference', id: raw };
  }
  if (!isObject(raw)) throw new InputError(`The ${what} is neither an id nor an object.`);
  if (raw.deleted === true) return { kind: 'deleted', id: new Fields(raw, what).id('id') };
  return normalizeObject(raw);
}

export function normalizeCouponLink(raw: unknown, what: string): CouponLink {
  return normalizeLink(raw, what, (object) => normalizeCoupon(object, what));
}

function normalizeCoupon(raw: JsonObject, what: string): Coupon {
  const id = new Fields(raw, what).id('id');
  const f = new Fields(raw, `coupon ${id}`);
  const appliesTo = f.object('applies_to');
  const products = appliesTo ? new Fields(appliesTo, `coupon ${id} applies_to`).array('products') : null;
  return {
    kind: 'coupon',
    id,
    name: f.string('name'),
    livemode: optionalBoolean(f, 'livemode'),
    created: f.timestamp('created'),
    percent_off: f.percent('percent_off'),
    amount_off: f.count('amount_off'),
    currency: f.currency('currency'),
    currency_options: f.has('currency_options') ? couponCurrencyOptions(f) : null,
    applies_to_products: products ? products.filter((p): p is string => typeof p === 'string') : null,
    duration: f.string('duration') ?? 'once',
    duration_in_months: f.count('duration_in_months'),
    max_redemptions: f.count('max_redemptions'),
    times_redeemed: f.count('times_redeemed') ?? 0,
    redeem_by: f.timestamp('redeem_by'),
    valid: f.boolean('valid', true),
  };
}

function couponCurrencyOptions(f: Fields): Record<string, { amount_off: number }> {
  const options: Record<string, { amount_off: number }> = {};
  for (const [currency, option] of currencyEntries(f, 'currency_options')) {
    const amount = isObject(option)
      ? new Fields(option, `${f.owner} currency_options.${currency}`).count('amount_off')
      : null;
    if (amount !== null) options[currency.toLowerCase()] = { amount_off: amount };
  }
  return options;
}

export function normalizeCustomerLink(raw: unknown, what: string): CustomerLink {
  return normalizeLink(raw, what, (object) => normalizeCustomer(object, what));
}

function normalizeCustomer(raw: JsonObject, what: string): Customer {
  const id = new Fields(raw, what).id('id');
  const f = new Fields(raw, `customer ${id}`);
  const discount = f.object('discount');
  // Old API versions embed `subscriptions` as a list on the customer; keep them when present.
  const subscriptionList = f.object('subscriptions');
  const subscriptions = subscriptionList
    ? new Fields(subscriptionList, `customer ${id} subscriptions`).array('data')
    : null;
  return {
    kind: 'customer',
    id,
    name: f.string('name'),
    email: f.string('email'),
    livemode: optionalBoolean(f, 'livemode'),
    created: f.timestamp('created'),
    currency: f.currency('currency'),
    discount: discount ? normalizeDiscount(discount) : null,
    subscriptions: subscriptions ? subscriptions.filter(isObject).map(normalizeSubscription) : null,
  };
}

export function normalizeSubscription(raw: JsonObject): Subscription {
  const id = new Fields(raw, 'subscription').id('id');
  const f = new Fields(raw, `subscription ${id}`);
  // Current versions list `discounts` (ids unless expanded); older ones had a single `discount`.
  const discounts = (f.array('discounts') ?? []).map((d) =>
    typeof d === 'string' ? discountReference(d, id) : normalizeDiscount(asObject(d, `subscription ${id} discount`)),
  );
  const single = f.object('discount');
  if (single && !discounts.some((d) => d.id !== null && d.id === single.id)) discounts.push(normalizeDiscount(single));
  // Item-level discounts (items.data[].discounts) apply to that item only; keep them beside the others.
  const items = f.object('items');
  for (const item of (items && Array.isArray(items.data) ? items.data : []).filter(isObject)) {
    const itemId = typeof item.id === 'string' ? item.id : null;
    for (const d of Array.isArray(item.discounts) ? item.discounts : []) {
      const discount =
        typeof d === 'string'
          ? { ...discountReference(d, id), subscription_item: itemId }
          : normalizeDiscount(asObject(d, `subscription ${id} item discount`));
      if (!discounts.some((known) => known.id !== null && known.id === discount.id)) discounts.push(discount);
    }
  }
  const latest = f.object('latest_invoice');
  return {
    kind: 'subscription',
    id,
    status: f.string('status') ?? 'unknown',
    customer: idOf(f.unknown('customer')),
    discounts,
    // Only when expanded: an id says nothing about the discounts it carried.
    ...(latest ? { latest_invoice: normalizeLatestInvoice(latest, id) } : {}),
  };
}

/**
 * A subscription's latest invoice, for its discounts: `discounts` holds ids unless expanded,
 * and deleted discounts stay listed as `{ deleted: true }` (stripe-node types/Invoices.d.ts,
 * `discounts: Array<string | Discount | DeletedDiscount>`).
 */
function normalizeLatestInvoice(raw: JsonObject, subscription: string): LatestInvoice {
  const id = new Fields(raw, `subscription ${subscription} latest_invoice`).id('id');
  const f = new Fields(raw, `invoice ${id}`);
  const listed = f.array('discounts') ?? [];
  const expanded = listed.every(isObject);
  return {
    id,
    created: f.timestamp('created'),
    currency: f.currency('currency'),
    subtotal: f.number('subtotal'),
    total: f.number('total'),
    discounts: expanded ? listed.filter(isObject).map(normalizeDiscount) : [],
    discounts_expanded: expanded,
  };
}

export function normalizeDiscount(raw: JsonObject): Discount {
  const f = new Fields(raw, 'discount');
  const id = f.has('id') && f.unknown('id') !== null && f.unknown('id') !== '' ? f.id('id') : null;
  const owner = id ? `discount ${id}` : 'discount';
  const fields = new Fields(raw, owner);
  const source = fields.object('source');
  // API 2025-09-30 moved the coupon under `source`; older versions put it at the top.
  const couponRaw = source ? new Fields(source, owner).unknown('coupon') : fields.unknown('coupon');
  const promotionCodeRaw = fields.unknown('promotion_code');
  return {
    kind: 'discount',
    id,
    coupon: couponRaw === null || couponRaw === undefined ? null : normalizeCouponLink(couponRaw, `${owner} coupon`),
    promotion_code:
      promotionCodeRaw === null || promotionCodeRaw === undefined
        ? null
        : normalizePromotionCodeLink(promotionCodeRaw, owner),
    customer: idOf(fields.unknown('customer')),
    subscription: idOf(fields.unknown('subscription')),
    subscription_item: idOf(fields.unknown('subscription_item')),
    invoice: idOf(fields.unknown('invoice')),
    invoice_item: idOf(fields.unknown('invoice_item')),
    checkout_session: idOf(fields.unknown('checkout_session')),
    start: fields.timestamp('start'),
    end: fields.timestamp('end'),
  };
}

function normalizePromotionCodeLink(raw: unknown, owner: string): PromotionCodeLink {
  return normalizeLink(raw, `${owner} promotion code`, (object) => normalizePromotionCode(object));
}

/** A discount known only by its id (not expanded): kept, so it is not silently dropped. */
function discountReference(id: string, subscription: string): Discount {
  return {
    kind: 'discount',
    id,
    coupon: null,
    promotion_code: null,
    customer: null,
    subscription,
    subscription_item: null,
    invoice: null,
    invoice_item: null,
    checkout_session: null,
    start: null,
    end: null,
  };
}

function asObject(value: unknown, what: string): JsonObject {
  if (!isObject(value)) throw new InputError(`The ${what} is neither an id nor an object.`);
  return value;
}

/**
 * A map keyed by currency, in a fixed order: JSON key order carries no meaning, and the same
 * object must give the same output however its keys were written.
 */
function currencyEntries(f: Fields, key: string): Array<[string, unknown]> {
  const entries = Object.entries(f.object(key) ?? {});
  for (const [currency] of entries) {
    if (!isCurrencyCode(currency))
      throw new InputError(
        `The ${f.owner} has a "${key}" key ${quoteInput(currency, 20)} that is not a currency code.`,
      );
  }
  return entries
    .map(([currency, value]): [string, unknown] => [currency.toLowerCase(), value])
    .sort(([a], [b]) => a.localeCompare(b));
}

/** The id of a field that may hold an id string or an expanded object. */
function idOf(value: unknown): string | null {
  if (typeof value === 'string') return value === '' ? null : value;
  if (isObject(value) && typeof value.id === 'string') return value.id;
  return null;
}

function optionalBoolean(f: Fields, key: string): boolean | null {
  return f.has(key) && f.unknown(key) !== null ? f.boolean(key, false) : null;
}
