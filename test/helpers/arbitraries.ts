/**
 * fast-check arbitraries for the property tests (test/properties/): raw Stripe-like JSON of
 * every shape `explain` meets (docs/architecture.md, API versions and normalisation), redemption contexts, and the transformations the
 * properties compare (old vs new shape, shuffled keys, mutations with garbage).
 *
 * Raw objects are plain JSON (what Stripe or a Dashboard log hands over), never the internal
 * model: every property goes through the normaliser. Ids, customers, products and currencies
 * come from small pools, so restrictions and contexts meet often; times cluster around the
 * fixed clock of the rule tests (AT) on a 12-hour grid, so deadlines often fall exactly on `at`.
 */
import fc from 'fast-check';
import type { HistoryItem, HistoryObject } from '../../src/model/types.js';
import type { RedemptionContext } from '../../src/rules/context.js';
import { AT, DAY, HOUR } from './model.js';
import { seededRandom } from './auditAccount.js';

export { AT, DAY, HOUR };

export type Raw = Record<string, unknown>;

// ---------------------------------------------------------------- pools

export const CUSTOMERS = ['cus_Alice1', 'cus_Bob2', 'cus_Carol3'] as const;
export const ACCOUNTS = ['acct_Shop1'] as const;
export const PRODUCTS = ['prod_Shoes', 'prod_Hats', 'prod_Socks'] as const;
export const CURRENCIES = ['usd', 'eur', 'jpy', 'gbp'] as const;

/** A fixed seed for every `fc.assert`, so the suite is deterministic. */
export const SEED = 20261122;

// ---------------------------------------------------------------- times and counters

/** Unix seconds near AT: mostly on a 12-hour grid (equal to a grid `at` now and then), else any second within ±400 days. */
export const unixTime: fc.Arbitrary<number> = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: -60, max: 60 }).map((k) => AT + k * 12 * HOUR) },
  { weight: 1, arbitrary: fc.integer({ min: AT - 400 * DAY, max: AT + 400 * DAY }) },
);

/** A deadline (expires_at, redeem_by): like `unixTime`, but mostly ahead of AT, as live codes have them. */
export const deadlineTime: fc.Arbitrary<number> = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: -20, max: 120 }).map((k) => AT + k * 12 * HOUR) },
  { weight: 1, arbitrary: fc.integer({ min: AT - 400 * DAY, max: AT + 400 * DAY }) },
);

/** An evaluation time (`--at`): on the same grid as `unixTime`, or any second within ±60 days. */
export const evaluationTime: fc.Arbitrary<number> = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: -60, max: 60 }).map((k) => AT + k * 12 * HOUR) },
  { weight: 1, arbitrary: fc.integer({ min: AT - 60 * DAY, max: AT + 60 * DAY }) },
);

/** `--warn-within` in seconds (0 is a valid `0d`). */
export const warnWithin: fc.Arbitrary<number> = fc.constantFrom(0, 60, HOUR, DAY, 7 * DAY, 30 * DAY);

export interface Counter {
  max_redemptions: number | null;
  times_redeemed: number;
}

/** A redemption limit and count as Stripe keeps them: no limit, or a positive limit with the count at most there. */
export const redemptionCounter: fc.Arbitrary<Counter> = fc.oneof(
  fc.nat({ max: 500 }).map((t): Counter => ({ max_redemptions: null, times_redeemed: t })),
  fc
    .integer({ min: 1, max: 200 })
    .chain((max) =>
      fc
        .oneof(
          { weight: 4, arbitrary: fc.integer({ min: 0, max }) },
          { weight: 1, arbitrary: fc.constant(max) },
          { weight: 2, arbitrary: fc.integer({ min: Math.max(0, max - Math.ceil(max / 10) - 1), max }) },
        )
        .map((t): Counter => ({ max_redemptions: max, times_redeemed: t })),
    ),
);

// ---------------------------------------------------------------- ids

