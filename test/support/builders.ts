/**
 * Builders for raw Stripe objects in the current API shape (2026-10-28, as
 * typed by stripe-node 23). Every field of the type is filled with a plain
 * default; pass overrides for what a test is about.
 *
 * Ids come from one counter (`promo_1`, `COUPON2`, `cus_3`, …) and `created`
 * grows with it, so objects built later list as newer, like on Stripe. Call
 * `resetBuilderIds()` in a `beforeEach` for ids that do not depend on test order.
 *
 * References are id strings (Stripe's unexpanded form). Includable fields
 * (coupon `applies_to` / `currency_options`, promotion code
 * `restrictions.currency_options`) are left out unless given: on Stripe their
 * absence means "no such restriction".
 */
import type Stripe from 'stripe';

type Overrides<T> = { [Key in keyof T]?: T[Key] };

/** 2026-01-01T00:00:00Z: the first object's `created`; each next one is a minute later. */
const FIRST_CREATED = 1_767_225_600;

let counter = 0;

export function resetBuilderIds(): void {
  counter = 0;
}

/**
 * What `make` builds, with ids from 1 as after `resetBuilderIds()`, whatever was built before or
 * is built after: for tests that run concurrently (`describe.concurrent`), whose builds would
 * otherwise interleave on the one counter, in an order that depends on timing.
 */
export function withFreshIds<T>(make: () => T): T {
  const saved = counter;
  counter = 0;
  try {
    return make();
  } finally {
    counter = saved;
  }
}

function next(): { n: number; created: number } {
  counter += 1;
  return { n: counter, created: FIRST_CREATED + counter * 60 };
}

function idOf(reference: string | { id: string } | null | undefined): string | null {
  if (reference === null || reference === undefined) return null;
  return typeof reference === 'string' ? reference : reference.id;
}

// ---------------------------------------------------------------- coupons & promotion codes

export function coupon(overrides: Overrides<Stripe.Coupon> = {}): Stripe.Coupon {
  const { n, created } = next();
  return {
    id: `COUPON${n}`,
    object: 'coupon',
    amount_off: null,
    created,
    currency: null,
    duration: 'once',
    duration_in_months: null,
    livemode: false,
    max_redemptions: null,
    metadata: {},
    name: null,
    percent_off: 25,
    redeem_by: null,
    times_redeemed: 0,
    valid: true,
    ...overrides,
  };
}

/** A one-off price of a product, as GET /v1/prices/:id answers it (product not expanded). */
export function price(overrides: { id?: string; product: string; unit_amount?: number; currency?: string }): object {
  const { n, created } = next();
  return {
    id: `price_${n}`,
    object: 'price',
    active: true,
    billing_scheme: 'per_unit',
    created,
    currency: 'usd',
    livemode: false,
    lookup_key: null,
    metadata: {},
    nickname: null,
    recurring: null,
    tax_behavior: 'unspecified',
    type: 'one_time',
    unit_amount: 4000,
    ...overrides,
  };
}

export type PromotionCodeOverrides = Omit<Overrides<Stripe.PromotionCode>, 'restrictions'> & {
  /** Merged into the default restrictions. */
  restrictions?: Partial<Stripe.PromotionCode.Restrictions>;
  /** Shorthand for `promotion: { type: 'coupon', coupon: <id> }`; a built coupon or its id. */
  coupon?: string | Stripe.Coupon;
};

export function promotionCode(overrides: PromotionCodeOverrides = {}): Stripe.PromotionCode {
  const { n, created } = next();
  const { restrictions, coupon: couponRef, ...rest } = overrides;
  return {
    id: `promo_${n}`,
    object: 'promotion_code',
    active: true,
    code: `CODE${n}`,
    created,
    customer: null,
    customer_account: null,
    expires_at: null,
    livemode: false,
    max_redemptions: null,
    metadata: {},
    promotion: { type: 'coupon', coupon: idOf(couponRef) },
    restrictions: {
      first_time_transaction: false,
      minimum_amount: null,
      minimum_amount_currency: null,
      ...restrictions,
    },
    times_redeemed: 0,
    ...rest,
  };
}

