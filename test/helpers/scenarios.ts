/**
 * Fake-Stripe scenarios shared by the integration and end-to-end tests. Build them after
 * `resetBuilderIds()`; every object the tests name has an explicit id.
 */
import type Stripe from 'stripe';
import * as build from '../support/builders.js';
import type { Scenario } from '../support/fakeStripe.js';
import { AT, DAY } from './time.js';

/**
 * A fake account with one coupon, one promotion code on it and the customers named: what most
 * live tests need. By default coupon C20 (the builders' 20% off) and promo_x (code TWENTY);
 * `coupon` and `code` override the builders' fields (the code stays on the coupon unless it
 * names another), `extra` adds collections (or replaces these).
 */
export function fakeAccount(
  options: {
    coupon?: Parameters<typeof build.coupon>[0];
    code?: Parameters<typeof build.promotionCode>[0];
    customers?: readonly string[];
    extra?: Scenario;
  } = {},
): Scenario {
  const coupon = build.coupon({ id: 'C20', ...options.coupon });
  return {
    coupons: [coupon],
    promotionCodes: [build.promotionCode({ id: 'promo_x', code: 'TWENTY', coupon: coupon.id, ...options.code })],
    ...(options.customers ? { customers: options.customers.map((id) => build.customer({ id })) } : {}),
    ...options.extra,
  };
}

/** SHOES5: $5.00 off (EUR 4.50 in currency_options), for prod_shoes only. */
export function shoesCoupon(): Stripe.Coupon {
  return build.coupon({
    id: 'SHOES5',
    amount_off: 500,
    currency: 'usd',
    percent_off: null,
    applies_to: { products: ['prod_shoes'] },
    currency_options: { eur: { amount_off: 450 } },
  });
}

/**
 * One customer-facing code, SHARED, held by two promotion codes: promo_vip restricted to
 * cus_vip, and an archived duplicate (promo_archived, `active: false`) listed first because
 * it is newer, so picking the first match would pick the wrong one.
 */
export function sharedCodeScenario(): Scenario {
  return {
    coupons: [build.coupon({ id: 'VIP20' })],
    customers: [build.customer({ id: 'cus_vip' }), build.customer({ id: 'cus_other' })],
    promotionCodes: [
      build.promotionCode({ id: 'promo_vip', code: 'SHARED', coupon: 'VIP20', customer: 'cus_vip' }),
      build.promotionCode({ id: 'promo_archived', code: 'shared', coupon: 'VIP20', active: false }),
    ],
  };
}

/**
 * promo_new (code WELCOME) is for first-time customers only; cus_h is the redeeming customer,
 * with whatever history `extra` gives it.
 */
export function firstTimeScenario(extra: Scenario = {}): Scenario {
  return {
    coupons: [build.coupon({ id: 'WELCOME' })],
    promotionCodes: [
      build.promotionCode({
        id: 'promo_new',
        code: 'WELCOME',
        coupon: 'WELCOME',
        restrictions: { first_time_transaction: true },
      }),
    ],
    customers: [build.customer({ id: 'cus_h' }), build.customer({ id: 'cus_someone_else' })],
    ...extra,
  };
}

/** A history of every kind for cus_h: five items that count, a draft invoice and a failed charge that do not. */
export function fullHistory(): Scenario {
  return {
    charges: [
      build.charge({ id: 'ch_paid', customer: 'cus_h' }),
      build.charge({ id: 'ch_failed', customer: 'cus_h', status: 'failed', paid: false }),
    ],
    paymentIntents: [
      build.paymentIntent({
        id: 'pi_started',
        customer: 'cus_h',
        status: 'requires_payment_method',
        amount_received: 0,
      }),
    ],
    invoices: [
      build.invoice({ id: 'in_open', customer: 'cus_h', status: 'open' }),
      build.invoice({ id: 'in_draft', customer: 'cus_h', status: 'draft' }),
    ],
    subscriptions: [
      build.subscription({ id: 'sub_canceled', customer: 'cus_h', status: 'canceled' }),
      build.subscription({ id: 'sub_trial', customer: 'cus_h', status: 'trialing' }),
      build.subscription({ id: 'sub_not_theirs', customer: 'cus_someone_else', status: 'active' }),
    ],
  };
}

/** The items of fullHistory() that disqualify cus_h, as `id:status`, sorted. */
export const FULL_HISTORY_EVIDENCE = [
  'ch_paid:succeeded',
  'in_open:open',
  'pi_started:requires_payment_method',
  'sub_canceled:canceled',
  'sub_trial:trialing',
];

export interface CustomerScenarioOptions {
  /** Overrides of FOREVER10, the coupon of the customer's own discount. */
  customerDiscountCoupon?: Partial<Stripe.Coupon>;
  /** `end` of the discount on the active subscription (default: 30 days after AT). */
  subscriptionDiscountEnd?: number;
}

/**
 * cus_1 has a forever discount of its own (coupon FOREVER10, promotion code promo_1), an
 * active subscription sub_active with a repeating discount di_sub (coupon REPEAT3), and a
 * canceled subscription sub_old whose discount ended long ago: no longer billing, so ignored.
 */
export function customerScenario(options: CustomerScenarioOptions = {}): Scenario {
  const forever = build.coupon({ id: 'FOREVER10', duration: 'forever', ...options.customerDiscountCoupon });
  const repeating = build.coupon({ id: 'REPEAT3', duration: 'repeating', duration_in_months: 3 });
  const promo = build.promotionCode({ id: 'promo_1', code: 'LOYAL', coupon: 'FOREVER10' });
  // subscription.discounts holds ids on the wire; the fake stores inline discounts and sends their ids.
  const inline = (discount: Stripe.Discount) => [discount] as unknown as Stripe.Subscription['discounts'];
  return {
    coupons: [forever, repeating],
    promotionCodes: [promo],
    customers: [
      build.customer({
        id: 'cus_1',
        discount: build.discount({
          id: 'di_customer',
          coupon: 'FOREVER10',
          customer: 'cus_1',
          promotion_code: 'promo_1',
          start: AT - 100 * DAY,
        }),
      }),
    ],
    subscriptions: [
      build.subscription({
        id: 'sub_active',
        customer: 'cus_1',
        status: 'active',
        discounts: inline(
          build.discount({
            id: 'di_sub',
            coupon: 'REPEAT3',
            customer: 'cus_1',
            subscription: 'sub_active',
            start: AT - 60 * DAY,
            end: options.subscriptionDiscountEnd ?? AT + 30 * DAY,
          }),
        ),
      }),
      build.subscription({
        id: 'sub_old',
        customer: 'cus_1',
        status: 'canceled',
        discounts: inline(
          build.discount({
            id: 'di_old',
            coupon: 'REPEAT3',
            customer: 'cus_1',
            subscription: 'sub_old',
            start: AT - 300 * DAY,
            end: AT - 200 * DAY,
          }),
        ),
      }),
    ],
  };
}

/** An event of `type` about `object`, created `ago` seconds before AT, caused by `request`. */
export function eventBefore(
  type: string,
  object: object,
  ago: number,
  request: { id: string | null; idempotency_key: string | null } | null = { id: 'req_1', idempotency_key: null },
  previous?: object,
  id = `evt_${type}_${ago}`,
) {
  return {
    id,
    object: 'event',
    api_version: '2026-10-28.clover',
    created: AT - ago,
    data: { object, ...(previous ? { previous_attributes: previous } : {}) },
    livemode: false,
    pending_webhooks: 0,
    request,
    type,
  };
}
