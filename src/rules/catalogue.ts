/**
 * The reason catalogue: for every code its severity, the object it is about, a title, the
 * cause, the fix, a Stripe docs link, and the sentence built from a finding's evidence.
 *
 * Typed as a mapped type over ReasonCode: a new code without its entry fails to compile.
 */
import { formatMoney } from '../format/money.js';
import { durationText, relativeTime } from '../format/time.js';
import type { Deadline, DeadlineField, FindingObject, ObjectEvidence, PriorTransaction, ReasonCode, Severity, StripeAnswer } from './findings.js';

/**
 * What a catalogue sentence is made from: the evidence found in the objects. A finding that
 * carries Stripe's answer instead is worded from that answer (src/rules/stripeAnswer.ts).
 */
export type MessageEvidence<C extends ReasonCode> = ObjectEvidence<C>;

export interface CatalogueEntry<C extends ReasonCode> {
  readonly severity: Severity;
  readonly object: FindingObject;
  readonly title: string;
  readonly cause: string;
  readonly fix: string;
  readonly docs_url: string;
  /** One plain sentence with the facts, for the finding about object `id`. */
  readonly message: (evidence: MessageEvidence<C>, id: string) => string;
}

export type Catalogue = { readonly [C in ReasonCode]: CatalogueEntry<C> };

const DOCS = {
  promotionCode: 'https://docs.stripe.com/api/promotion_codes/object',
  promotionCodeList: 'https://docs.stripe.com/api/promotion_codes/list',
  coupon: 'https://docs.stripe.com/api/coupons/object',
  couponsGuide: 'https://docs.stripe.com/billing/subscriptions/coupons',
  restrictions: 'https://docs.stripe.com/billing/subscriptions/coupons#promotion-code-restrictions',
  discount: 'https://docs.stripe.com/api/discounts/object',
  apiKeys: 'https://docs.stripe.com/keys#test-live-modes',
  errorCodes: 'https://docs.stripe.com/error-codes',
  checkoutDiscounts: 'https://docs.stripe.com/payments/checkout/discounts',
  noCostOrders: 'https://docs.stripe.com/payments/checkout/no-cost-orders',
} as const;

/** Stripe's sentence, quoted on one line without doubling its full stop. */
export const quoteStripe = (a: StripeAnswer): string => `"${a.stripe_error.message.replace(/[.\s]+$/, '')}"`;

const when = <F extends DeadlineField>(e: Deadline<F>, field: F): string => {
  const at = e[field] as number;
  return `${e[`${field}_iso`] as string}, ${relativeTime(at, e.evaluated_at)}`;
};
const list = (items: readonly string[]): string => items.join(', ');
const upper = (currencies: readonly string[]): string => list(currencies.map((c) => c.toUpperCase()));

const RULE_TEXT: Record<PriorTransaction['rule'], string> = {
  successful_payment_or_invoice: 'a successful payment or invoice (API reference)',
  payment_intent_initiated: 'a PaymentIntent was initiated, even if never completed (Billing guide)',
  subscription_exists: 'a subscription exists, trialing or canceled included (Billing guide)',
  invoice_exists: 'a finalized invoice exists, even unpaid (reported refusals)',
};

export function priorTransactionText(t: PriorTransaction): string {
  return `${t.object} ${t.id} (${t.status}): ${RULE_TEXT[t.rule]}`;
}

