/**
 * Checkout Sessions and invoices (and invoice previews) -> one internal shape: an order with
 * the discounts applied to it, how much each one took off, and its lines when present.
 *
 * Shapes, from the stripe-node types (types/Checkout/Sessions.d.ts, Invoices.d.ts,
 * InvoiceLineItems.d.ts, LineItems.d.ts):
 * - Checkout Session: `discounts[]` of `{coupon, promotion_code}` (each an id or expanded);
 *   the amount per discount in `total_details.breakdown.discounts[]` (`{amount, discount}`,
 *   returned only when expanded); `line_items` only when expanded, each with `price.product`
 *   and, expanded too, `discounts[]`.
 * - Invoice: `discounts[]` of discount ids or objects (API 2025-03-31 removed the single
 *   `discount`; older payloads have it); `total_discount_amounts[]` (`{amount, discount}`);
 *   `lines.data[]` with `discount_amounts[]` and the product under `pricing.price_details`
 *   (2025-03-31 and later) or `price.product` (before).
 */
import { InputError } from '../errors.js';
import { normalizeDiscount } from './normalize.js';
import { Fields, isObject, type JsonObject } from './read.js';
import type { Discount } from './types.js';

export interface AppliedDiscount {
  readonly discount: Discount;
  /** What it took off the order, in the smallest unit; null when the payload does not say. */
  readonly amount: number | null;
}

interface OrderLine {
  readonly id: string | null;
  readonly price: string | null;
  readonly product: string | null;
  readonly quantity: number | null;
  readonly amount: number | null;
  /** What each discount took off this line; null when the payload does not say. */
  readonly discount_amounts: ReadonlyArray<{
    readonly discount: string | null;
    readonly coupon: string | null;
    readonly amount: number;
  }> | null;
}

export interface Order {
  readonly kind: 'checkout_session' | 'invoice' | 'payment_link';
  readonly id: string;
  /** An invoice preview (`create_preview`, `upcoming`): not a real invoice yet. */
  readonly preview: boolean;
  readonly status: string | null;
  readonly livemode: boolean | null;
  readonly currency: string | null;
  readonly customer: string | null;
  readonly subscription: string | null;
  /** Before discounts, and what was taken off in all. */
  readonly subtotal: number | null;
  readonly total_discount: number | null;
  readonly total: number | null;
  readonly discounts: readonly AppliedDiscount[];
  /** Null when the lines were not in the payload (not expanded, or more than one page). */
  readonly lines: readonly OrderLine[] | null;
  /**
   * Checkout Sessions and Payment Links: whether the page shows a field to enter a code
   * (https://docs.stripe.com/api/checkout/sessions/object#checkout_session_object-allow_promotion_codes,
   * https://docs.stripe.com/api/payment_links/payment_links/object#payment_link_object-allow_promotion_codes).
   * Null as Stripe sends it when never set (no field either); undefined when the payload does
   * not carry it, and on invoices.
   */
  readonly allow_promotion_codes?: boolean | null | undefined;
}

function wholeNumber(f: Fields, key: string): number | null {
  const value = f.number(key);
  if (value !== null && !Number.isSafeInteger(value))
    throw new InputError(`The ${f.owner} has a "${key}" field that is not a whole number.`);
  return value;
}

const idOf = (value: unknown): string | null =>
  typeof value === 'string' && value !== '' ? value : isObject(value) && typeof value.id === 'string' ? value.id : null;

/** The coupon id of a discount-like object, whatever its API version. */
function couponIdOf(raw: unknown): string | null {
  if (!isObject(raw)) return null;
  const source = isObject(raw.source) ? raw.source : null;
  return idOf(source ? source.coupon : raw.coupon);
}

function discountOf(raw: unknown, what: string): Discount {
  if (typeof raw === 'string') return normalizeDiscount({ id: raw });
  if (!isObject(raw)) throw new InputError(`The ${what} is neither an id nor an object.`);
  return normalizeDiscount(raw);
}

