/**
 * One scenario per reason code of `check` that the API can produce (README, Reason catalogue), shared by
 * the integration tests (diagnoseCheck in process) and the end-to-end tests (the built
 * binary). Each case names the exact set of reason codes it must yield, and the requests
 * that `check` may spend on it (docs/architecture.md, Requests, cost and start-up).
 *
 * Scenarios are built by functions, after `resetBuilderIds()`, so ids and `created` do not
 * depend on test order. Every object the tests name has an explicit id.
 */
import * as build from '../support/builders.js';
import type { Scenario } from '../support/fakeStripe.js';
import { AT, DAY } from './time.js';

export interface RedemptionFlags {
  customer?: string;
  amount?: number;
  currency?: string;
  products?: string[];
}

export interface ReasonCase {
  /** The reason code this case demonstrates (the test name). */
  name: string;
  scenario: () => Scenario;
  /** `check` argument: a promo_ id or a customer-facing code. */
  target: string;
  flags: RedemptionFlags;
  /** Exactly these reason codes, in any order. */
  codes: string[];
  verdict: 'redeemable' | 'conditional' | 'not_redeemable';
  /** Requests `check` sends, and sequential round trips (docs/architecture.md, Requests, cost and start-up: at most 2). */
  requests: number;
  roundTrips: 1 | 2;
}

/** CLI flags for a case (`--customer cus_1 --amount 4000 --currency usd --product p`). */
export function cliFlags(flags: RedemptionFlags): string[] {
  const args: string[] = [];
  if (flags.customer !== undefined) args.push('--customer', flags.customer);
  if (flags.amount !== undefined) args.push('--amount', String(flags.amount));
  if (flags.currency !== undefined) args.push('--currency', flags.currency);
  for (const product of flags.products ?? []) args.push('--product', product);
  return args;
}

/** A healthy percent-off coupon and a code on it, with overrides for what a case is about. */
function single(
  couponOverrides: Parameters<typeof build.coupon>[0] = {},
  codeOverrides: build.PromotionCodeOverrides = {},
  extra: Scenario = {},
): Scenario {
  const coupon = build.coupon({ id: 'COUPON_X', ...couponOverrides });
  const code = build.promotionCode({ id: 'promo_x', code: 'SPRING', coupon: 'COUPON_X', ...codeOverrides });
  return { coupons: [coupon], promotionCodes: [code], ...extra };
}

const amountOff = { amount_off: 500, currency: 'usd', percent_off: null } as const;