export const CATALOGUE: Catalogue = {
  promotion_code_not_found: {
    severity: 'blocking',
    object: 'promotion_code',
    title: 'Promotion code not found',
    cause: 'No promotion code with that id or customer-facing code exists in this account and mode.',
    fix: 'Check the spelling, the account (--stripe-account) and the mode of the API key (test or live).',
    docs_url: DOCS.promotionCodeList,
    message: (e) =>
      e.looked_up_by === 'id'
        ? `No promotion code has the id ${e.query} in this account and mode.`
        : `No promotion code has the customer-facing code "${e.query}" (matched regardless of case) in this account and mode.`,
  },
  promotion_code_inactive: {
    severity: 'blocking',
    object: 'promotion_code',
    title: 'Promotion code deactivated',
    cause: 'The code has active: false and nothing else (expiry, redemption limit, coupon) explains it: someone deactivated or archived it.',
    fix: 'Reactivate it (Dashboard, or POST /v1/promotion_codes/{id} with active=true) if it should still work.',
    docs_url: DOCS.promotionCode,
    message: (e, id) =>
      e.coupon_checked
        ? `The promotion code ${id} was deactivated (active: false) and no expiry, limit or coupon problem explains it.`
        : `The promotion code ${id} is inactive (active: false) and no expiry or limit explains it; its coupon was not in the data to check.`,
  },
  promotion_code_expired: {
    severity: 'blocking',
    object: 'promotion_code',
    title: 'Promotion code expired',
    cause: 'expires_at is at or before the evaluation time; an expired code becomes permanently inactive.',
    fix: 'Create a new promotion code for the same coupon with a later expires_at; expired codes cannot be reactivated.',
    docs_url: DOCS.promotionCode,
    message: (e, id) => `The promotion code ${id} expired at ${when(e, 'expires_at')}.`,
  },
  promotion_code_max_redemptions_reached: {
    severity: 'blocking',
    object: 'promotion_code',
    title: 'Promotion code redeemed out',
    cause: 'times_redeemed has reached max_redemptions; the code becomes permanently inactive.',
    fix: 'Create a new promotion code (with a higher max_redemptions) for the same coupon.',
    docs_url: DOCS.promotionCode,
    message: (e, id) => `The promotion code ${id} was redeemed ${e.times_redeemed} of ${e.max_redemptions} allowed times.`,
  },
  coupon_deleted: {
    severity: 'blocking',
    object: 'coupon',
    title: 'Coupon deleted',
    cause: 'The coupon behind the code was deleted; deleted coupons cannot be redeemed (existing discounts keep applying).',
    fix: 'Create a new coupon and a new promotion code for it.',
    docs_url: DOCS.coupon,
    message: (e) => `The coupon ${e.coupon} was deleted.`,
  },
  coupon_redeem_by_passed: {
    severity: 'blocking',
    object: 'coupon',
    title: 'Coupon past redeem_by',
    cause: 'The coupon redeem_by date is at or before the evaluation time; the coupon is no longer valid for new redemptions.',
    fix: 'Create a new coupon with a later redeem_by (redeem_by cannot be changed) and a promotion code for it.',
    docs_url: DOCS.coupon,
    message: (e, id) => `The coupon ${id} could be redeemed until ${when(e, 'redeem_by')}.`,
  },
  coupon_max_redemptions_reached: {
    severity: 'blocking',
    object: 'coupon',
    title: 'Coupon redeemed out',
    cause: 'The coupon times_redeemed has reached its max_redemptions, across all customers and codes.',
    fix: 'Create a new coupon with a higher max_redemptions; existing discounts from this coupon keep applying.',
    docs_url: DOCS.coupon,
    message: (e, id) => `The coupon ${id} was redeemed ${e.times_redeemed} of ${e.max_redemptions} allowed times.`,
  },
  coupon_invalid: {
    severity: 'blocking',
    object: 'coupon',
    title: 'Coupon not valid',
    cause: 'Stripe reports the coupon valid: false and neither deletion, redeem_by nor max_redemptions explains it.',
    fix: 'Look at the coupon in the Dashboard; create a new coupon if it cannot be used.',
    docs_url: DOCS.coupon,
    message: (_e, id) => `Stripe reports the coupon ${id} as not valid (valid: false) for new redemptions.`,
  },
  customer_mismatch: {
    severity: 'blocking',
    object: 'promotion_code',
    title: 'Code restricted to another customer',
    cause: 'The promotion code has a customer (or customer_account) restriction that names someone else.',
    fix: 'Redeem as the customer it is restricted to, or create a code without that restriction.',
    docs_url: DOCS.restrictions,
    message: (e, id) => `The promotion code ${id} is restricted to ${e.restricted_to}, not ${e.customer}.`,
  },
  customer_deleted: {
    severity: 'blocking',
    object: 'customer',
    title: 'Customer deleted',
    cause: 'The customer the code is restricted to, or the customer redeeming it, was deleted.',
    fix: 'Use an existing customer; a code restricted to a deleted customer can never be redeemed: create a new one.',
    docs_url: DOCS.restrictions,
    message: (e) =>
      ({
        restricted_to: `The promotion code is restricted to the customer ${e.customer}, who was deleted.`,
        redeeming: `The redeeming customer ${e.customer} was deleted.`,
        inspected: `The customer ${e.customer} was deleted; its discounts went with it.`,
      })[e.role],
  },
  customer_has_prior_transactions: {
    severity: 'blocking',
    object: 'customer',
    title: 'Not a first-time customer',
    cause:
      'The code is for first-time customers only and this customer has earlier transactions. The API reference counts successful payments or invoices; the Billing guide also counts PaymentIntents initiated and subscriptions (trials and canceled ones).',
    fix: 'Use a code without the first-time restriction for this customer.',
    docs_url: DOCS.restrictions,
    message: (e) =>
      `The customer ${e.customer} has ${e.transactions.length} earlier transaction${e.transactions.length === 1 ? '' : 's'}: ` +
      `${e.transactions.map(priorTransactionText).join('; ')}.`,
  },
  minimum_amount_not_met: {
    severity: 'blocking',
    object: 'promotion_code',
    title: 'Below the minimum amount',
    cause: 'The order amount is below the minimum for its currency (restrictions.currency_options first, else minimum_amount).',
    fix: 'Raise the order amount to the minimum, or use a code without a minimum.',
    docs_url: DOCS.restrictions,
    message: (e) =>
      `The order of ${formatMoney(e.amount, e.currency)} is below the minimum of ${formatMoney(e.minimum_amount, e.currency)} ` +
      `(from ${e.minimum_from === 'currency_options' ? `restrictions.currency_options.${e.currency}` : 'restrictions.minimum_amount'}).`,
  },
  currency_mismatch: {
    severity: 'blocking',
    object: 'coupon',
    title: 'Currency not supported',
    cause: 'An amount_off coupon has no amount in this currency, or the code has minimum amounts but none in this currency.',
    fix: 'Add the currency (coupon currency_options, or promotion code restrictions.currency_options), or charge in a supported currency.',
    docs_url: DOCS.couponsGuide,
    message: (e) =>
      e.restriction === 'amount_off'
        ? `The coupon takes a fixed amount off in ${upper(e.accepted_currencies)} only, not ${e.currency.toUpperCase()}` +
          `${e.currency_options_known ? '' : ' (its currency_options were not in the data; expand them to be sure)'}.`
        : `The promotion code sets minimum amounts in ${upper(e.accepted_currencies)} only, not ${e.currency.toUpperCase()}` +
          `${e.currency_options_known ? '' : ' (its restrictions.currency_options were not in the data; expand them to be sure)'}.`,
  },
  product_not_eligible: {
    severity: 'blocking',
    object: 'coupon',
    title: 'Products not eligible',
    cause: 'The coupon applies only to certain products (applies_to.products) and none of the given products is one of them.',
    fix: 'Add one of the eligible products to the order, or extend the coupon (a new coupon: applies_to cannot be changed).',
    docs_url: DOCS.couponsGuide,
    message: (e) => `The coupon applies only to ${list(e.applies_to_products)}; the order has ${list(e.products)}.`,
  },
  discount_ended: {
    severity: 'blocking',
    object: 'discount',
    title: 'Discount ended',
    cause: "The customer's discount has an end at or before the evaluation time (a repeating coupon ran its months).",
    fix: 'Apply a new coupon or promotion code if the customer should keep a discount.',
    docs_url: DOCS.discount,
    message: (e, id) => `The discount ${id}${e.coupon ? ` from coupon ${e.coupon}` : ''} ended at ${when(e, 'end')}.`,
  },
  livemode_mismatch: {
    severity: 'blocking',
    object: 'promotion_code',
    title: 'Exists in the other mode',
    cause: 'The object exists, but in the other mode (test or live) than the API key used.',
    fix: 'Use a key of the same mode as the object: sk_live_/rk_live_ for live objects, sk_test_/rk_test_ for test objects.',
    docs_url: DOCS.apiKeys,
    message: (e) => `${e.query} exists in ${e.object_mode} mode, but the key is a ${e.key_mode} mode key.`,
  },
  restricted_to_customer: {
    severity: 'conditional',
    object: 'promotion_code',
    title: 'Restricted to one customer',
    cause: 'The code can only be redeemed by one customer, and no --customer was given to check against.',
    fix: 'Pass --customer to check whether this customer may redeem it.',
    docs_url: DOCS.restrictions,
    message: (e, id) => `The promotion code ${id} can only be redeemed by ${e.restricted_to}.`,
  },
  first_time_customers_only: {
    severity: 'conditional',
    object: 'promotion_code',
    title: 'First-time customers only',
    cause: 'The code is restricted to customers with no earlier transactions, and the customer history was not checked.',
    fix: 'Pass --customer (with an API key: check) so the customer history can be checked.',
    docs_url: DOCS.restrictions,
    message: (e, id) =>
      e.customer
        ? `The promotion code ${id} is for first-time customers only; the history of ${e.customer} is not available offline (use check).`
        : `The promotion code ${id} is for first-time customers only.`,
  },
  minimum_amount_required: {
    severity: 'conditional',
    object: 'promotion_code',
    title: 'Minimum order amount',
    cause: 'The code needs a minimum order amount, and no --amount (with --currency) was given.',
    fix: 'Pass --amount and --currency to check the order against the minimum.',
    docs_url: DOCS.restrictions,
    message: (e, id) =>
      `The promotion code ${id} needs an order of at least ${e.minimums.map((m) => formatMoney(m.minimum_amount, m.currency)).join(' or ')}.`,
  },
  currency_restricted: {
    severity: 'conditional',
    object: 'coupon',
    title: 'Fixed amount in some currencies',
    cause: 'The coupon takes a fixed amount off (amount_off) only in its currencies, and no --currency was given.',
    fix: 'Pass --currency to check the order currency.',
    docs_url: DOCS.couponsGuide,
    message: (e, id) =>
      `The coupon ${id} takes a fixed amount off only in ${upper(e.accepted_currencies)}` +
      `${e.currency_options_known ? '' : ' (currency_options were not in the data)'}.`,
  },
  products_restricted: {
    severity: 'conditional',
    object: 'coupon',
    title: 'Limited to some products',
    cause: 'The coupon applies only to certain products, and no --product was given.',
    fix: 'Pass --product (repeatable) with the products in the order.',
    docs_url: DOCS.couponsGuide,
    message: (e, id) => `The coupon ${id} applies only to ${list(e.applies_to_products)}.`,
  },
  promotion_code_expires_soon: {
    severity: 'warning',
    object: 'promotion_code',
    title: 'Promotion code expires soon',
    cause: 'expires_at falls within the --warn-within horizon.',
    fix: 'Extend the campaign with a new code if it should outlive that date (expires_at cannot be changed).',
    docs_url: DOCS.promotionCode,
    message: (e, id) => `The promotion code ${id} expires at ${when(e, 'expires_at')} (warning horizon ${durationText(e.warn_within_seconds)}).`,
  },
  coupon_redeem_by_soon: {
    severity: 'warning',
    object: 'coupon',
    title: 'Coupon redeem_by soon',
    cause: 'The coupon redeem_by falls within the --warn-within horizon.',
    fix: 'Plan a new coupon if the campaign should outlive that date (redeem_by cannot be changed).',
    docs_url: DOCS.coupon,
    message: (e, id) => `The coupon ${id} can be redeemed only until ${when(e, 'redeem_by')} (warning horizon ${durationText(e.warn_within_seconds)}).`,
  },
  promotion_code_nearly_exhausted: {
    severity: 'warning',
    object: 'promotion_code',
    title: 'Promotion code nearly used up',
    cause: 'Remaining redemptions are at most 10% of max_redemptions (or 1).',
    fix: 'Create a follow-up code if demand should continue.',
    docs_url: DOCS.promotionCode,
    message: (e, id) => `The promotion code ${id} has ${e.remaining} of ${e.max_redemptions} redemptions left.`,
  },
  coupon_nearly_exhausted: {
    severity: 'warning',
    object: 'coupon',
    title: 'Coupon nearly used up',
    cause: 'Remaining coupon redemptions are at most 10% of max_redemptions (or 1), shared by every code of the coupon.',
    fix: 'Create a follow-up coupon if demand should continue.',
    docs_url: DOCS.coupon,
    message: (e, id) => `The coupon ${id} has ${e.remaining} of ${e.max_redemptions} redemptions left, across all its codes.`,
  },
  discount_outlives_coupon: {
    severity: 'info',
    object: 'discount',
    title: 'Discount outlives its coupon',
    cause:
      "The coupon can no longer be redeemed, but a discount already applied keeps applying for its duration: valid: false only stops new redemptions.",
    fix: 'Nothing to do if the customer should keep the discount; delete the discount to stop it.',
    docs_url: DOCS.couponsGuide,
    message: (e, id) => {
      const until = {
        end: `until ${e.end_iso ?? 'its end date'}`,
        next_invoice: 'to the next invoice (duration: once)',
        forever: 'for as long as it stays attached (duration: forever)',
        unknown: 'for its duration',
      }[e.applies_until];
      const state = e.coupon_state === 'deleted' ? 'was deleted' : 'is no longer valid for new redemptions';
      return `The discount ${id} keeps applying ${until} although its coupon ${e.coupon} ${state}.`;
    },
  },
  discount_applied_to_nothing: {
    severity: 'warning',
    object: 'discount',
    title: 'Discount applied to nothing',
    cause: "Stripe accepted the coupon or promotion code, but it took nothing off: no line is one of the coupon's applies_to products (Stripe accepts such a code and discounts nothing).",
    fix: "Add the coupon's products to applies_to, or sell one of them; a code that must discount everything needs a coupon without applies_to.",
    docs_url: DOCS.couponsGuide,
    message: (e, id) => {
      const what = [e.promotion_code && `promotion code ${e.promotion_code}`, e.coupon && `coupon ${e.coupon}`].filter(Boolean).join(' of ') || `discount ${id}`;
      const where = e.order_type === 'checkout_session' ? `Checkout Session ${e.order}` : `invoice ${e.order}`;
      const why = e.applies_to_products && e.line_products ? ` (it applies to ${list(e.applies_to_products)}; the lines are ${list(e.line_products) || 'without products'})` : '';
      return `The ${what} on ${where} discounted nothing${why}.`;
    },
  },
  coupon_not_found: {
    severity: 'blocking',
    object: 'coupon',
    title: 'Coupon not found',
    cause: 'Stripe answered that no coupon with that id exists in this account and mode (resource_missing).',
    fix: 'Check the coupon id, the account (Connect: --stripe-account) and the mode of the API key; coupons are per account and per mode.',
    docs_url: DOCS.errorCodes,
    message: (e) => `Stripe refused: ${quoteStripe(e)}; no coupon with that id exists for this key.`,
  },
  checkout_discounts_conflict: {
    severity: 'blocking',
    object: 'discount',
    title: 'Checkout: allow_promotion_codes and discounts together',
    cause: 'A Checkout Session was created with both allow_promotion_codes and discounts; Stripe accepts only one of the two.',
    fix: 'Either pre-apply the discount (discounts) or let the customer type a code (allow_promotion_codes: true), not both; send no allow_promotion_codes at all when discounts is set.',
    docs_url: DOCS.checkoutDiscounts,
    message: (e) => `Stripe refused the Checkout Session: ${quoteStripe(e)}.`,
  },
  checkout_single_discount: {
    severity: 'blocking',
    object: 'discount',
    title: 'Checkout: one discount only',
    cause: 'A Checkout Session takes at most one coupon or promotion code.',
    fix: 'Pass a single entry in discounts; combine the offers into one coupon if both must apply.',
    docs_url: DOCS.checkoutDiscounts,
    message: (e) => `Stripe refused the Checkout Session: ${quoteStripe(e)}; a session takes at most one coupon or promotion code.`,
  },
  total_reduced_to_zero: {
    severity: 'blocking',
    object: 'promotion_code',
    title: 'Total reduced to zero on an old API version',
    cause: 'Before API version 2023-08-16, Checkout refused a discount that brings the total to zero (no-cost orders).',
    fix: 'Create the Checkout Session with API version 2023-08-16 or later (Stripe-Version header or the SDK apiVersion), or use a discount below 100%.',
    docs_url: DOCS.noCostOrders,
    message: (e) => `Stripe refused: ${quoteStripe(e)}${e.api_version ? ` (the request used API version ${e.api_version})` : ''}.`,
  },
  stripe_refusal_unrecognised: {
    severity: 'blocking',
    object: 'promotion_code',
    title: 'Stripe refusal not recognised',
    cause: "Stripe refused the request with a message that matches none of the refusals promo-doctor knows; Stripe's text is kept as it is.",
    fix: 'Read Stripe\'s message and its request log (request_log_url); run promo-doctor check with the same context for the reasons promo-doctor can test.',
    docs_url: DOCS.errorCodes,
    message: (e) => `Stripe refused with a message promo-doctor does not recognise: ${quoteStripe(e)}${e.stripe_error.code ? ` (${e.stripe_error.code})` : ''}.`,
  },
};

export const REASON_CODES = Object.keys(CATALOGUE) as ReasonCode[];