function lineProduct(line: Fields): string | null {
  const pricing = line.object('pricing');
  const details = pricing && isObject(pricing.price_details) ? pricing.price_details : null;
  if (details) return idOf(details.product);
  const price = line.object('price');
  return price ? idOf(price.product) : null;
}

function linePrice(line: Fields): string | null {
  const pricing = line.object('pricing');
  const details = pricing && isObject(pricing.price_details) ? pricing.price_details : null;
  return idOf(details ? details.price : line.unknown('price'));
}

function linesOf(
  list: JsonObject | null,
  owner: string,
  discountsKey: 'discounts' | 'discount_amounts',
): OrderLine[] | null {
  if (!list) return null;
  const f = new Fields(list, `${owner} lines`);
  const data = f.array('data');
  // A partial page would make "applied to no line" a guess.
  if (!data || f.boolean('has_more', false)) return null;
  return data.filter(isObject).map((raw) => {
    const line = new Fields(raw, `${owner} line`);
    const amounts = line.array(discountsKey);
    return {
      id: line.string('id'),
      price: linePrice(line),
      product: lineProduct(line),
      quantity: line.count('quantity'),
      amount: line.count('amount_subtotal') ?? line.count('amount'),
      discount_amounts: amounts
        ? amounts.filter(isObject).map((a) => ({
            discount: idOf(a.discount),
            coupon: couponIdOf(a.discount),
            amount: new Fields(a, `${owner} line discount`).count('amount') ?? 0,
          }))
        : null,
    };
  });
}

export function normalizeCheckoutSession(raw: JsonObject): Order {
  const id = new Fields(raw, 'Checkout Session').id('id');
  const f = new Fields(raw, `Checkout Session ${id}`);
  const totals = f.object('total_details');
  const breakdown =
    totals && isObject(totals.breakdown) && Array.isArray(totals.breakdown.discounts)
      ? totals.breakdown.discounts.filter(isObject)
      : null;
  const entries = (f.array('discounts') ?? []).filter(isObject);
  const totalDiscount = totals
    ? new Fields(totals, `Checkout Session ${id} total_details`).count('amount_discount')
    : null;
  const discounts = entries.map((entry): AppliedDiscount => {
    const listed = normalizeDiscount({
      coupon: entry.coupon,
      promotion_code: entry.promotion_code,
      checkout_session: id,
    });
    const coupon =
      couponIdOf(entry) ??
      (isObject(entry.promotion_code)
        ? couponIdOf(isObject(entry.promotion_code.promotion) ? entry.promotion_code.promotion : entry.promotion_code)
        : null);
    const promo = idOf(entry.promotion_code);
    const found = breakdown?.find(
      (b) =>
        isObject(b.discount) &&
        ((promo !== null && idOf(b.discount.promotion_code) === promo) ||
          (coupon !== null && couponIdOf(b.discount) === coupon)),
    );
    // Checkout takes one discount (docs.stripe.com/payments/checkout/discounts): the total is its amount.
    const amount = found
      ? (new Fields(found, 'breakdown discount').count('amount') ?? null)
      : entries.length === 1
        ? totalDiscount
        : null;
    // The breakdown's discount object is the fuller one (its coupon expanded, its id and start).
    return { discount: found && isObject(found.discount) ? normalizeDiscount(found.discount) : listed, amount };
  });
  return {
    kind: 'checkout_session',
    id,
    preview: false,
    status: f.string('status'),
    livemode: f.has('livemode') && f.unknown('livemode') !== null ? f.boolean('livemode', false) : null,
    currency: f.currency('currency'),
    customer: idOf(f.unknown('customer')),
    subscription: idOf(f.unknown('subscription')),
    subtotal: f.count('amount_subtotal'),
    total_discount: totalDiscount,
    total: f.count('amount_total'),
    discounts,
    lines: linesOf(f.object('line_items'), `Checkout Session ${id}`, 'discounts'),
    allow_promotion_codes: allowPromotionCodes(f),
  };
}

/** true or false as set; null as Stripe sends it when never set (no field shown); undefined when not in the payload. */
function allowPromotionCodes(f: Fields): boolean | null | undefined {
  if (!f.has('allow_promotion_codes')) return undefined;
  return f.unknown('allow_promotion_codes') === null ? null : f.boolean('allow_promotion_codes', false);
}