const ALNUM = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'];
const suffix = fc.string({ unit: fc.constantFrom(...ALNUM), minLength: 4, maxLength: 10 });
export const promoId = suffix.map((s) => `promo_${s}`);
export const couponId: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('SUMMER25', 'VIP10', 'Z4OV52SU', 'COUPON_A'),
  suffix,
);
export const discountId = suffix.map((s) => `di_${s}`);
export const subscriptionId = suffix.map((s) => `sub_${s}`);
export const customerId: fc.Arbitrary<string> = fc.constantFrom(...CUSTOMERS);

/** Keep only some of the optional keys: older API versions and hand-made payloads leave fields out. */
function dropSome<T extends Raw>(arb: fc.Arbitrary<T>, droppable: readonly string[]): fc.Arbitrary<T> {
  return fc.tuple(arb, fc.subarray([...droppable], { maxLength: droppable.length })).map(([value, drop]) => {
    const copy: Raw = { ...value };
    for (const key of drop) delete copy[key];
    return copy as T;
  });
}

/** fc.option with `null` for "none", `null` once in `freq` (fast-check's meaning of `freq`). */
function nullable<T>(arb: fc.Arbitrary<T>, freq = 3): fc.Arbitrary<T | null> {
  return fc.option(arb, { nil: null, freq });
}

// ---------------------------------------------------------------- coupons

/** A currency, mostly usd (so codes, coupons and orders agree often enough to be redeemable). */
const currency: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constant('usd') },
  { weight: 3, arbitrary: fc.constantFrom(...CURRENCIES) },
);

/** How much a coupon takes off: a percentage, or a fixed amount in a currency (with `currency_options` when expanded). */
const percentOff: fc.Arbitrary<Raw> = fc
  .oneof(fc.integer({ min: 1, max: 100 }), fc.constantFrom(12.5, 33.3))
  .map((p) => ({ percent_off: p, amount_off: null, currency: null }));

const amountOff: fc.Arbitrary<Raw> = fc
  .record({
    amount_off: fc.integer({ min: 1, max: 100_000 }),
    currency,
    options: fc.option(
      fc.dictionary(
        currency,
        fc.integer({ min: 1, max: 100_000 }).map((amount) => ({ amount_off: amount })),
        { maxKeys: 3 },
      ),
      { nil: undefined },
    ),
  })
  .map(({ amount_off, currency: cur, options }) => {
    const raw: Raw = { percent_off: null, amount_off, currency: cur };
    // Stripe lists the main currency in currency_options too; keep whatever was drawn.
    if (options !== undefined) raw.currency_options = options;
    return raw;
  });

const couponDiscount: fc.Arbitrary<Raw> = fc.oneof(
  { weight: 2, arbitrary: percentOff },
  { weight: 1, arbitrary: amountOff },
);

const couponDuration: fc.Arbitrary<Raw> = fc.oneof(
  fc.constant({ duration: 'once', duration_in_months: null }),
  fc.constant({ duration: 'forever', duration_in_months: null }),
  fc.integer({ min: 1, max: 12 }).map((m) => ({ duration: 'repeating', duration_in_months: m })),
);

/** An expanded coupon object. */
export const rawCoupon: fc.Arbitrary<Raw> = dropSome(
  fc
    .record({
      id: couponId,
      discount: couponDiscount,
      duration: couponDuration,
      counter: redemptionCounter,
      redeem_by: nullable(deadlineTime, 2),
      valid: fc.boolean(),
      validBias: fc.nat({ max: 3 }),
      appliesTo: fc.option(fc.subarray([...PRODUCTS]), { nil: undefined, freq: 2 }),
      name: nullable(fc.constantFrom('Summer sale', '$10 off for VIPs', '20% for 3 months')),
      created: unixTime,
      livemode: fc.boolean(),
    })
    .map(({ id, discount, duration, counter, redeem_by, valid, validBias, appliesTo, name, created, livemode }) => {
      const raw: Raw = {
        id,
        object: 'coupon',
        ...discount,
        created,
        ...duration,
        livemode,
        max_redemptions: counter.max_redemptions,
        metadata: {},
        name,
        redeem_by,
        times_redeemed: counter.times_redeemed,
        // Mostly valid, as most coupons are; invalid without a visible cause now and then.
        valid: validBias > 0 ? true : valid,
      };
      if (appliesTo !== undefined) raw.applies_to = { products: appliesTo };
      return raw;
    }),
  ['name', 'created', 'livemode', 'metadata', 'duration_in_months', 'valid', 'times_redeemed'],
);

