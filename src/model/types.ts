/**
 * The internal model: one shape for every Stripe API version the tool meets.
 *
 * Field names deliberately keep Stripe's snake_case spelling: the normalised objects are
 * printed as-is in `--json` output, where a jq user expects Stripe's own vocabulary.
 * Timestamps are unix seconds, as Stripe writes them; currencies are lower-case ISO codes.
 */
// `string & {}` is any string: the `& {}` keeps the alias's name visible to the checker, which
// scripts/schema.mjs reads to publish these as constraints (its JSDoc tags) or definitions.

/**
 * A Stripe object id (or another identifier taken from the data): never empty.
 * @minLength 1
 */
export type Id = string & {};

/**
 * ISO-8601 in UTC, as src/format/time.ts isoTime() writes it.
 * @format date-time
 * @pattern ^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$
 */
export type IsoTime = string & {};

/**
 * A three-letter ISO currency code, lower-case as Stripe writes it.
 * @pattern ^[a-z]{3}$
 */
export type Currency = string & {};

/** An object that was referenced but not expanded: only its id is known. */
export interface Reference {
  readonly kind: 'reference';
  readonly id: Id;
}

/** A deleted object: Stripe answers `{ id, object, deleted: true }`. */
export interface Deleted {
  readonly kind: 'deleted';
  readonly id: Id;
}

type CouponDuration = 'once' | 'repeating' | 'forever';

export interface Coupon {
  readonly kind: 'coupon';
  readonly id: Id;
  readonly name: string | null;
  readonly livemode: boolean | null;
  readonly created: number | null;
  /**
   * @asType number
   * @exclusiveMinimum 0
   * @maximum 100
   */
  readonly percent_off: number | null;
  /** @minimum 0 */
  readonly amount_off: number | null;
  /** Currency of `amount_off`; null for percent-off coupons. */
  readonly currency: Currency | null;
  /**
   * `amount_off` per extra currency. Null when the payload did not carry `currency_options`:
   * Stripe only returns it when expanded, so null means "unknown", not "none".
   * @propertyNames currency
   */
  readonly currency_options: Readonly<
    Record<
      string,
      {
        /** @minimum 0 */
        amount_off: number;
      }
    >
  > | null;
  /**
   * Products the coupon is limited to. Null when the payload did not carry `applies_to`
   * (only returned when expanded); an empty list never restricts.
   */
  readonly applies_to_products: readonly Id[] | null;
  readonly duration: CouponDuration | string;
  readonly duration_in_months: number | null;
  /** @minimum 0 */
  readonly max_redemptions: number | null;
  /** @minimum 0 */
  readonly times_redeemed: number;
  readonly redeem_by: number | null;
  readonly valid: boolean;
}

export type CouponLink = Coupon | Reference | Deleted;

export interface Customer {
  readonly kind: 'customer';
  readonly id: Id;
  readonly name: string | null;
  readonly email: string | null;
  readonly livemode: boolean | null;
  readonly created: number | null;
  /**
   * The currency the customer is billed in for recurring billing, set by its first
   * subscription, schedule, discount, quote or invoice item; null until then or when not in
   * the payload (https://docs.stripe.com/api/customers/object#customer_object-currency).
   */
  readonly currency?: Currency | null;
  readonly discount: Discount | null;
  /** Subscriptions, when the payload or the fetcher provided them (with their discounts). */
  readonly subscriptions: readonly Subscription[] | null;
}

export type CustomerLink = Customer | Reference | Deleted;

export interface Restrictions {
  readonly first_time_transaction: boolean;
  /** @minimum 0 */
  readonly minimum_amount: number | null;
  readonly minimum_amount_currency: Currency | null;
  /**
   * Minimum amounts in other currencies (`restrictions.currency_options[cur].minimum_amount`).
   * Null when the payload did not carry it: Stripe returns it only when expanded (it is in
   * `x-expandableFields` of promotion_codes_resource_restrictions), so null means "unknown".
   * @propertyNames currency
   */
  readonly currency_options: Readonly<
    Record<
      string,
      {
        /** @minimum 0 */
        minimum_amount: number;
      }
    >
  > | null;
}