export const REASON_CASES: ReasonCase[] = [
  {
    name: 'promotion_code_not_found (by customer-facing code)',
    scenario: () => single(),
    target: 'NOSUCHCODE',
    flags: {},
    codes: ['promotion_code_not_found'],
    verdict: 'not_redeemable',
    requests: 1,
    roundTrips: 1,
  },
  {
    name: 'promotion_code_not_found (by id)',
    scenario: () => single(),
    target: 'promo_missing',
    flags: {},
    codes: ['promotion_code_not_found'],
    verdict: 'not_redeemable',
    requests: 1,
    roundTrips: 1,
  },
  {
    name: 'livemode_mismatch (the id exists in live mode only)',
    scenario: () => ({ ...single(), otherModeIds: ['promo_live1'] }),
    target: 'promo_live1',
    flags: {},
    codes: ['livemode_mismatch'],
    verdict: 'not_redeemable',
    requests: 1,
    roundTrips: 1,
  },
  {
    name: 'promotion_code_inactive (archived, nothing else explains it)',
    scenario: () => single({}, { active: false }),
    target: 'promo_x',
    flags: {},
    codes: ['promotion_code_inactive'],
    verdict: 'not_redeemable',
    requests: 1,
    roundTrips: 1,
  },
  {
    name: 'promotion_code_expired',
    scenario: () => single({}, { active: false, expires_at: AT - DAY }),
    target: 'promo_x',
    flags: {},
    codes: ['promotion_code_expired'],
    verdict: 'not_redeemable',
    requests: 1,
    roundTrips: 1,
  },
  {
    name: 'promotion_code_max_redemptions_reached',
    scenario: () => single({}, { active: false, max_redemptions: 5, times_redeemed: 5 }),
    target: 'promo_x',
    flags: {},
    codes: ['promotion_code_max_redemptions_reached'],
    verdict: 'not_redeemable',
    requests: 1,
    roundTrips: 1,
  },
  {
    name: 'coupon_deleted',
    scenario: () => ({
      coupons: [{ id: 'COUPON_GONE', object: 'coupon', deleted: true }],
      promotionCodes: [build.promotionCode({ id: 'promo_x', code: 'SPRING', coupon: 'COUPON_GONE', active: false })],
    }),
    target: 'promo_x',
    flags: {},
    codes: ['coupon_deleted'],
    verdict: 'not_redeemable',
    requests: 1,
    roundTrips: 1,
  },
  {
    name: 'coupon_redeem_by_passed',
    scenario: () => single({ redeem_by: AT - DAY, valid: false }, { active: false }),
    target: 'promo_x',
    flags: {},
    codes: ['coupon_redeem_by_passed'],
    verdict: 'not_redeemable',
    requests: 1,
    roundTrips: 1,
  },
  {
    name: 'coupon_max_redemptions_reached',
    scenario: () => single({ max_redemptions: 10, times_redeemed: 10, valid: false }, { active: false }),
    target: 'promo_x',
    flags: {},
    codes: ['coupon_max_redemptions_reached'],
    verdict: 'not_redeemable',
    requests: 1,
    roundTrips: 1,
  },
  {
    name: 'coupon_invalid (valid: false, no other cause)',
    scenario: () => single({ valid: false }, { active: false }),
    target: 'promo_x',
    flags: {},
    codes: ['coupon_invalid'],
    verdict: 'not_redeemable',
    requests: 1,
    roundTrips: 1,
  },
  {
    name: 'customer_mismatch',
    scenario: () =>
      single(
        {},
        { customer: 'cus_owner' },
        { customers: [build.customer({ id: 'cus_owner' }), build.customer({ id: 'cus_other' })] },
      ),
    target: 'promo_x',
    flags: { customer: 'cus_other' },
    codes: ['customer_mismatch'],
    verdict: 'not_redeemable',
    requests: 2,
    roundTrips: 1,
  },
  {
    // Issue 20: customer.currency (https://docs.stripe.com/api/customers/object#customer_object-currency) against the order's.
    name: 'customer_currency_locked',
    scenario: () => single({}, {}, { customers: [build.customer({ id: 'cus_E', currency: 'eur' })] }),
    target: 'promo_x',
    flags: { customer: 'cus_E', currency: 'usd' },
    codes: ['customer_currency_locked'],
    verdict: 'not_redeemable',
    requests: 2,
    roundTrips: 1,
  },
  {
    name: 'restricted_to_customer (no --customer)',
    scenario: () => single({}, { customer: 'cus_owner' }, { customers: [build.customer({ id: 'cus_owner' })] }),
    target: 'promo_x',
    flags: {},
    codes: ['restricted_to_customer'],
    verdict: 'conditional',
    requests: 1,
    roundTrips: 1,
  },
  {
    name: 'customer_deleted (the redeeming customer)',
    scenario: () => single({}, {}, { customers: [build.deletedCustomer('cus_gone')] }),
    target: 'promo_x',
    flags: { customer: 'cus_gone' },
    codes: ['customer_deleted'],
    verdict: 'not_redeemable',
    requests: 2,
    roundTrips: 1,
  },
  {
    name: 'customer_deleted (the customer the code is restricted to)',
    scenario: () =>
      single(
        {},
        { customer: 'cus_gone' },
        { customers: [build.deletedCustomer('cus_gone'), build.customer({ id: 'cus_buyer' })] },
      ),
    target: 'promo_x',
    flags: { customer: 'cus_buyer' },
    codes: ['customer_deleted', 'customer_mismatch'],
    verdict: 'not_redeemable',
    requests: 2,
    roundTrips: 1,
  },
  {
    name: 'customer_has_prior_transactions',
    scenario: () =>
      single(
        {},
        { restrictions: { first_time_transaction: true } },
        {
          customers: [build.customer({ id: 'cus_repeat' })],
          charges: [build.charge({ id: 'ch_earlier', customer: 'cus_repeat' })],
        },
      ),
    target: 'promo_x',
    flags: { customer: 'cus_repeat' },
    codes: ['customer_has_prior_transactions'],
    verdict: 'not_redeemable',
    requests: 6,
    roundTrips: 2,
  },
  {
    name: 'first_time_customers_only (no --customer)',
    scenario: () => single({}, { restrictions: { first_time_transaction: true } }),
    target: 'promo_x',
    flags: {},
    codes: ['first_time_customers_only'],
    verdict: 'conditional',
    requests: 1,
    roundTrips: 1,
  },
  {
    name: 'minimum_amount_not_met',
    scenario: () => single({}, { restrictions: { minimum_amount: 5000, minimum_amount_currency: 'usd' } }),
    target: 'promo_x',
    flags: { amount: 4999, currency: 'usd' },
    codes: ['minimum_amount_not_met', 'minimum_amount_limits_surfaces'],
    verdict: 'not_redeemable',
    requests: 1,
    roundTrips: 1,
  },
  {
    name: 'minimum_amount_required (no --amount/--currency)',
    scenario: () => single({}, { restrictions: { minimum_amount: 5000, minimum_amount_currency: 'usd' } }),
    target: 'promo_x',
    flags: {},
    codes: ['minimum_amount_required', 'minimum_amount_limits_surfaces'],
    verdict: 'conditional',
    requests: 1,
    roundTrips: 1,
  },
  {
    name: 'currency_mismatch (an amount_off coupon in another currency)',
    scenario: () => single(amountOff),
    target: 'promo_x',
    flags: { amount: 4000, currency: 'gbp' },
    codes: ['currency_mismatch'],
    verdict: 'not_redeemable',
    requests: 1,
    roundTrips: 1,
  },
  {
    name: 'currency_mismatch (a minimum amount in other currencies only)',
    scenario: () => single({}, { restrictions: { minimum_amount: 5000, minimum_amount_currency: 'usd' } }),
    target: 'promo_x',
    flags: { amount: 9000, currency: 'eur' },
    codes: ['currency_mismatch', 'minimum_amount_limits_surfaces'],
    verdict: 'not_redeemable',
    requests: 1,
    roundTrips: 1,
  },
  {
    name: 'currency_restricted (an amount_off coupon, no --currency)',
    scenario: () => single(amountOff),
    target: 'promo_x',
    flags: {},
    codes: ['currency_restricted'],
    verdict: 'conditional',
    requests: 1,
    roundTrips: 1,
  },
  {
    name: 'product_not_eligible (applies_to reached through expansion)',
    scenario: () => single({ applies_to: { products: ['prod_shoes'] } }),
    target: 'promo_x',
    flags: { products: ['prod_hats'] },
    codes: ['product_not_eligible'],
    verdict: 'not_redeemable',
    requests: 1,
    roundTrips: 1,
  },
  {
    name: 'products_restricted (no --product)',
    scenario: () => single({ applies_to: { products: ['prod_shoes'] } }),
    target: 'promo_x',
    flags: {},
    codes: ['products_restricted'],
    verdict: 'conditional',
    requests: 1,
    roundTrips: 1,
  },
  {
    name: 'promotion_code_expires_soon',
    scenario: () => single({}, { expires_at: AT + 2 * DAY }),
    target: 'promo_x',
    flags: {},
    codes: ['promotion_code_expires_soon'],
    verdict: 'redeemable',
    requests: 1,
    roundTrips: 1,
  },
  {
    name: 'coupon_redeem_by_soon',
    scenario: () => single({ redeem_by: AT + 3 * DAY }),
    target: 'promo_x',
    flags: {},
    codes: ['coupon_redeem_by_soon'],
    verdict: 'redeemable',
    requests: 1,
    roundTrips: 1,
  },
  {
    name: 'promotion_code_nearly_exhausted',
    scenario: () => single({}, { max_redemptions: 10, times_redeemed: 9 }),
    target: 'promo_x',
    flags: {},
    codes: ['promotion_code_nearly_exhausted'],
    verdict: 'redeemable',
    requests: 1,
    roundTrips: 1,
  },
  {
    name: 'coupon_nearly_exhausted',
    scenario: () => single({ max_redemptions: 100, times_redeemed: 95 }),
    target: 'promo_x',
    flags: {},
    codes: ['coupon_nearly_exhausted'],
    verdict: 'redeemable',
    requests: 1,
    roundTrips: 1,
  },
  {
    name: 'nothing wrong (found by code, case-insensitively)',
    scenario: () => single(),
    target: 'spring',
    flags: { amount: 4000, currency: 'usd' },
    codes: [],
    verdict: 'redeemable',
    requests: 1,
    roundTrips: 1,
  },
];

/** Reason codes of README, Reason catalogue that `check` cannot produce (they are about existing discounts: `customer`). */
export const DISCOUNT_ONLY_CODES = ['discount_ended', 'discount_outlives_coupon'];