export const deletedStub = (object: 'coupon' | 'customer', id: string): Raw => ({ id, object, deleted: true });

/** A coupon as a linked field: an id (not expanded), the object, or a deleted stub. */
export const couponLink: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 2, arbitrary: couponId },
  { weight: 12, arbitrary: rawCoupon },
  { weight: 1, arbitrary: couponId.map((id) => deletedStub('coupon', id)) },
);

// ---------------------------------------------------------------- customers (as links)

const customerObjectBase = (id: string, created: number, livemode: boolean): Raw => ({
  id,
  object: 'customer',
  created,
  email: `${id.slice(4).toLowerCase()}@example.com`,
  livemode,
  metadata: {},
  name: id.slice(4),
});

/** A customer as a linked field of a promotion code: id, expanded object, or deleted stub. */
export const customerLink: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: customerId },
  {
    weight: 3,
    arbitrary: fc
      .tuple(customerId, unixTime, fc.boolean())
      .map(([id, created, live]) => ({ ...customerObjectBase(id, created, live), discount: null })),
  },
  { weight: 1, arbitrary: customerId.map((id) => deletedStub('customer', id)) },
);

// ---------------------------------------------------------------- promotion codes

const restrictions: fc.Arbitrary<Raw> = dropSome(
  fc
    .record({
      first_time_transaction: fc.nat({ max: 3 }).map((n) => n === 0),
      minimum: fc.oneof(
        { weight: 2, arbitrary: fc.constant(null) },
        { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 0, max: 20_000 }), currency) },
      ),
      // Returned only when expanded: absent mostly; an empty map now and then.
      options: fc.oneof(
        { weight: 3, arbitrary: fc.constant(undefined) },
        {
          weight: 1,
          arbitrary: fc.dictionary(
            currency,
            fc.integer({ min: 0, max: 20_000 }).map((m) => ({ minimum_amount: m })),
            { maxKeys: 3 },
          ),
        },
      ),
    })
    .map(({ first_time_transaction, minimum, options }) => {
      const raw: Raw = {
        first_time_transaction,
        minimum_amount: minimum ? minimum[0] : null,
        minimum_amount_currency: minimum ? minimum[1] : null,
      };
      if (options !== undefined) raw.currency_options = options;
      return raw;
    }),
  ['first_time_transaction'],
);

/** Who a code is restricted to: nobody (mostly), a customer, or a customer account. */
const codeRestriction: fc.Arbitrary<Raw> = fc.oneof(
  { weight: 8, arbitrary: fc.constant({ customer: null, customer_account: null }) },
  { weight: 2, arbitrary: customerLink.map((customer) => ({ customer, customer_account: null })) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(...ACCOUNTS).map((account) => ({ customer: null, customer_account: account })),
  },
);

/** A promotion code in the current shape (`promotion: { type: 'coupon', coupon }`, API 2025-09-30 and later). */
export const rawPromotionCodeNew: fc.Arbitrary<Raw> = dropSome(
  fc
    .record({
      id: promoId,
      code: fc.string({
        unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-'),
        minLength: 3,
        maxLength: 12,
      }),
      active: fc.nat({ max: 7 }).map((n) => n > 0),
      created: unixTime,
      restriction: codeRestriction,
      expires_at: nullable(deadlineTime, 2),
      livemode: fc.boolean(),
      counter: redemptionCounter,
      coupon: couponLink,
      restrictions,
    })
    .map(({ id, code, active, created, restriction, expires_at, livemode, counter, coupon, restrictions: r }) => ({
      id,
      object: 'promotion_code',
      active,
      code,
      created,
      ...restriction,
      expires_at,
      livemode,
      max_redemptions: counter.max_redemptions,
      metadata: {},
      promotion: { type: 'coupon', coupon },
      restrictions: r,
      times_redeemed: counter.times_redeemed,
    })),
  ['created', 'livemode', 'metadata', 'customer_account', 'expires_at', 'max_redemptions'],
);