export type DiscountOverrides = Overrides<Stripe.Discount> & {
  /** Shorthand for `source: { type: 'coupon', coupon: <id> }`. */
  coupon?: string | Stripe.Coupon;
};

export function discount(overrides: DiscountOverrides = {}): Stripe.Discount {
  const { n, created } = next();
  const { coupon: couponRef, ...rest } = overrides;
  return {
    id: `di_${n}`,
    object: 'discount',
    checkout_session: null,
    customer: null,
    customer_account: null,
    end: null,
    invoice: null,
    invoice_item: null,
    promotion_code: null,
    source: { type: 'coupon', coupon: idOf(couponRef) },
    start: created,
    subscription: null,
    subscription_item: null,
    ...rest,
  };
}

// ---------------------------------------------------------------- customers

export function customer(overrides: Overrides<Stripe.Customer> = {}): Stripe.Customer {
  const { n, created } = next();
  return {
    id: `cus_${n}`,
    object: 'customer',
    address: null,
    balance: 0,
    created,
    currency: null,
    customer_account: null,
    default_source: null,
    delinquent: false,
    description: null,
    discount: null,
    email: `customer${n}@example.com`,
    invoice_prefix: `FAKE${String(n).padStart(4, '0')}`,
    invoice_settings: { custom_fields: null, default_payment_method: null, footer: null, rendering_options: null },
    livemode: false,
    metadata: {},
    name: `Customer ${n}`,
    next_invoice_sequence: 1,
    phone: null,
    preferred_locales: [],
    shipping: null,
    tax_exempt: 'none',
    test_clock: null,
    ...overrides,
  };
}

/** What Stripe returns for a deleted customer, on retrieve and when expanded. */
export function deletedCustomer(id: string): Stripe.DeletedCustomer {
  return { id, object: 'customer', deleted: true };
}

// ---------------------------------------------------------------- payments

export function charge(overrides: Overrides<Stripe.Charge> = {}): Stripe.Charge {
  const { n, created } = next();
  return {
    id: `ch_${n}`,
    object: 'charge',
    amount: 2000,
    amount_captured: 2000,
    amount_refunded: 0,
    application: null,
    application_fee: null,
    application_fee_amount: null,
    balance_transaction: `txn_${n}`,
    billing_details: { address: null, email: null, name: null, phone: null, tax_id: null },
    calculated_statement_descriptor: 'PROMO DOCTOR',
    captured: true,
    created,
    currency: 'usd',
    customer: null,
    description: null,
    disputed: false,
    failure_balance_transaction: null,
    failure_code: null,
    failure_message: null,
    fraud_details: {},
    livemode: false,
    metadata: {},
    on_behalf_of: null,
    outcome: {
      advice_code: null,
      network_advice_code: null,
      network_decline_code: null,
      network_status: 'approved_by_network',
      reason: null,
      risk_level: 'normal',
      seller_message: 'Payment complete.',
      type: 'authorized',
    },
    paid: true,
    payment_intent: null,
    payment_method: `pm_${n}`,
    payment_method_details: null,
    receipt_email: null,
    receipt_number: null,
    receipt_url: null,
    refunded: false,
    review: null,
    shipping: null,
    source: null,
    source_transfer: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: 'succeeded',
    transfer_data: null,
    transfer_group: null,
    ...overrides,
  };
}

export function paymentIntent(overrides: Overrides<Stripe.PaymentIntent> = {}): Stripe.PaymentIntent {
  const { n, created } = next();
  const id = overrides.id ?? `pi_${n}`;
  return {
    id,
    object: 'payment_intent',
    allowed_payment_method_types: null,
    amount: 2000,
    amount_capturable: 0,
    amount_received: 2000,
    application: null,
    application_fee_amount: null,
    automatic_payment_methods: null,
    canceled_at: null,
    cancellation_reason: null,
    capture_method: 'automatic_async',
    client_secret: `${id}_secret_fake`,
    confirmation_method: 'automatic',
    created,
    currency: 'usd',
    customer: null,
    customer_account: null,
    description: null,
    excluded_payment_method_types: null,
    last_payment_error: null,
    latest_charge: null,
    livemode: false,
    managed_payments: null,
    metadata: {},
    next_action: null,
    on_behalf_of: null,
    payment_method: null,
    payment_method_configuration_details: null,
    payment_method_options: null,
    payment_method_types: ['card'],
    payment_record: null,
    processing: null,
    receipt_email: null,
    review: null,
    setup_future_usage: null,
    shipping: null,
    source: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: 'succeeded',
    transfer_data: null,
    transfer_group: null,
    ...overrides,
  };
}