/** Which Stripe shape the promotion code came in: `promotion.coupon` (2025-09-30+) or `coupon`. */
type PromotionCodeShape = 'promotion' | 'legacy_coupon';

export interface PromotionCode {
  readonly kind: 'promotion_code';
  readonly id: Id;
  readonly code: string;
  readonly active: boolean;
  readonly livemode: boolean | null;
  readonly created: number | null;
  readonly expires_at: number | null;
  /** @minimum 0 */
  readonly max_redemptions: number | null;
  /** @minimum 0 */
  readonly times_redeemed: number;
  /** The customer the code is restricted to, if any. */
  readonly customer: CustomerLink | null;
  /** The account (Accounts v2) the code is restricted to, if any. */
  readonly customer_account: Id | null;
  readonly coupon: CouponLink | null;
  readonly restrictions: Restrictions;
  readonly shape: PromotionCodeShape;
}

export type PromotionCodeLink = PromotionCode | Reference | Deleted;

export interface Discount {
  readonly kind: 'discount';
  readonly id: Id | null;
  readonly coupon: CouponLink | null;
  readonly promotion_code: PromotionCodeLink | null;
  readonly customer: Id | null;
  readonly subscription: Id | null;
  readonly subscription_item: Id | null;
  readonly invoice: Id | null;
  readonly invoice_item: Id | null;
  readonly checkout_session: Id | null;
  readonly start: number | null;
  /** Set for `repeating` coupons: when the discount stops applying. */
  readonly end: number | null;
}

export interface Subscription {
  readonly kind: 'subscription';
  readonly id: Id;
  readonly status: string;
  readonly customer: Id | null;
  readonly discounts: readonly Discount[];
  /**
   * The most recent invoice, when the payload expanded it (`latest_invoice`): the discounts it
   * carried tell which discounts stopped since (src/rules/stoppedDiscounts.ts). Null when it is
   * only an id or absent.
   */
  readonly latest_invoice?: LatestInvoice | null;
}

/** A subscription's latest invoice, as far as its discounts go. */
export interface LatestInvoice {
  readonly id: Id;
  readonly created: number | null;
  readonly currency: Currency | null;
  /** The total before discounts and taxes; 0 for a zero-cost invoice (a trial). */
  readonly subtotal: number | null;
  readonly total: number | null;
  /** The discounts it carried, deleted ones included (Stripe lists them as `{ deleted: true }`). */
  readonly discounts: readonly Discount[];
  /** False when `discounts` held only ids (not expanded): the discounts are then unknown. */
  readonly discounts_expanded: boolean;
}

/** A deleted coupon or customer handed to `explain` on its own (`{ id, object, deleted: true }`). */
export interface DeletedTarget {
  readonly kind: 'deleted_object';
  readonly object: 'coupon' | 'customer';
  readonly id: string;
}

/** Stripe's error body, as Stripe wrote it (`{"error": {type, code, message, param, request_log_url}}`). */
export interface StripeErrorFacts {
  readonly message: string;
  readonly type: string | null;
  readonly code: string | null;
  readonly param: string | null;
  readonly request_log_url: string | null;
}

/** An error response handed to `explain` on its own. */
export interface StripeError {
  readonly kind: 'stripe_error';
  readonly error: StripeErrorFacts;
  /** The request it answered (`req_…`), read from request_log_url. */
  readonly request_id: string | null;
}

/** A customer's earlier activity, gathered to judge the first-time restriction. */
export type HistoryObject = 'charge' | 'payment_intent' | 'invoice' | 'subscription';

export interface HistoryItem {
  readonly object: HistoryObject;
  readonly id: string;
  readonly status: string;
  readonly created: number | null;
}

export interface CustomerHistory {
  readonly customer: string;
  readonly items: readonly HistoryItem[];
}