/** The same in the shape before 2025-09-30 (`coupon` at the top). */
export const rawPromotionCodeLegacy: fc.Arbitrary<Raw> = rawPromotionCodeNew.map(toLegacyShapes) as fc.Arbitrary<Raw>;

export const rawPromotionCode: fc.Arbitrary<Raw> = fc.oneof(rawPromotionCodeNew, rawPromotionCodeLegacy);

// ---------------------------------------------------------------- discounts, subscriptions, customers

/** A discount in the current shape (`source: { type: 'coupon', coupon }`). */
export function rawDiscountNew(customer: string, subscription: string | null): fc.Arbitrary<Raw> {
  return fc
    .record({
      id: discountId,
      coupon: couponLink,
      start: unixTime,
      endAfter: fc.option(
        fc.integer({ min: 1, max: 24 }).map((months) => months * 30 * DAY),
        { nil: null, freq: 2 },
      ),
      promotion_code: fc.oneof(
        { weight: 3, arbitrary: fc.constant(null) },
        { weight: 2, arbitrary: promoId },
        { weight: 1, arbitrary: rawPromotionCode },
      ),
    })
    .map(({ id, coupon, start, endAfter, promotion_code }) => ({
      id,
      object: 'discount',
      checkout_session: null,
      customer,
      end: endAfter === null ? null : start + endAfter,
      invoice: null,
      invoice_item: null,
      promotion_code,
      source: { type: 'coupon', coupon },
      start,
      subscription,
      subscription_item: null,
    }));
}

/** A discount in either shape, standing alone (as in a `customer.discount.*` event). */
export const rawDiscount: fc.Arbitrary<Raw> = fc
  .tuple(customerId, fc.boolean(), fc.boolean())
  .chain(([customer, onSubscription, legacy]) =>
    (onSubscription
      ? subscriptionId.chain((sub) => rawDiscountNew(customer, sub))
      : rawDiscountNew(customer, null)
    ).map((d) => (legacy ? (toLegacyShapes(d) as Raw) : d)),
  );

const SUBSCRIPTION_STATUSES = ['active', 'trialing', 'past_due', 'canceled', 'incomplete', 'unpaid', 'paused'] as const;

export function rawSubscriptionFor(customer: string): fc.Arbitrary<Raw> {
  return subscriptionId.chain((id) =>
    fc
      .record({
        status: fc.constantFrom(...SUBSCRIPTION_STATUSES),
        // Current versions: `discounts`, ids unless expanded; older ones: a single `discount`.
        discounts: fc.array(fc.oneof(discountId, rawDiscountNew(customer, id)), { maxLength: 2 }),
        single: fc.option(rawDiscountNew(customer, id), { nil: undefined, freq: 3 }),
      })
      .map(({ status, discounts, single }) => {
        const raw: Raw = { id, object: 'subscription', customer, status, discounts };
        if (single !== undefined) raw.discount = single;
        return raw;
      }),
  );
}

export const rawSubscription: fc.Arbitrary<Raw> = customerId.chain(rawSubscriptionFor);

/** A customer with a discount (or none) and, as older API versions embed them, maybe its subscriptions. */
export const rawCustomer: fc.Arbitrary<Raw> = fc
  .tuple(customerId, unixTime, fc.boolean())
  .chain(([id, created, live]) =>
    fc
      .record({
        discount: fc.option(rawDiscountNew(id, null), { nil: null, freq: 4 }),
        subscriptions: fc.option(fc.array(rawSubscriptionFor(id), { maxLength: 2 }), { nil: undefined, freq: 2 }),
      })
      .map(({ discount, subscriptions }) => {
        const raw: Raw = { ...customerObjectBase(id, created, live), discount };
        if (subscriptions !== undefined)
          raw.subscriptions = {
            object: 'list',
            data: subscriptions,
            has_more: false,
            url: `/v1/customers/${id}/subscriptions`,
          };
        return raw;
      }),
  );

