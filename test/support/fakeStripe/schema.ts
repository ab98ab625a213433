/**
 * What the fake knows about each Stripe object type: where it is stored, how
 * Stripe names it in errors, which permission a restricted key needs, which
 * fields hold expandable references and which are "includable".
 *
 * Field lists follow the stripe-node 23 types (API 2026-10-28): a field typed
 * `string | X` is an expandable reference; an optional (`?`) field that the API
 * reference marks "Expandable" is includable, i.e. absent unless expanded
 * (see stripe/stripe-node#2234: coupon `applies_to` "is not included in the
 * response by default unless you explicitly expand it").
 */

export type CollectionName =
  | 'promotionCodes'
  | 'coupons'
  | 'customers'
  | 'charges'
  | 'paymentIntents'
  | 'invoices'
  | 'subscriptions'
  | 'discounts'
  | 'prices'
  | 'checkoutSessions'
  | 'paymentLinks'
  | 'subscriptionSchedules'
  | 'events';

export interface ObjectSpec {
  /** Value of the object's `object` field. */
  objectType: string;
  collection: CollectionName;
  /** How Stripe names the object in "No such …" messages. */
  noun: string;
  /** `param` of the 404 when retrieving by id. */
  notFoundParam: string;
  /**
   * Restricted-key permission for reading it: `short` is how scenarios write it
   * ('promotion_codes:read'), `rak` how Stripe names it in 403 messages.
   * Null when Stripe has no separate permission (discounts ride on their parent).
   */
  permission: { short: string; rak: string } | null;
  /** Dotted field path -> collection the id resolves in, or null when the fake stores no such objects. */
  expandable: Readonly<Record<string, CollectionName | null>>;
  /** Dotted field paths returned only when expanded. */
  includable: readonly string[];
}