/**
 * A Payment Link: its currency, its line items (only when expanded, or read from
 * GET /v1/payment_links/:id/line_items) and whether it takes codes. A Payment Link carries no
 * discounts of its own (stripe-node types/PaymentLinks.d.ts has no `discounts`).
 */
export function normalizePaymentLink(raw: JsonObject): Order {
  const id = new Fields(raw, 'Payment Link').id('id');
  const f = new Fields(raw, `Payment Link ${id}`);
  const lines = linesOf(f.object('line_items'), `Payment Link ${id}`, 'discounts');
  const known = lines?.every((l) => l.amount !== null) ?? false;
  const subtotal = known ? (lines ?? []).reduce((sum, l) => sum + (l.amount ?? 0), 0) : null;
  return {
    kind: 'payment_link',
    id,
    preview: false,
    status: f.has('active') ? (f.boolean('active', true) ? 'active' : 'inactive') : null,
    livemode: f.has('livemode') && f.unknown('livemode') !== null ? f.boolean('livemode', false) : null,
    currency: f.currency('currency'),
    customer: null,
    subscription: null,
    subtotal,
    total_discount: null,
    total: null,
    discounts: [],
    lines,
    allow_promotion_codes: allowPromotionCodes(f),
  };
}

export function normalizeInvoice(raw: JsonObject): Order {
  // A preview has no id before 2025-03-31 (`upcoming`), or one starting "upcoming_".
  const rawId = typeof raw.id === 'string' && raw.id !== '' ? raw.id : null;
  const id = rawId ?? 'invoice_preview';
  const f = new Fields(raw, `invoice ${id}`);
  const amounts = (f.array('total_discount_amounts') ?? []).filter(isObject);
  const legacy = f.object('discount');
  const listed = [...(f.array('discounts') ?? [])];
  if (legacy && !listed.some((d) => idOf(d) !== null && idOf(d) === idOf(legacy))) listed.push(legacy);
  // Discounts are ids unless expanded; an expanded copy elsewhere in the payload says more.
  const lineData = f.object('lines')?.data;
  const lineAmounts = (Array.isArray(lineData) ? lineData : [])
    .filter(isObject)
    .flatMap((l) => (Array.isArray(l.discount_amounts) ? l.discount_amounts.filter(isObject) : []));
  const expanded = [legacy, ...amounts.map((a) => a.discount), ...lineAmounts.map((a) => a.discount)].filter(isObject);
  const discounts = listed.map((entry, i): AppliedDiscount => {
    const richer = typeof entry === 'string' ? expanded.find((d) => d.id === entry) : undefined;
    const discount = discountOf(richer ?? entry, `invoice ${id} discount ${i + 1}`);
    const found = amounts.find((a) => discount.id !== null && idOf(a.discount) === discount.id);
    return { discount, amount: found ? (new Fields(found, 'total_discount_amount').count('amount') ?? null) : null };
  });
  const parent = f.object('parent');
  const details = parent && isObject(parent.subscription_details) ? parent.subscription_details : null;
  return {
    kind: 'invoice',
    id,
    preview: rawId === null || rawId.startsWith('upcoming_'),
    status: f.string('status'),
    livemode: f.has('livemode') && f.unknown('livemode') !== null ? f.boolean('livemode', false) : null,
    currency: f.currency('currency'),
    customer: idOf(f.unknown('customer')),
    subscription: idOf(details ? details.subscription : f.unknown('subscription')),
    // Prorations and credits can make an invoice's subtotal and total negative.
    subtotal: wholeNumber(f, 'subtotal'),
    total_discount:
      amounts.length > 0 ? amounts.reduce((sum, a) => sum + (typeof a.amount === 'number' ? a.amount : 0), 0) : null,
    total: wholeNumber(f, 'total'),
    discounts,
    lines: linesOf(f.object('lines'), `invoice ${id}`, 'discount_amounts'),
  };
}