/**
 * Any object `explain` diagnoses, in either shape (shapes may be mixed within one tree).
 * `deletedCustomers: false` leaves out a deleted customer on its own (`{id, object:
 * "customer", deleted: true}`), whose document does not match the schema (see
 * test/properties/robustness.test.ts), so properties about other things are not masked by it.
 */
export function rawDiagnosableOf(options: { deletedCustomers: boolean }): fc.Arbitrary<Raw> {
  const deletedCustomer = {
    weight: options.deletedCustomers ? 1 : 0,
    arbitrary: customerId.map((id) => deletedStub('customer', id)),
  };
  return fc
    .oneof(
      { weight: 5, arbitrary: rawPromotionCode },
      { weight: 3, arbitrary: rawCoupon },
      { weight: 1, arbitrary: couponId.map((id) => deletedStub('coupon', id)) },
      { weight: 3, arbitrary: rawCustomer },
      ...(options.deletedCustomers ? [deletedCustomer] : []),
      { weight: 2, arbitrary: rawSubscription },
      { weight: 2, arbitrary: rawDiscount },
    )
    .chain((raw) => fc.boolean().map((legacy) => (legacy ? (toLegacyShapes(raw) as Raw) : raw)));
}

export const rawDiagnosable: fc.Arbitrary<Raw> = rawDiagnosableOf({ deletedCustomers: true });

// ---------------------------------------------------------------- wrappers

export type Wrapper = 'object' | 'list' | 'search_result' | 'event' | 'dashboard_log';

export interface StripeText {
  wrapper: Wrapper;
  /** What `explain` reads. */
  text: string;
  /** The objects inside, in order. */
  items: Raw[];
}

const EVENT_TYPES: Record<string, string> = {
  promotion_code: 'promotion_code.updated',
  coupon: 'coupon.updated',
  customer: 'customer.updated',
  subscription: 'customer.subscription.updated',
  discount: 'customer.discount.created',
};

export function wrapText(wrapper: Wrapper, items: Raw[], indent: number): string {
  const first = items[0] ?? {};
  switch (wrapper) {
    case 'object':
      return JSON.stringify(first, null, indent);
    case 'list':
      return JSON.stringify({ object: 'list', data: items, has_more: false, url: '/v1/promotion_codes' }, null, indent);
    case 'search_result':
      return JSON.stringify(
        { object: 'search_result', data: items, has_more: false, next_page: null, url: '/v1/customers/search' },
        null,
        indent,
      );
    case 'event':
      return JSON.stringify(
        {
          id: 'evt_1Example',
          object: 'event',
          api_version: '2025-09-30.clover',
          created: AT,
          data: { object: first, previous_attributes: {} },
          livemode: false,
          type: EVENT_TYPES[String(first.object)] ?? 'promotion_code.updated',
        },
        null,
        indent,
      );
    case 'dashboard_log':
      return [
        `GET /v1/${String(first.object)}s/${String(first.id)}`,
        'Status',
        '200 OK',
        'ID',
        'req_Example0001',
        'API version',
        '2020-08-27',
        'Response body',
        JSON.stringify(first, null, indent),
        'Request POST body',
        '{\n  "expand": ["coupon"]\n}',
      ].join('\n');
  }
}

/** Stripe-like text as `explain` reads it: one object, a list or search result, an event, or a Dashboard log. */
export function stripeTextOf(items: fc.Arbitrary<Raw>): fc.Arbitrary<StripeText> {
  return fc
    .record({
      wrapper: fc.constantFrom<Wrapper>('object', 'object', 'list', 'search_result', 'event', 'dashboard_log'),
      items: fc.array(items, { minLength: 1, maxLength: 3 }),
      indent: fc.constantFrom(0, 2),
    })
    .map(({ wrapper, items, indent }) => {
      const kept = wrapper === 'list' || wrapper === 'search_result' ? items : items.slice(0, 1);
      return { wrapper, text: wrapText(wrapper, kept, indent), items: kept };
    });
}

