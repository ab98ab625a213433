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
import type { ReasonCode, SourceConfidence } from './findings.js';

export interface StripeMessage {
  /** Stable name of the entry, kept in the evidence (`matched`). */
  readonly id: string;
  /** Case-insensitive; ids and currencies are captured where Stripe names them. */
  readonly pattern: RegExp;
  /** The `error.code` that identifies the refusal even if the wording changes. */
  readonly stripe_code: string | null;
  /** The message as reported. */
  readonly example: string;
  /** Older or shorter wordings of the same refusal, as reported; the pattern matches each. */
  readonly variants: readonly string[];
  /** The reason codes it means; more than one when Stripe does not tell them apart. */
  readonly means: readonly [ReasonCode, ...ReasonCode[]];
  readonly note: string | null;
  readonly source: string;
  /**
   * How sure the wording and its meaning are: `documented` (a Stripe document quotes it),
   * `observed` (public reports, integrations or mocks quote it verbatim), `inferred` (the
   * wording is promo-doctor's reading of the documented behaviour, not seen verbatim).
   */
  readonly source_confidence: SourceConfidence;
  /** What to ask promo-doctor, from what the pattern captured; absent when nothing helps. */
  readonly hint?: (groups: readonly string[]) => string | null;
}

/** "No such promotion code: 'SUMMER20'": an id that is no promo_ id is a customer-facing code. */
const CUSTOMER_FACING = /^(?!promo_)[A-Za-z0-9-]+$/;

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
    variants: [
      'No such customer: cus_8PDDTSxvV2oGmy; a similar object exists in live mode, but a test mode key was used to make this request.',
    ],
    means: ['livemode_mismatch'],
    note: null,
    source: 'https://github.com/stripe/stripe-node/issues/149',
    source_confidence: 'observed',
  },
  {
    id: 'no_such_promotion_code_customer_facing',
    // The same resource_missing refusal, naming something that is no promo_ id: Stripe's
    // `discounts[][promotion_code]` takes the id of a promotion code object
    // (https://docs.stripe.com/api/checkout/sessions/create#create_checkout_session-discounts-promotion_code),
    // and integrations that pass the typed code there get this answer (public code that looks the
    // code up first and returns "No such promotion code: '<typed code>'" otherwise, found by
    // exact-string search of GitHub code). Reading it as "the customer-facing code was passed" is inferred.
    pattern: /^No such promotion[ _]code:\s*'?((?!promo_)[A-Za-z0-9-]+)'?\s*$/i,
    stripe_code: 'resource_missing',
    example: "No such promotion code: 'SUMMER20'",
    variants: ["No such promotion_code: 'FALL10'"],
    means: ['promotion_code_not_found'],
    note: 'The value is no promo_ id: the customer-facing code was probably passed where Stripe wants the id of the promotion code (promo_…); look the id up with GET /v1/promotion_codes?code=….',
    source: 'https://docs.stripe.com/api/checkout/sessions/create#create_checkout_session-discounts-promotion_code',
    source_confidence: 'inferred',
    hint: (groups) =>
      groups[0] && CUSTOMER_FACING.test(groups[0])
        ? `promo-doctor check ${groups[0]} finds the promotion code behind the customer-facing code ${groups[0]}.`
        : null,
  },
  {
    id: 'no_such_promotion_code',
    // https://docs.stripe.com/error-codes/resource-missing (resource_missing: "The ID provided is not valid");
    // Stripe words it "No such <object>: '<id>'" (https://github.com/payolapayments/payola/issues/278 shows the form for a customer);
    // a recorded Stripe 404 body with param promotion_code is replayed by public test code.
    pattern: /^No such promotion[ _]code(?::\s*'?([^';\s]+)'?)?/i,
    stripe_code: 'resource_missing',
    example: "No such promotion code: 'promo_1Nope'",
    variants: ["No such promotion code: 'promo_unknown'", "No such promotion_code: 'promo_1Nope'"],
    means: ['promotion_code_not_found'],
    note: null,
    source: 'https://docs.stripe.com/error-codes/resource-missing',
    source_confidence: 'observed',
  },
  {
    id: 'no_such_coupon',
    // https://docs.stripe.com/error-codes/resource-missing; wording as in https://github.com/payolapayments/payola/issues/278
    pattern: /^No such coupon(?::\s*'?([^';\s]+)'?)?/i,
    stripe_code: 'resource_missing',
    example: "No such coupon: 'SPRING25'",
    variants: ['No such coupon: SPRING25'],
    means: ['coupon_not_found'],
    note: null,
    source: 'https://docs.stripe.com/error-codes/resource-missing',
    source_confidence: 'observed',
  },
  {
    id: 'prior_transactions',
    // https://github.com/stripe/stripe-node/issues/1318, https://github.com/stripe/stripe-php/issues/1146,
    // https://github.com/stripe/stripe-node/issues/2349 (refused with only an open invoice).
    // The error code promotion_code_customer_not_first_time is read by integrations that handle
    // this refusal (several public projects, found by exact-string search of GitHub code) and
    // listed with Stripe's error codes by a public Stripe emulator's copy of docs.stripe.com/error-codes;
    // stripe-node 23's enum of error codes does not list it: observed, not documented.
    pattern: /promotion code cannot be redeemed because the associated customer has prior transactions/i,
    stripe_code: 'promotion_code_customer_not_first_time',
    example: 'This promotion code cannot be redeemed because the associated customer has prior transactions.',
    variants: [],
    means: ['customer_has_prior_transactions'],
    note: 'Stripe counts more than successful payments: an open invoice or a subscription can be enough (stripe-node#2349).',
    source: 'https://github.com/stripe/stripe-node/issues/1318',
    source_confidence: 'observed',
  },
  {
    id: 'minimum_amount',
    // Quoted verbatim, with param discounts[0][promotion_code], by public code that maps Stripe's
    // 400s (found by exact-string search of GitHub code; two projects, one noting a production
    // 400 on 2026-07-07 caused by a trial that made the checkout amount $0). No Stripe
    // document quotes it: observed.
    pattern:
      /promotion code cannot be redeemed because the associated purchase does not meet the minimum amount requirement/i,
    stripe_code: null,
    example:
      'This promotion code cannot be redeemed because the associated purchase does not meet the minimum amount requirement.',
    variants: [],
    means: ['minimum_amount_not_met'],
    note: 'A trial makes the first invoice $0, which is below any minimum.',
    source: 'https://docs.stripe.com/billing/subscriptions/coupons',
    source_confidence: 'observed',
  },
  {
    id: 'subscription_update_minimum',
    // The full wording is quoted by an integration that handles it when applying a code to a live
    // subscription (found by exact-string search of GitHub code); the shorter, older one (with
    // Stripe's typo "subcription") by stripe-ruby-mock, which replays Stripe's refusals
    // (https://github.com/stripe-ruby-mock/stripe-ruby-mock, lib/stripe_mock/request_handlers/subscriptions.rb).
    // The behaviour is documented: "Cannot apply with amount restrictions to … subscription updates"
    // (https://docs.stripe.com/billing/subscriptions/coupons).
    pattern:
      /promotion code cannot be redeemed on a subs?cription update because it uses the .?minimum_amount.? restriction/i,
    stripe_code: null,
    example:
      'This promotion code cannot be redeemed on a subscription update because it uses the `minimum_amount` restriction and the amount may change.',
    variants: [
      'This promotion code cannot be redeemed on a subcription update because it uses the `minimum_amount` restriction.',
    ],
    means: ['minimum_amount_refused_on_surface'],
    note: 'Stripe cannot check a minimum on a subscription update (the customer portal updates subscriptions), invoice items or future phases.',
    source: 'https://github.com/stripe-ruby-mock/stripe-ruby-mock',
    source_confidence: 'observed',
  },
  {
    id: 'portal_promotion_code',
    // The portal takes a code only when its configuration allows `promotion_code` among
    // features.subscription_update.default_allowed_updates (stripe-node, BillingPortal/Configurations.ts;
    // https://docs.stripe.com/api/customer_portal/configurations/object#portal_configuration_object-features-subscription_update-default_allowed_updates).
    // No verbatim refusal was found: this matches a message that names the portal and
    // promotion codes together, so its wording is inferred.
    pattern:
      /\b(?:customer|billing) portal\b[^.]*\bpromotion[_ ]codes?\b|\bpromotion[_ ]codes?\b[^.]*\b(?:customer|billing) portal\b/i,
    stripe_code: null,
    example: 'Promotion codes are not enabled for this customer portal configuration.',
    variants: [],
    means: ['portal_promotion_codes_disabled'],
    note: 'Wording inferred: the portal configuration must allow promotion_code in default_allowed_updates.',
    source:
      'https://docs.stripe.com/api/customer_portal/configurations/object#portal_configuration_object-features-subscription_update-default_allowed_updates',
    source_confidence: 'inferred',
  },
  {
    id: 'currency',
    // https://github.com/hugodemenez/deltalytix/pull/508 (a USD promotion code on a EUR price)
    pattern: /promotion code default currency \(([a-z]{3})\) does not match the line item currency \(([a-z]{3})\)/i,
    stripe_code: null,
    example: 'The promotion code default currency (usd) does not match the line item currency (eur).',
    variants: [],
    means: ['currency_mismatch'],
    note: null,
    source: 'https://github.com/hugodemenez/deltalytix/pull/508',
    source_confidence: 'observed',
  },
  {
    id: 'customer_currency_locked',
    // "Can't combine currencies on a single customer. This customer has had a subscription, coupon, or
    // invoice item with currency eur": https://github.com/stripe/stripe-java/pull/146 (2015);
    // "You cannot combine…": https://github.com/gitpod-io/gitpod/pull/12376 (2022); the current wording
    // ("…has an active subscription, subscription schedule, discount, quote, or invoice item with
    // currency eur."): https://github.com/Automattic/woocommerce-payments/issues/7732 (2023).
    // The lock is on the customer, with or without a coupon: customer.currency "is the currency the
    // customer can be charged in for recurring billing purposes" (https://docs.stripe.com/api/customers/object#customer_object-currency).
    pattern: /(?:cannot|can't|can not) combine currencies on a single customer/i,
    stripe_code: null,
    example:
      'You cannot combine currencies on a single customer. This customer has an active subscription, subscription schedule, discount, quote, or invoice item with currency eur.',
    variants: [
      "Can't combine currencies on a single customer. This customer has had a subscription, coupon, or invoice item with currency eur",
      'You cannot combine currencies on a single customer. This customer has had a subscription, coupon, or invoice item with currency eur',
    ],
    means: ['customer_currency_locked'],
    note: 'The customer is held to the currency of its subscriptions, schedules, discounts, quotes or invoice items, coupon or not.',
    source: 'https://github.com/Automattic/woocommerce-payments/issues/7732',
    source_confidence: 'observed',
  },
  {
    id: 'coupon_expired',
    // https://github.com/RSSNext/Folo/issues/4762 ({"code": "coupon_expired", "message": "Coupon rIKJvnUw is expired and cannot be applied."});
    // the code is in stripe-node's error-code enum (types Invoices.d.ts, last_finalization_error.code)
    pattern: /^Coupon (\S+) is expired and cannot be applied/i,
    stripe_code: 'coupon_expired',
    example: 'Coupon rIKJvnUw is expired and cannot be applied.',
    variants: [],
    means: ['coupon_redeem_by_passed', 'coupon_max_redemptions_reached'],
    note: 'Stripe says "expired" both when redeem_by has passed and when max_redemptions is reached; read the coupon to tell which.',
    source: 'https://github.com/RSSNext/Folo/issues/4762',
    source_confidence: 'observed',
  },
  {
    id: 'coupon_applies_to_nothing',
    // {"code": "coupon_applies_to_nothing", "message": "This coupon cannot be redeemed because it does
    // not apply to anything in this order."}: replayed verbatim by public tests of Checkout Session
    // creation, and handled by name in several integrations that create Checkout Sessions with a
    // coupon limited to other products (found by exact-string search of GitHub code). No Stripe
    // document quotes it: observed.
    pattern: /coupon cannot be redeemed because it does not apply to anything in this order/i,
    stripe_code: 'coupon_applies_to_nothing',
    example: 'This coupon cannot be redeemed because it does not apply to anything in this order.',
    variants: [],
    means: ['product_not_eligible'],
    note: "Checkout refuses a coupon whose applies_to.products matches none of the session's line items.",
    source: 'https://docs.stripe.com/billing/subscriptions/coupons',
    source_confidence: 'observed',
  },
  {
    id: 'checkout_discounts_conflict',
    // https://github.com/stripe/stripe-node/issues/2248 (param allow_promotion_codes),
    // https://github.com/stripe/stripe-php/issues/1731 (Stripe staff: "we only allow one discount at a time")
    pattern: /You may only specify one of these parameters: allow_promotion_codes, discounts/i,
    stripe_code: null,
    example: 'You may only specify one of these parameters: allow_promotion_codes, discounts.',
    variants: [],
    means: ['checkout_discounts_conflict'],
    note: null,
    source: 'https://github.com/stripe/stripe-node/issues/2248',
    source_confidence: 'observed',
  },
  {
    id: 'coupon_and_promotion_code_conflict',
    // "You may only specify one of these parameters: coupon, promotion_code", param coupon or
    // discounts: stripe-ruby-mock replays it for subscriptions and for each entry of `discounts`
    // (https://github.com/stripe-ruby-mock/stripe-ruby-mock, lib/stripe_mock/request_handlers/subscriptions.rb).
    // Stripe's error code for it would be parameters_exclusive (stripe-node's enum); not seen with it.
    pattern: /You may only specify one of these parameters: coupon, promotion_code/i,
    stripe_code: null,
    example: 'You may only specify one of these parameters: coupon, promotion_code.',
    variants: ['You may only specify one of these parameters: coupon, promotion_code'],
    means: ['coupon_and_promotion_code_conflict'],
    note: 'One discount entry takes a coupon or a promotion code, not both.',
    source: 'https://github.com/stripe-ruby-mock/stripe-ruby-mock',
    source_confidence: 'observed',
  },
  {
    id: 'discount_parameter_removed',
    // "Received unknown parameter: coupon" (code parameter_unknown): newer API versions removed the
    // top-level `coupon` and `promotion_code` parameters in favour of `discounts` (subscriptions,
    // 2025-03-31) and `promotion[coupon]` (promotion codes, 2025-09-30) (https://docs.stripe.com/changelog).
    // Quoted verbatim by many public integrations that hit it (found by exact-string search of
    // GitHub code, several noting the discount was never applied because the error was swallowed).
    pattern: /^Received unknown parameters?: (coupon|promotion_code)\b/i,
    stripe_code: 'parameter_unknown',
    example: 'Received unknown parameter: coupon',
    variants: ['Received unknown parameter: promotion_code'],
    means: ['discount_parameter_removed'],
    note: 'Newer API versions take discounts (or promotion[coupon] on a promotion code) instead; a caller that swallows this error never applies the discount.',
    source: 'https://docs.stripe.com/changelog',
    source_confidence: 'observed',
  },
  {
    id: 'checkout_single_discount',
    // https://docs.stripe.com/payments/checkout/discounts: "Checkout Sessions supports up to one
    // coupon or promotion code." The exact error wording was not found; the pattern follows the docs.
    pattern: /\b(?:up to|only|at most|more than) one (?:coupon|promotion code|discount)/i,
    stripe_code: null,
    example: 'Checkout Sessions supports up to one coupon or promotion code.',
    variants: [],
    means: ['checkout_single_discount'],
    note: 'Wording from the Checkout docs; the exact error text is not documented.',
    source: 'https://docs.stripe.com/payments/checkout/discounts',
    source_confidence: 'documented',
  },
  {
    id: 'total_reduced_to_zero',
    // https://github.com/enupal/stripe/issues/393; the change: https://docs.stripe.com/changelog/2023-08-16/no-cost-orders-checkout-session
    pattern: /cannot be applied because it reduces the total to zero/i,
    stripe_code: null,
    example:
      'This promotion code cannot be applied because it reduces the total to zero. Upgrade your API version to 2023-08-16 to accept no-cost orders.',
    variants: [],
    means: ['total_reduced_to_zero'],
    note: 'Only API versions before 2023-08-16 refuse no-cost Checkout orders.',
    source: 'https://github.com/enupal/stripe/issues/393',
    source_confidence: 'observed',
  },
];

const GENERIC_CODES: ReadonlySet<string> = new Set(['resource_missing', 'parameter_unknown']);

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
  // A code that names one refusal only (coupon_expired) identifies it even if the text changed;
  // resource_missing and parameter_unknown name any object or parameter.
  const byCode =
    code === null || GENERIC_CODES.has(code) ? undefined : STRIPE_MESSAGES.find((e) => e.stripe_code === code);
  return byCode ? { entry: byCode, groups: [] } : null;
}

/** The entries that mean a reason code, for `promo-doctor reasons <code>`. */
export function messagesMeaning(code: ReasonCode): StripeMessage[] {
  return STRIPE_MESSAGES.filter((e) => e.means.includes(code));
}
