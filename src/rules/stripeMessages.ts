/**
 * The refusal messages Stripe really sends when a discount cannot be redeemed, and the
 * reason codes each one means. This is the one table: `promo-doctor reasons` prints it, and
 * `explain` matches an error body against it, first match wins (order matters: the
 * other-mode variants of "No such …" come before the plain ones).
 *
 * Stripe has no error code per refusal: they are `invalid_request_error`s told apart by
 * their text only (`resource_missing` for unknown ids, `coupon_expired` for a coupon that can
 * no longer be redeemed; the enum of codes is in stripe-node, types/…/Invoices.d.ts,
 * `last_finalization_error.code`). Every pattern is anchored on Stripe's own wording, as
 * quoted by the source cited next to it.
 */
import type { ReasonCode } from './findings.js';

export interface StripeMessage {
  /** Stable name of the entry, kept in the evidence (`matched`). */
  readonly id: string;
  /** Case-insensitive; ids and currencies are captured where Stripe names them. */
  readonly pattern: RegExp;
  /** The `error.code` that identifies the refusal even if the wording changes. */
  readonly stripe_code: string | null;
  /** The message as reported. */
  readonly example: string;
  /** The reason codes it means; more than one when Stripe does not tell them apart. */
  readonly means: readonly [ReasonCode, ...ReasonCode[]];
  readonly note: string | null;
  readonly source: string;
}