export const stripeText: fc.Arbitrary<StripeText> = stripeTextOf(rawDiagnosable);

// ---------------------------------------------------------------- redemption contexts

const HISTORY_STATUSES: Record<HistoryObject, readonly string[]> = {
  charge: ['succeeded', 'failed', 'pending'],
  payment_intent: ['succeeded', 'requires_payment_method', 'canceled', 'processing'],
  invoice: ['draft', 'open', 'paid', 'uncollectible', 'void'],
  subscription: ['active', 'trialing', 'canceled', 'incomplete_expired'],
};
const HISTORY_PREFIX: Record<HistoryObject, string> = {
  charge: 'ch_',
  payment_intent: 'pi_',
  invoice: 'in_',
  subscription: 'sub_',
};

export const historyItem: fc.Arbitrary<HistoryItem> = fc
  .constantFrom<HistoryObject>('charge', 'payment_intent', 'invoice', 'subscription')
  .chain((object) =>
    fc.record({
      object: fc.constant(object),
      id: suffix.map((s) => `${HISTORY_PREFIX[object]}${s}`),
      status: fc.constantFrom(...HISTORY_STATUSES[object]),
      created: nullable(unixTime),
    }),
  );

export interface ContextOptions {
  /** Always give a customer (`--customer`). */
  customer?: boolean;
  /** Always give an amount and a currency. */
  amount?: boolean;
}

/**
 * A redemption context as the CLI builds it: `at` (`--at`), `observed_at` (when the data was
 * read: now, which differs from `at` when `--at` is given), `--warn-within`, `--customer`
 * (with, as `check` gathers them, a deleted record or a history now and then), `--amount`
 * only with `--currency` (the CLI refuses it alone), `--product`.
 */
export function redemptionContext(options: ContextOptions = {}): fc.Arbitrary<RedemptionContext> {
  const customerArb = options.customer
    ? fc.constantFrom<string>(...CUSTOMERS, ...ACCOUNTS)
    : nullable(fc.constantFrom<string>(...CUSTOMERS, ...ACCOUNTS), 2);
  const money: fc.Arbitrary<{ amount: number | null; currency: string | null }> = options.amount
    ? fc.record({ amount: fc.nat({ max: 30_000 }), currency })
    : fc.oneof(
        fc.constant({ amount: null, currency: null }),
        currency.map((c) => ({ amount: null, currency: c })),
        fc.record({ amount: fc.nat({ max: 30_000 }), currency }),
      );
  return fc
    .record({
      at: evaluationTime,
      observedAtNow: fc.boolean(),
      warn_within: warnWithin,
      customer: customerArb,
      deletedRecord: fc.nat({ max: 9 }).map((n) => n === 0),
      history: fc.option(
        fc.record({ forOther: fc.nat({ max: 4 }).map((n) => n === 0), items: fc.array(historyItem, { maxLength: 4 }) }),
        { nil: null },
      ),
      money,
      products: fc.subarray([...PRODUCTS]),
    })
    .map(
      ({
        at,
        observedAtNow,
        warn_within,
        customer,
        deletedRecord,
        history,
        money: m,
        products,
      }): RedemptionContext => ({
        at,
        observed_at: observedAtNow ? AT : at,
        warn_within,
        customer,
        customer_record: customer !== null && deletedRecord ? { kind: 'deleted', id: customer } : null,
        history:
          customer !== null && history !== null
            ? { customer: history.forOther ? 'cus_Somebody9' : customer, items: history.items }
            : null,
        amount: m.amount,
        currency: m.currency,
        products,
      }),
    );
}