// ---------------------------------------------------------------- billing

export function invoice(overrides: Overrides<Stripe.Invoice> = {}): Stripe.Invoice {
  const { n, created } = next();
  const id = overrides.id ?? `in_${n}`;
  const status = overrides.status ?? 'paid';
  return {
    id,
    object: 'invoice',
    account_country: 'US',
    account_name: 'Fake Account',
    account_tax_ids: null,
    amount_due: 2000,
    amount_overpaid: 0,
    amount_paid: status === 'paid' ? 2000 : 0,
    amount_remaining: status === 'paid' ? 0 : 2000,
    amount_shipping: 0,
    application: null,
    attempt_count: status === 'paid' ? 1 : 0,
    attempted: status === 'paid',
    auto_advance: false,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null, provider: null, status: null },
    automatically_finalizes_at: null,
    billing_reason: 'subscription_cycle',
    collection_method: 'charge_automatically',
    created,
    currency: 'usd',
    custom_fields: null,
    customer: null,
    customer_account: null,
    customer_address: null,
    customer_email: null,
    customer_name: null,
    customer_phone: null,
    customer_shipping: null,
    customer_tax_exempt: 'none',
    customer_tax_ids: [],
    default_payment_method: null,
    default_source: null,
    default_tax_rates: [],
    description: null,
    discounts: [],
    due_date: null,
    effective_at: status === 'draft' ? null : created,
    ending_balance: status === 'draft' ? null : 0,
    footer: null,
    from_invoice: null,
    hosted_invoice_url: status === 'draft' ? null : `https://invoice.stripe.com/i/fake/${id}`,
    invoice_pdf: status === 'draft' ? null : `https://pay.stripe.com/invoice/fake/${id}/pdf`,
    issuer: { type: 'self' },
    last_finalization_error: null,
    latest_revision: null,
    lines: { object: 'list', data: [], has_more: false, url: `/v1/invoices/${id}/lines` },
    livemode: false,
    metadata: {},
    next_payment_attempt: null,
    number: status === 'draft' ? null : `FAKE-${String(n).padStart(4, '0')}`,
    on_behalf_of: null,
    parent: null,
    payment_settings: { default_mandate: null, payment_method_options: null, payment_method_types: null },
    period_end: created,
    period_start: created,
    post_payment_credit_notes_amount: 0,
    pre_payment_credit_notes_amount: 0,
    receipt_number: null,
    rendering: null,
    shipping_cost: null,
    shipping_details: null,
    starting_balance: 0,
    statement_descriptor: null,
    status,
    status_transitions: {
      finalized_at: status === 'draft' ? null : created,
      marked_uncollectible_at: null,
      paid_at: status === 'paid' ? created : null,
      voided_at: null,
    },
    subtotal: 2000,
    subtotal_excluding_tax: 2000,
    test_clock: null,
    total: 2000,
    total_discount_amounts: [],
    total_excluding_tax: 2000,
    total_pretax_credit_amounts: [],
    total_taxes: [],
    webhooks_delivered_at: created,
    ...overrides,
  };
}