const SPECS: readonly ObjectSpec[] = [
  {
    objectType: 'promotion_code',
    collection: 'promotionCodes',
    noun: 'promotion code',
    notFoundParam: 'promotion_code',
    permission: { short: 'promotion_codes', rak: 'rak_promotion_code' },
    expandable: {
      'promotion.coupon': 'coupons',
      coupon: 'coupons', // pre-2025-09-30 shape, still accepted in scenarios
      customer: 'customers',
    },
    includable: ['restrictions.currency_options'],
  },
  {
    objectType: 'coupon',
    collection: 'coupons',
    noun: 'coupon',
    notFoundParam: 'id',
    permission: { short: 'coupons', rak: 'rak_coupon' },
    expandable: {},
    includable: ['applies_to', 'currency_options'],
  },
  {
    objectType: 'customer',
    collection: 'customers',
    noun: 'customer',
    notFoundParam: 'id',
    permission: { short: 'customers', rak: 'rak_customer' },
    expandable: {
      default_source: null,
      'invoice_settings.default_payment_method': null,
      test_clock: null,
    },
    includable: ['cash_balance', 'invoice_credit_balance', 'sources', 'subscriptions', 'tax', 'tax_ids'],
  },
  {
    objectType: 'discount',
    collection: 'discounts',
    noun: 'discount',
    notFoundParam: 'id',
    permission: null,
    expandable: {
      customer: 'customers',
      promotion_code: 'promotionCodes',
      'source.coupon': 'coupons',
      coupon: 'coupons', // pre-2025-09-30 shape
    },
    includable: [],
  },
  {
    objectType: 'charge',
    collection: 'charges',
    noun: 'charge',
    notFoundParam: 'id',
    permission: { short: 'charges', rak: 'rak_charge' },
    expandable: {
      customer: 'customers',
      payment_intent: 'paymentIntents',
      application: null,
      application_fee: null,
      balance_transaction: null,
      failure_balance_transaction: null,
      on_behalf_of: null,
      review: null,
      source_transfer: null,
      transfer: null,
    },
    includable: ['refunds'],
  },
  {
    objectType: 'payment_intent',
    collection: 'paymentIntents',
    noun: 'payment_intent',
    notFoundParam: 'id',
    permission: { short: 'payment_intents', rak: 'rak_payment_intent' },
    expandable: {
      customer: 'customers',
      latest_charge: 'charges',
      application: null,
      on_behalf_of: null,
      payment_method: null,
      payment_record: null,
      review: null,
      source: null,
    },
    includable: [],
  },
  {
    objectType: 'invoice',
    collection: 'invoices',
    noun: 'invoice',
    notFoundParam: 'id',
    permission: { short: 'invoices', rak: 'rak_invoice' },
    expandable: {
      customer: 'customers',
      discounts: 'discounts',
      latest_revision: 'invoices',
      'parent.subscription_details.subscription': 'subscriptions',
      subscription: 'subscriptions', // pre-2025-03-31 shape
      account_tax_ids: null,
      application: null,
      default_payment_method: null,
      default_source: null,
      on_behalf_of: null,
      test_clock: null,
    },
    includable: ['confirmation_secret', 'payments'],
  },
  {
    objectType: 'subscription',
    collection: 'subscriptions',
    noun: 'subscription',
    notFoundParam: 'id',
    permission: { short: 'subscriptions', rak: 'rak_subscription' },
    expandable: {
      customer: 'customers',
      discounts: 'discounts',
      'items.data.discounts': 'discounts',
      latest_invoice: 'invoices',
      application: null,
      default_payment_method: null,
      default_source: null,
      on_behalf_of: null,
      pending_setup_intent: null,
      schedule: null,
      test_clock: null,
    },
    includable: [],
  },
  {
    // Retrieve only (GET /v1/prices/:id): `--price` reads each price's product.
    objectType: 'price',
    collection: 'prices',
    noun: 'price',
    notFoundParam: 'price',
    permission: { short: 'prices', rak: 'rak_price' },
    expandable: { product: null },
    includable: ['currency_options', 'tiers'],
  },
  {
    // stripe-node types/Checkout/Sessions.d.ts: `discounts[].coupon` and `.promotion_code` are
    // expandable references; `line_items` and `total_details.breakdown` are returned only when expanded.
    objectType: 'checkout.session',
    collection: 'checkoutSessions',
    noun: 'checkout.session',
    notFoundParam: 'session',
    permission: { short: 'checkout_sessions', rak: 'rak_checkout_session' },
    expandable: {
      customer: 'customers',
      'discounts.coupon': 'coupons',
      'discounts.promotion_code': 'promotionCodes',
      invoice: 'invoices',
      payment_intent: 'paymentIntents',
      subscription: 'subscriptions',
      payment_link: null,
      setup_intent: null,
    },
    includable: ['line_items', 'total_details.breakdown'],
  },
  {
    // stripe-node types/PaymentLinks.d.ts: "When retrieving a payment link, there is an includable
    // line_items property"; no discounts of its own.
    objectType: 'payment_link',
    collection: 'paymentLinks',
    noun: 'payment_link',
    notFoundParam: 'payment_link',
    permission: { short: 'payment_links', rak: 'rak_payment_link' },
    expandable: { application: null, on_behalf_of: null },
    includable: ['line_items'],
  },
  {
    // Retrieve only (GET /v1/subscription_schedules/:id, `--for sub_sched_…`). stripe-node
    // types SubscriptionSchedules.d.ts: `customer`, `phases[].items[].price` and the phases'
    // discounts' `coupon` / `promotion_code` are expandable references.
    objectType: 'subscription_schedule',
    collection: 'subscriptionSchedules',
    noun: 'subscription_schedule',
    notFoundParam: 'schedule',
    // Unverified: the restricted key permission is modelled as "rak_subscription_schedule_read".
    permission: { short: 'subscription_schedules', rak: 'rak_subscription_schedule' },
    expandable: {
      customer: 'customers',
      'phases.items.price': 'prices',
      'phases.discounts.coupon': 'coupons',
      'phases.discounts.promotion_code': 'promotionCodes',
      subscription: 'subscriptions',
      application: null,
      test_clock: null,
    },
    includable: [],
  },
  {
    // GET /v1/events (stripe-node types/Events.d.ts): `data.object` is a snapshot, not a reference.
    objectType: 'event',
    collection: 'events',
    noun: 'event',
    notFoundParam: 'id',
    // Unverified: the restricted key permission is modelled as "rak_event_read".
    permission: { short: 'events', rak: 'rak_event' },
    expandable: {},
    includable: [],
  },
];

const BY_TYPE = new Map(SPECS.map((spec) => [spec.objectType, spec]));
const BY_COLLECTION = new Map(SPECS.map((spec) => [spec.collection, spec]));

export function specForType(objectType: unknown): ObjectSpec | undefined {
  return typeof objectType === 'string' ? BY_TYPE.get(objectType) : undefined;
}

export function specForCollection(collection: CollectionName): ObjectSpec {
  const spec = BY_COLLECTION.get(collection);
  if (spec === undefined) throw new Error(`fake-stripe: no spec for collection ${collection}`);
  return spec;
}

export const ALL_COLLECTIONS: readonly CollectionName[] = SPECS.map((spec) => spec.collection);