/** The CLI flags that build (the flag part of) a context; `observed_at` is the real clock there. */
export function contextFlags(ctx: RedemptionContext): string[] {
  const flags = ['--at', String(ctx.at), '--warn-within', `${ctx.warn_within}s`];
  if (ctx.customer !== null) flags.push('--customer', ctx.customer);
  if (ctx.amount !== null) flags.push('--amount', String(ctx.amount));
  if (ctx.currency !== null) flags.push('--currency', ctx.currency);
  for (const product of ctx.products) flags.push('--product', product);
  return flags;
}

// ---------------------------------------------------------------- shape conversions

/**
 * Every promotion code and discount in the tree in the shape before 2025-09-30: the coupon
 * at the top (`coupon`), not under `promotion` / `source`. Everything else unchanged.
 */
export function toLegacyShapes(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toLegacyShapes);
  if (typeof value !== 'object' || value === null) return value;
  const out: Raw = {};
  const raw = value as Raw;
  const holder = raw.object === 'promotion_code' ? 'promotion' : raw.object === 'discount' ? 'source' : null;
  for (const [key, child] of Object.entries(raw)) {
    if (holder !== null && key === holder && typeof child === 'object' && child !== null && !Array.isArray(child)) {
      out.coupon = toLegacyShapes((child as Raw).coupon ?? null);
      continue;
    }
    out[key] = toLegacyShapes(child);
  }
  return out;
}

/** Every promotion code and discount in the tree in the current shape (`promotion.coupon`, `source.coupon`). */
export function toNewShapes(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toNewShapes);
  if (typeof value !== 'object' || value === null) return value;
  const out: Raw = {};
  const raw = value as Raw;
  const holder = raw.object === 'promotion_code' ? 'promotion' : raw.object === 'discount' ? 'source' : null;
  for (const [key, child] of Object.entries(raw)) {
    if (holder !== null && key === 'coupon') {
      out[holder] = { type: 'coupon', coupon: toNewShapes(child) };
      continue;
    }
    out[key] = toNewShapes(child);
  }
  return out;
}

/** Where a raw promotion code keeps its coupon, in either shape. */
export function couponOfCode(code: Raw): unknown {
  const promotion = code.promotion;
  if (typeof promotion === 'object' && promotion !== null) return (promotion as Raw).coupon;
  return code.coupon;
}

/** The raw promotion code with another coupon, in the shape it came in. */
export function withCoupon(code: Raw, coupon: unknown): Raw {
  const promotion = code.promotion;
  if (typeof promotion === 'object' && promotion !== null)
    return { ...code, promotion: { ...(promotion as Raw), coupon } };
  return { ...code, coupon };
}

// ---------------------------------------------------------------- key order

/** The same JSON with the keys of every object in another order (arrays keep theirs: their order means something). */
export function shuffleKeys(value: unknown, seed: number): unknown {
  const random = seededRandom(seed);
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (typeof v !== 'object' || v === null) return v;
    const entries = Object.entries(v as Raw);
    for (let i = entries.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [entries[i], entries[j]] = [entries[j]!, entries[i]!];
    }
    return Object.fromEntries(entries.map(([k, child]) => [k, walk(child)]));
  };
  return walk(value);
}

// ---------------------------------------------------------------- mutations

export type Path = ReadonlyArray<string | number>;

/** Every path to a node below the root, depth first. */
export function pathsOf(value: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  if (Array.isArray(value)) {
    value.forEach((child, i) => {
      out.push([...prefix, i]);
      pathsOf(child, [...prefix, i], out);
    });
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, child] of Object.entries(value as Raw)) {
      out.push([...prefix, key]);
      pathsOf(child, [...prefix, key], out);
    }
  }
  return out;
}

export type MutationKind = 'replace' | 'remove' | 'null' | 'nest' | 'add';

export interface Mutation {
  /** Which node, as an index into `pathsOf` (modulo their number). */
  readonly target: number;
  readonly kind: MutationKind;
  readonly garbage: unknown;
}