export const STRIPE_MESSAGES: readonly StripeMessage[] = [
  {
    id: 'other_mode',
    // https://github.com/stripe/stripe-node/issues/149 (title quotes it);
    // https://github.com/payolapayments/payola/issues/278 ("No such customer: cus_…; a similar object exists in live mode, but a test mode key was used to make this request.")
    pattern:
      /^No such ([a-z_ ]+?): '?([^';\s]+)'?; a similar object exists in (test|live) mode, but a (test|live) mode key was used/i,
    stripe_code: 'resource_missing',
    example:
      "No such coupon: 'SPRING'; a similar object exists in test mode, but a live mode key was used to make this request.",
    means: ['livemode_mismatch'],
    note: null,
    source: 'https://github.com/stripe/stripe-node/issues/149',
  },
  {
    id: 'no_such_promotion_code',
    // https://docs.stripe.com/error-codes#resource-missing (resource_missing: "The ID provided is not valid");
    // Stripe words it "No such <object>: '<id>'" (https://github.com/payolapayments/payola/issues/278 shows the form for a customer).
    pattern: /^No such promotion[ _]code(?::\s*'?([^';\s]+)'?)?/i,
    stripe_code: 'resource_missing',
    example: "No such promotion code: 'promo_1Nope'",
    means: ['promotion_code_not_found'],
    note: null,
    source: 'https://docs.stripe.com/error-codes#resource-missing',
  },
  {
    id: 'no_such_coupon',
    // https://docs.stripe.com/error-codes#resource-missing; wording as in https://github.com/payolapayments/payola/issues/278
    pattern: /^No such coupon(?::\s*'?([^';\s]+)'?)?/i,
    stripe_code: 'resource_missing',
    example: "No such coupon: 'SPRING25'",
    means: ['coupon_not_found'],
    note: null,
    source: 'https://docs.stripe.com/error-codes#resource-missing',
  },
  {
    id: 'prior_transactions',
    // https://github.com/stripe/stripe-node/issues/1318, https://github.com/stripe/stripe-php/issues/1146,
    // https://github.com/stripe/stripe-node/issues/2349 (refused with only an open invoice)
    pattern: /promotion code cannot be redeemed because the associated customer has prior transactions/i,
    stripe_code: null,
    example: 'This promotion code cannot be redeemed because the associated customer has prior transactions.',
    means: ['customer_has_prior_transactions'],
    note: 'Stripe counts more than successful payments: an open invoice or a subscription can be enough (stripe-node#2349).',
    source: 'https://github.com/stripe/stripe-node/issues/1318',
  },
  {
    id: 'minimum_amount',
    // Quoted verbatim, with param discounts[0][promotion_code], by public code that maps Stripe's
    // 400s (found by exact-string search of GitHub code; two projects, one noting a production
    // 400 on 2026-07-07 caused by a trial that made the checkout amount $0). No Stripe
    // document quotes it: medium confidence.
    pattern:
      /promotion code cannot be redeemed because the associated purchase does not meet the minimum amount requirement/i,
    stripe_code: null,
    example:
      'This promotion code cannot be redeemed because the associated purchase does not meet the minimum amount requirement.',
    means: ['minimum_amount_not_met'],
    note: 'A trial makes the first invoice $0, which is below any minimum.',
    source: 'https://docs.stripe.com/billing/subscriptions/coupons#promotion-code-restrictions',
  },
  {
    id: 'currency',
    // https://github.com/hugodemenez/deltalytix/pull/508 (a USD promotion code on a EUR price)
    pattern: /promotion code default currency \(([a-z]{3})\) does not match the line item currency \(([a-z]{3})\)/i,
    stripe_code: null,
    example: 'The promotion code default currency (usd) does not match the line item currency (eur).',
    means: ['currency_mismatch'],
    note: null,
    source: 'https://github.com/hugodemenez/deltalytix/pull/508',
  },
  {
    id: 'customer_currency_locked',
    // "Can't combine currencies on a single customer. This customer has had a subscription, coupon, or
    // invoice item with currency eur": https://github.com/stripe/stripe-java/pull/146 (2015);
    // "You cannot combine…": https://github.com/gitpod-io/gitpod/pull/12376 (2022); the current wording
    // ("…has an active subscription, subscription schedule, discount, quote, or invoice item with
    // currency eur."): https://github.com/Automattic/woocommerce-payments/issues/7732 (2023).
    pattern: /(?:cannot|can't|can not) combine currencies on a single customer/i,
    stripe_code: null,
    example:
      'You cannot combine currencies on a single customer. This customer has an active subscription, subscription schedule, discount, quote, or invoice item with currency eur.',
    means: ['currency_mismatch'],
    note: 'The customer is held to the currency of its subscriptions, discounts or invoice items; an amount_off coupon in another currency cannot apply.',
    source: 'https://github.com/Automattic/woocommerce-payments/issues/7732',
  },
  {
    id: 'coupon_expired',
    // https://github.com/RSSNext/Folo/issues/4762 ({"code": "coupon_expired", "message": "Coupon rIKJvnUw is expired and cannot be applied."});
    // the code is in stripe-node's error-code enum (types Invoices.d.ts, last_finalization_error.code)
    pattern: /^Coupon (\S+) is expired and cannot be applied/i,
    stripe_code: 'coupon_expired',
    example: 'Coupon rIKJvnUw is expired and cannot be applied.',
    means: ['coupon_redeem_by_passed', 'coupon_max_redemptions_reached'],
    note: 'Stripe says "expired" both when redeem_by has passed and when max_redemptions is reached; read the coupon to tell which.',
    source: 'https://github.com/RSSNext/Folo/issues/4762',
  },
  {
    id: 'checkout_discounts_conflict',
    // https://github.com/stripe/stripe-node/issues/2248 (param allow_promotion_codes),
    // https://github.com/stripe/stripe-php/issues/1731 (Stripe staff: "we only allow one discount at a time")
    pattern: /You may only specify one of these parameters: allow_promotion_codes, discounts/i,
    stripe_code: null,
    example: 'You may only specify one of these parameters: allow_promotion_codes, discounts.',
    means: ['checkout_discounts_conflict'],
    note: null,
    source: 'https://github.com/stripe/stripe-node/issues/2248',
  },
  {
    id: 'checkout_single_discount',
    // https://docs.stripe.com/payments/checkout/discounts: "Checkout Sessions supports up to one
    // coupon or promotion code." The exact error wording was not found; the pattern follows the docs.
    pattern: /\b(?:up to|only|at most|more than) one (?:coupon|promotion code|discount)/i,
    stripe_code: null,
    example: 'Checkout Sessions supports up to one coupon or promotion code.',
    means: ['checkout_single_discount'],
    note: 'Wording from the Checkout docs; the exact error text is not documented.',
    source: 'https://docs.stripe.com/payments/checkout/discounts',
  },
  {
    id: 'total_reduced_to_zero',
    // https://github.com/enupal/stripe/issues/393; the change: https://docs.stripe.com/changelog/2023-08-16/no-cost-orders-checkout-session
    pattern: /cannot be applied because it reduces the total to zero/i,
    stripe_code: null,
    example:
      'This promotion code cannot be applied because it reduces the total to zero. Upgrade your API version to 2023-08-16 to accept no-cost orders.',
    means: ['total_reduced_to_zero'],
    note: 'Only API versions before 2023-08-16 refuse no-cost Checkout orders.',
    source: 'https://github.com/enupal/stripe/issues/393',
  },
];

export interface MessageMatch {
  readonly entry: StripeMessage;
  /** What the pattern captured: ids, currencies, modes. */
  readonly groups: readonly string[];
}

/** The entry Stripe's error means: by its wording first, else by its error code alone. */
export function matchStripeMessage(message: string, code: string | null): MessageMatch | null {
  for (const entry of STRIPE_MESSAGES) {
    const m = entry.pattern.exec(message);
    if (m) return { entry, groups: m.slice(1).map((g) => g ?? '') };
  }
  // A code that names one refusal only (coupon_expired) identifies it even if the text changed.
  const byCode =
    code === null
      ? undefined
      : STRIPE_MESSAGES.find((e) => e.stripe_code === code && e.stripe_code !== 'resource_missing');
  return byCode ? { entry: byCode, groups: [] } : null;
}

/** The entries that mean a reason code, for `promo-doctor reasons <code>`. */
export function messagesMeaning(code: ReasonCode): StripeMessage[] {
  return STRIPE_MESSAGES.filter((e) => e.means.includes(code));
}