export function subscription(overrides: Overrides<Stripe.Subscription> = {}): Stripe.Subscription {
  const { n, created } = next();
  const id = overrides.id ?? `sub_${n}`;
  const status = overrides.status ?? 'active';
  const ended = status === 'canceled' || status === 'incomplete_expired';
  return {
    id,
    object: 'subscription',
    application: null,
    application_fee_percent: null,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null },
    billing_cycle_anchor: created,
    billing_cycle_anchor_config: null,
    billing_mode: { flexible: null, type: 'classic' },
    billing_schedules: [],
    billing_thresholds: null,
    cancel_at: null,
    cancel_at_period_end: false,
    canceled_at: status === 'canceled' ? created : null,
    cancellation_details: { comment: null, feedback: null, feedback_option: null, reason: null },
    collection_method: 'charge_automatically',
    created,
    currency: 'usd',
    customer: 'cus_unset',
    customer_account: null,
    days_until_due: null,
    default_payment_method: null,
    default_source: null,
    default_tax_rates: [],
    description: null,
    discounts: [],
    ended_at: ended ? created : null,
    invoice_settings: {
      account_tax_ids: null,
      custom_fields: null,
      description: null,
      footer: null,
      issuer: { type: 'self' },
    },
    items: { object: 'list', data: [], has_more: false, url: `/v1/subscription_items?subscription=${id}` },
    latest_invoice: null,
    livemode: false,
    managed_payments: null,
    metadata: {},
    next_pending_invoice_item_invoice: null,
    on_behalf_of: null,
    pause_collection: null,
    payment_settings: { payment_method_options: null, payment_method_types: null, save_default_payment_method: 'off' },
    pending_invoice_item_interval: null,
    pending_setup_intent: null,
    pending_update: null,
    schedule: null,
    start_date: created,
    status,
    test_clock: null,
    transfer_data: null,
    trial_end: null,
    trial_settings: { end_behavior: { billing_cycle_anchor: null, missing_payment_method: 'create_invoice' } },
    trial_start: null,
    ...overrides,
  };
}

/**
 * A Checkout Session as Stripe returns it with `line_items` and `total_details.breakdown`
 * expanded (they come only when expanded: https://docs.stripe.com/api/checkout/sessions/object):
 * an open $40.00 payment session of `cus_h` for one unit of prod_A. Not every field of the type:
 * the ones promo-doctor reads, and those that say what kind of session it is.
 */
export function checkoutSession(overrides: Record<string, unknown> & { id?: string; created?: number } = {}): object {
  const id = overrides.id ?? 'cs_test_For0001';
  return {
    id,
    object: 'checkout.session',
    // A session a customer types a code into; null (never set) shows no field (promotion_codes_not_allowed).
    allow_promotion_codes: true,
    amount_subtotal: 4000,
    amount_total: 4000,
    created: overrides.created ?? FIRST_CREATED,
    currency: 'usd',
    customer: 'cus_h',
    discounts: [],
    livemode: false,
    mode: 'payment',
    payment_status: 'unpaid',
    status: 'open',
    total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 0, breakdown: { discounts: [], taxes: [] } },
    line_items: oneCourseLineItem(`/v1/checkout/sessions/${id}/line_items`, 'li_For0001'),
    ...overrides,
  };
}

/** A Payment Link with one line item (line_items is includable: returned when expanded). */
export function paymentLink(overrides: Record<string, unknown> & { id?: string } = {}): object {
  const id = overrides.id ?? 'plink_For0001';
  return {
    id,
    object: 'payment_link',
    active: true,
    allow_promotion_codes: false,
    currency: 'usd',
    livemode: false,
    url: `https://buy.stripe.com/test_${id}`,
    line_items: oneCourseLineItem(`/v1/payment_links/${id}/line_items`, 'li_Plink0001'),
    ...overrides,
  };
}

/** The expanded `line_items` of a session or Payment Link: one $40.00 course (prod_A). */
function oneCourseLineItem(url: string, id: string): object {
  return {
    object: 'list',
    has_more: false,
    url,
    data: [
      {
        id,
        object: 'item',
        amount_discount: 0,
        amount_subtotal: 4000,
        amount_tax: 0,
        amount_total: 4000,
        currency: 'usd',
        description: 'Course',
        price: { id: 'price_A', object: 'price', currency: 'usd', product: 'prod_A', unit_amount: 4000 },
        quantity: 1,
      },
    ],
  };
}