function applyOne(root: unknown, m: Mutation): unknown {
  const paths = pathsOf(root);
  if (paths.length === 0) return root;
  const path = paths[m.target % paths.length]!;
  const copy = structuredClone(root) as Raw;
  let parent: unknown = copy;
  for (const step of path.slice(0, -1)) parent = (parent as Record<string | number, unknown>)[step];
  const last = path[path.length - 1]!;
  const container = parent as Record<string | number, unknown>;
  const node = container[last];
  switch (m.kind) {
    case 'replace':
      container[last] = structuredClone(m.garbage);
      break;
    case 'null':
      container[last] = null;
      break;
    case 'remove':
      if (Array.isArray(container)) container.splice(last as number, 1);
      else delete container[last];
      break;
    case 'nest':
      container[last] =
        typeof m.garbage === 'boolean' && m.garbage ? [node] : { data: node, garbage: structuredClone(m.garbage) };
      break;
    case 'add':
      if (typeof node === 'object' && node !== null && !Array.isArray(node))
        (node as Raw)[`x_${m.target % 7}`] = structuredClone(m.garbage);
      else if (Array.isArray(node)) node.push(structuredClone(m.garbage));
      else container[last] = structuredClone(m.garbage);
      break;
  }
  return copy;
}

export function applyMutations(value: unknown, mutations: readonly Mutation[]): unknown {
  return mutations.reduce(applyOne, value);
}

/**
 * Garbage of the wrong *type* for most fields: booleans, nulls, lists, objects, stub-like
 * objects. Strings only as currency codes (a currency code is also a fine id, code or status,
 * while any other string in a currency field is out of range, not of the wrong type). No
 * numbers and no odd strings: those are in `wildGarbage`.
 */
export const typeGarbage: fc.Arbitrary<unknown> = fc.oneof(
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom('usd', 'eur', 'jpy'),
  fc.constant([]),
  fc.array(fc.oneof(fc.boolean(), fc.constantFrom('prod_Shoes', 'usd')), { maxLength: 2 }),
  fc.constantFrom<unknown>(
    {},
    { id: 'SUMMER25' },
    { deleted: true },
    { object: 'coupon' },
    { id: 'SUMMER25', object: 'coupon', deleted: true },
    { coupon: 'SUMMER25' },
  ),
);

/** Anything JSON can hold, with the values that trip parsers up: huge, negative, fractional, empty, multi-line. */
export const wildGarbage: fc.Arbitrary<unknown> = fc.oneof(
  typeGarbage,
  fc.jsonValue({ maxDepth: 2 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
  fc.constantFrom<unknown>(
    1e20,
    -1,
    1.5,
    0,
    -0.5,
    8.64e12 + 1,
    1e308,
    -1e308,
    '',
    'a\nb',
    'US Dollar',
    'USD',
    ' ',
    'cus_Alice1',
    'promo_x1',
    'forever',
    'list',
  ),
  fc.string({ unit: 'binary', maxLength: 6 }),
);

export function mutation(garbage: fc.Arbitrary<unknown>): fc.Arbitrary<Mutation> {
  return fc.record({
    target: fc.nat({ max: 10_000 }),
    kind: fc.constantFrom<MutationKind>('replace', 'replace', 'remove', 'null', 'nest', 'add'),
    garbage,
  });
}

/** A Stripe-like object (in any wrapper) with 1 to 4 mutations: fields of the wrong type, removed, null, nested in garbage. */
export function mutatedStripeJson(
  garbage: fc.Arbitrary<unknown>,
  items: fc.Arbitrary<Raw> = rawDiagnosable,
): fc.Arbitrary<unknown> {
  return fc
    .record({
      wrapper: fc.constantFrom<Wrapper>('object', 'object', 'list', 'event'),
      items: fc.array(items, { minLength: 1, maxLength: 2 }),
      mutations: fc.array(mutation(garbage), { minLength: 1, maxLength: 4 }),
    })
    .map(({ wrapper, items, mutations }) => {
      const base = JSON.parse(
        wrapText(wrapper === 'dashboard_log' ? 'object' : wrapper, wrapper === 'list' ? items : items.slice(0, 1), 0),
      ) as unknown;
      return applyMutations(base, mutations);
    });
}
