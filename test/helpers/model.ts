/**
 * Builders of plain internal-model objects (src/model/types.ts) for the rule tests.
 * Each builder returns a harmless object (no restriction, no limit, valid, active) that a
 * test then narrows with overrides, so every test states only the facts it is about.
 */
import type {
  Coupon,
  Customer,
  CustomerHistory,
  Discount,
  HistoryItem,
  PromotionCode,
  Restrictions,
  Subscription,
} from '../../src/model/types.js';
import { bareContext, type RedemptionContext } from '../../src/rules/context.js';
import type { Finding, ObjectEvidence, ReasonCode } from '../../src/rules/findings.js';

/** The rule tests evaluate at the one reference time of the tests (test/helpers/time.ts). */
export { AT, AT_ISO, DAY, HOUR, MINUTE } from './time.js';
import { AT, DAY } from './time.js';

export function ctx(overrides: Partial<RedemptionContext> = {}): RedemptionContext {
  return bareContext(AT, overrides);
}

export function coupon(overrides: Partial<Coupon> = {}): Coupon {
  return {
    kind: 'coupon',
    id: 'COUPON1',
    name: null,
    livemode: false,
    created: AT - 100 * DAY,
    percent_off: 20,
    amount_off: null,
    currency: null,
    currency_options: null,
    // Known to apply to every product (as read live, expanded); null would mean not in the data.
    applies_to_products: [],
    duration: 'once',
    duration_in_months: null,
    max_redemptions: null,
    times_redeemed: 0,
    redeem_by: null,
    valid: true,
    ...overrides,
  };
}

export function restrictions(overrides: Partial<Restrictions> = {}): Restrictions {
  return {
    first_time_transaction: false,
    minimum_amount: null,
    minimum_amount_currency: null,
    currency_options: {},
    ...overrides,
  };
}

export function promo(overrides: Partial<PromotionCode> = {}): PromotionCode {
  return {
    kind: 'promotion_code',
    id: 'promo_1',
    code: 'SUMMER20',
    active: true,
    livemode: false,
    created: AT - 50 * DAY,
    expires_at: null,
    max_redemptions: null,
    times_redeemed: 0,
    customer: null,
    customer_account: null,
    coupon: coupon(),
    restrictions: restrictions(),
    shape: 'promotion',
    ...overrides,
  };
}

export function discount(overrides: Partial<Discount> = {}): Discount {
  return {
    kind: 'discount',
    id: 'di_1',
    coupon: coupon(),
    promotion_code: null,
    customer: 'cus_1',
    subscription: null,
    subscription_item: null,
    invoice: null,
    invoice_item: null,
    checkout_session: null,
    start: AT - 30 * DAY,
    end: null,
    ...overrides,
  };
}

export function customer(overrides: Partial<Customer> = {}): Customer {
  return {
    kind: 'customer',
    id: 'cus_1',
    name: null,
    email: null,
    livemode: false,
    created: AT - 400 * DAY,
    discount: null,
    subscriptions: null,
    ...overrides,
  };
}

export function subscription(overrides: Partial<Subscription> = {}): Subscription {
  return { kind: 'subscription', id: 'sub_1', status: 'active', customer: 'cus_1', discounts: [], ...overrides };
}

export function history(customerId: string, items: HistoryItem[]): CustomerHistory {
  return { customer: customerId, items };
}

export const codes = (findings: readonly Finding[]): ReasonCode[] => findings.map((f) => f.code);

/** The one finding with this code; fails the test when there is none or several. */
export function only<C extends ReasonCode>(findings: readonly Finding[], code: C): Finding<C> {
  const matching = findings.filter((f) => f.code === code);
  if (matching.length !== 1) throw new Error(`expected exactly one ${code}, got [${codes(findings).join(', ')}]`);
  return matching[0] as Finding<C>;
}

/** A finding's evidence as found in the objects (not Stripe's refusal), typed for assertions. */
export function objectEvidence<C extends ReasonCode>(finding: Finding<C>): ObjectEvidence<C> {
  if ('stripe_error' in (finding.evidence as object))
    throw new Error(`${finding.code} carries Stripe's answer, not object evidence`);
  return finding.evidence as ObjectEvidence<C>;
}
