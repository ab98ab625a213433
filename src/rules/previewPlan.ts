/**
 * The invoice preview that `check --ask-stripe` sends (POST /v1/invoices/create_preview,
 * https://docs.stripe.com/api/invoices/create_preview), shaped like the surface judged so that
 * Stripe answers the same question:
 * - a new redemption (Checkout, a Payment Link, a new subscription, or no --surface) previews a
 *   new subscription's first invoice (`subscription_details.items`), where Stripe checks a
 *   minimum amount; a trial adds `subscription_details.trial_end`;
 * - a subscription update, the portal, an invoice, a subscription item or a schedule phase
 *   previews invoice items (`invoice_items`)
 *   with the code on the item (`invoice_items[0][discounts]`), not on the whole invoice: Stripe
 *   refuses amount-restricted codes on "subscription items, invoice items, subscription updates,
 *   or future schedule phases" (https://docs.stripe.com/billing/subscriptions/coupons, documented),
 *   so the refusal is reached only where the code sits on the item (issue 20); a new redemption
 *   without a product keeps the code on the invoice.
 * When the shape cannot match the surface (no --product for a subscription item; no customer),
 * the refusals that shape alone causes are marked, so they are never called disagreements.
 * Pure: the parameters are plain data, named as stripe-node 23's InvoiceCreatePreviewParams.
 */
import { formatMoney } from '../format/money.js';
import type { RedemptionContext } from './context.js';
import { SURFACES_REFUSING_MINIMUM } from './surface.js';

/** The subset of InvoiceCreatePreviewParams the preview uses. */
export interface PreviewParams {
  customer?: string;
  customer_details?: { tax_exempt: 'none' };
  currency: string;
  /** On the whole invoice; absent when the code sits on the invoice item instead. */
  discounts?: Array<{ promotion_code: string }>;
  subscription_details?: {
    items: Array<{
      price_data: { currency: string; product: string; unit_amount: number; recurring: { interval: 'month' } };
      quantity: number;
    }>;
    trial_end?: number;
  };
  invoice_items?: Array<
    (
      | { amount: number; currency: string }
      | { price_data: { currency: string; product: string; unit_amount: number }; quantity: number }
    ) & { discounts?: Array<{ promotion_code: string }> }
  >;
}

export type PreviewShape = 'new_subscription' | 'invoice_items';

export interface PreviewPlan {
  readonly params: PreviewParams;
  readonly shape: PreviewShape;
  /** One sentence: what is previewed. */
  readonly previewed: string;
  /** Refusals this shape causes by itself, whatever the code: not the redemption judged. */
  readonly shapeRefusal: (message: string) => boolean;
  /** The refusal asks for a customer the preview could not name: the cross-check needs --customer. */
  readonly needsCustomer: (message: string) => boolean;
}

/** A trial this long makes the previewed first invoice $0; any future end does. */
const TRIAL_SECONDS = 14 * 86400;

const mentionsMinimum = (message: string): boolean => /minimum_amount|minimum amount/i.test(message);
const mentionsCustomer = (message: string): boolean =>
  /\bcustomer\b/i.test(message) && /param|required|provide/i.test(message);

/**
 * The preview for this redemption, or the sentence saying why none can be built. Without a
 * customer the preview uses `customer_details`, which the API reference accepts in place of a
 * customer ("Details about the customer you want to invoice").
 */
export function previewPlan(promotionCode: string, ctx: RedemptionContext): PreviewPlan | { unavailable: string } {
  if (ctx.amount === null || ctx.currency === null) {
    return { unavailable: 'Stripe was not asked: the preview needs the order, so give --amount and --currency.' };
  }
  if (ctx.customer !== null && !ctx.customer.startsWith('cus_')) {
    return {
      unavailable: `Stripe was not asked: an invoice preview needs a customer id (cus_…), not ${ctx.customer}.`,
    };
  }
  const { amount, currency } = ctx;
  const product = ctx.products[0] ?? null;
  const surface = ctx.surface ?? null;
  const who: Pick<PreviewParams, 'customer' | 'customer_details'> =
    ctx.customer !== null ? { customer: ctx.customer } : { customer_details: { tax_exempt: 'none' } };
  const whoText = ctx.customer !== null ? `customer ${ctx.customer}` : 'no customer (customer_details)';
  const money = formatMoney(amount, currency);
  const forProduct = product === null ? '' : ` for ${product}`;
  const discounts = [{ promotion_code: promotionCode }];
  const updating = surface !== null && SURFACES_REFUSING_MINIMUM.includes(surface);
  const needsCustomer = (message: string) => ctx.customer === null && mentionsCustomer(message);

  if (!updating && product !== null) {
    const trial = ctx.trial === true ? { trial_end: Math.max(ctx.at, ctx.observed_at) + TRIAL_SECONDS } : {};
    return {
      shape: 'new_subscription',
      params: {
        ...who,
        currency,
        discounts,
        subscription_details: {
          items: [
            { price_data: { currency, product, unit_amount: amount, recurring: { interval: 'month' } }, quantity: 1 },
          ],
          ...trial,
        },
      },
      previewed: `a new subscription's first invoice of ${money}${forProduct}${ctx.trial === true ? ' with a trial' : ''}, ${whoText}`,
      shapeRefusal: needsCustomer,
      needsCustomer,
    };
  }
  const item =
    product === null ? { amount, currency } : { price_data: { currency, product, unit_amount: amount }, quantity: 1 };
  // Where Stripe refuses a minimum on items, the code goes on the item so the preview reaches that refusal.
  const params: PreviewParams = updating
    ? { ...who, currency, invoice_items: [{ ...item, discounts }] }
    : { ...who, currency, discounts, invoice_items: [item] };
  return {
    shape: 'invoice_items',
    params,
    previewed: `invoice items of ${money}${forProduct}${updating ? ', the code on the item' : ' (a subscription item needs --product)'}, ${whoText}`,
    // Invoice items refuse amount-restricted codes: for a new redemption that refusal is the shape's.
    shapeRefusal: (message) => needsCustomer(message) || (!updating && mentionsMinimum(message)),
    needsCustomer,
  };
}
